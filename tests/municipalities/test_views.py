"""Public pages of the wards and the municipalities directory."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from agreements.models import Federation, FederationAgreement
from events.models import Event
from municipalities.models import Area, ExchangeRelation, Membership, Municipality, Prefecture, Ward
from portal.network import views

pytestmark = pytest.mark.django_db

SAKAI, SHINAGAWA, CHIYODA = "182109", "131091", "131016"


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def directory_codes(soup: BeautifulSoup) -> list[str]:
    table = soup.find("table", class_="directory-table")
    if table is None:
        return []
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in table.select("tbody th[scope=row] a")]


def result_count(soup: BeautifulSoup) -> int:
    text = soup.find(class_="result-count").get_text()
    return int(text.split("自治体")[0].replace(",", ""))


def make_member(code: str, **fields) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        municipality_id=code, defaults={"is_active": True, **fields}
    )
    return membership


def make_federation(name: str, prefecture_code: str, members: list[str], signed_on: dt.date | None = None):
    federation = Federation.objects.create(
        name=name, slug=f"test-{abs(hash(name))}", kind=Federation.Kind.TOWNS, prefecture_id=prefecture_code,
        sort_order=900,
    )
    federation.members.set(members)
    if signed_on:
        agreement = FederationAgreement.objects.create(title=f"{name}との協定", signed_on=signed_on)
        agreement.federations.set([federation])
    return federation


def unrelated_municipalities(prefecture_code: str, n: int) -> list[Municipality]:
    """Municipalities of a prefecture that nothing links to yet (so tests own their state)."""
    return list(
        Municipality.objects.filter(prefecture_id=prefecture_code)
        .exclude(kind=Municipality.Kind.WARD)
        .filter(membership__isnull=True, federation_memberships__isnull=True)
        .filter(ward_relations__isnull=True, areas__isnull=True)
        .order_by("code")[:n]
    )


# --- URL contract -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "path", "view"),
    [
        ("municipalities:ward-list", {}, "/wards/", views.WardListView),
        ("municipalities:ward-detail", {"code": CHIYODA}, "/wards/131016/", views.WardDetailView),
        ("municipalities:list", {}, "/municipalities/", views.MunicipalityListView),
        ("municipalities:detail", {"code": SAKAI}, "/municipalities/182109/", views.MunicipalityDetailView),
    ],
)
def test_contract_urls_reverse_and_resolve_to_their_views(name, kwargs, path, view):
    assert reverse(name, kwargs=kwargs) == path
    assert resolve(path).func.view_class is view


# --- /wards/ ----------------------------------------------------------------------------------


def test_ward_list_shows_the_23_wards_in_official_order_with_links(client):
    soup = soup_of(client.get("/wards/"))
    links = soup.select("table.ward-table tbody th[scope=row] a")
    expected = list(Ward.objects.order_by("sort_order").values_list("municipality__name", "municipality_id"))
    assert len(links) == 23
    assert [(a.get_text(), a["href"]) for a in links] == [(n, f"/wards/{c}/") for n, c in expected]
    assert links[0].get_text() == "千代田区" and links[-1].get_text() == "江戸川区"


def test_ward_list_counts_partners_and_areas_from_the_database(client):
    shinagawa = Ward.objects.get(pk=SHINAGAWA)
    partners = unrelated_municipalities("15", 3)
    for m in partners:
        ExchangeRelation.objects.create(ward=shinagawa, municipality=m, kind=ExchangeRelation.Kind.EXCHANGE)
    # A second kind with the same partner counts the municipality once.
    ExchangeRelation.objects.create(ward=shinagawa, municipality=partners[0], kind=ExchangeRelation.Kind.DISASTER_AID)
    Area.objects.create(name="テスト地域", prefecture_id="15", paired_ward=shinagawa)

    soup = soup_of(client.get("/wards/"))
    row = next(tr for tr in soup.select("table.ward-table tbody tr") if tr.th.a.get_text() == "品川区")
    cells = row.find_all("td")
    relations = ExchangeRelation.objects.filter(ward=shinagawa)
    expected_partners = relations.values("municipality").distinct().count()
    expected_areas = Area.objects.filter(paired_ward=shinagawa).count()
    assert cells[0].contents[0] == f"{expected_partners:,}自治体"
    by_kind = [li.get_text() for li in cells[0].select("ul.kind-counts li")]
    assert by_kind == [
        f"{label} {relations.filter(kind=kind).count()}"
        for kind, label in ExchangeRelation.Kind.choices
        if relations.filter(kind=kind).exists()
    ]
    assert "災害時相互応援協定 1" in by_kind
    assert cells[1].get_text() == f"{expected_areas:,}地域"


def test_ward_list_query_count_does_not_grow_with_relations(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/wards/")
    budget = len(few)  # now: the connection's query log is a bounded deque
    wards = list(Ward.objects.all())
    for i, m in enumerate(unrelated_municipalities("01", 60)):
        ExchangeRelation.objects.create(ward=wards[i % 23], municipality=m, kind=ExchangeRelation.Kind.EXCHANGE)
        area = Area.objects.create(name=f"多数地域{i}", prefecture_id="01", paired_ward=wards[i % 23])
        area.municipalities.add(m)
    with django_assert_max_num_queries(budget):
        client.get("/wards/")


# --- /wards/<code>/ ---------------------------------------------------------------------------


def test_ward_detail_lists_partners_grouped_by_kind_with_wareki_since(client):
    shinagawa = Ward.objects.get(pk=SHINAGAWA)
    ExchangeRelation.objects.update_or_create(
        ward=shinagawa, municipality_id=SAKAI, kind=ExchangeRelation.Kind.EXCHANGE,
        defaults={"since": dt.date(2019, 5, 1), "description": "しながわ水族館で魅力発信"},
    )
    soup = soup_of(client.get(f"/wards/{SHINAGAWA}/"))
    assert soup.h1.get_text(strip=True).startswith("品川区")
    heading = soup.find("h3", string=lambda s: s and s.startswith("交流事業"))
    table = soup.find("table", attrs={"aria-labelledby": heading["id"]})
    row = next(tr for tr in table.tbody.find_all("tr") if tr.th.a.get_text() == "坂井市")
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    assert cells == ["福井県", "令和元年（2019年）5月1日", "しながわ水族館で魅力発信"]
    assert row.th.a["href"] == f"/municipalities/{SAKAI}/"


def test_ward_detail_groups_follow_the_order_of_relation_kinds(client):
    shinagawa = Ward.objects.get(pk=SHINAGAWA)
    a, b = unrelated_municipalities("20", 2)
    ExchangeRelation.objects.create(ward=shinagawa, municipality=a, kind=ExchangeRelation.Kind.PROJECT)
    ExchangeRelation.objects.create(
        ward=shinagawa, municipality=b, kind=ExchangeRelation.Kind.FRIENDSHIP,
        since=dt.date(1990, 4, 1), since_precision="month",
    )
    soup = soup_of(client.get(f"/wards/{SHINAGAWA}/"))
    section = soup.find("section", attrs={"aria-labelledby": "partners-heading"})
    labels = [h3.get_text().split("（")[0] for h3 in section.find_all("h3")]
    order = [label for _, label in ExchangeRelation.Kind.choices]
    assert labels == sorted(labels, key=order.index)
    assert "平成2年（1990年）4月" in section.get_text()
    assert section.find("time", attrs={"datetime": "1990-04"})


def test_ward_detail_shows_its_area_pairing_with_member_municipalities(client):
    chiyoda = Ward.objects.get(pk=CHIYODA)
    members = unrelated_municipalities("01", 3)
    area = Area.objects.create(name="テスト振興局地域", prefecture_id="01", paired_ward=chiyoda)
    area.municipalities.set(members)
    soup = soup_of(client.get(f"/wards/{CHIYODA}/"))
    section = soup.find("section", attrs={"aria-labelledby": "areas-heading"})
    assert section.find("h3", string="北海道 テスト振興局地域")
    hrefs = {a["href"] for a in section.find_all("a")}
    assert {f"/municipalities/{m.code}/" for m in members} <= hrefs


def test_ward_detail_lists_its_published_events_newest_first(client):
    shinagawa = Ward.objects.get(pk=SHINAGAWA)
    old = Event.objects.create(title="古い展示テスト", kind=Event.Kind.EXHIBITION, start_date=dt.date(2016, 7, 1))
    new = Event.objects.create(
        title="新しい講演会テスト", kind=Event.Kind.LECTURE, start_date=dt.date(2025, 8, 12), end_date=dt.date(2025, 8, 13)
    )
    hidden = Event.objects.create(title="非公開テスト", kind=Event.Kind.LECTURE, start_date=dt.date(2025, 9, 1), is_published=False)
    for event in (old, new, hidden):
        event.wards.add(shinagawa)
    soup = soup_of(client.get(f"/wards/{SHINAGAWA}/"))
    section = soup.find("section", attrs={"aria-labelledby": "events-heading"})
    titles = [a.get_text() for a in section.select("li a")]
    assert titles.index("新しい講演会テスト") < titles.index("古い展示テスト")
    assert "非公開テスト" not in titles
    item = section.find("a", string="新しい講演会テスト").parent
    assert "令和7年（2025年）8月12日〜13日" in item.get_text()
    assert "講演会・シンポジウム" in item.find(class_="badge").get_text()


def test_ward_detail_links_the_ward_website_when_set(client):
    ward = Ward.objects.get(pk=CHIYODA)
    ward.website = "https://www.city.chiyoda.lg.jp/"
    ward.save()
    soup = soup_of(client.get(f"/wards/{CHIYODA}/"))
    assert soup.find("a", href="https://www.city.chiyoda.lg.jp/")


@pytest.mark.parametrize("code", [SAKAI, "999999", "abc", "13101"])
def test_ward_detail_is_404_for_codes_that_are_not_wards(client, code):
    assert client.get(f"/wards/{code}/").status_code == 404


# --- /municipalities/ -------------------------------------------------------------------------


def test_directory_lists_only_participating_municipalities_by_default(client):
    outsider, member, related, in_area, in_federation = unrelated_municipalities("47", 5)
    make_member(member.code)
    ExchangeRelation.objects.create(ward_id=CHIYODA, municipality=related, kind=ExchangeRelation.Kind.EXCHANGE)
    Area.objects.create(name="テスト沖縄地域", prefecture_id="47").municipalities.add(in_area)
    make_federation("テスト沖縄町村会", "47", [in_federation.code])
    make_member(outsider.code, is_active=False)  # an inactive registration does not count

    codes = directory_codes(soup_of(client.get("/municipalities/", {"prefecture": "47"})))
    assert {member.code, related.code, in_area.code, in_federation.code} <= set(codes)
    assert outsider.code not in codes


def test_directory_scope_all_lists_the_whole_master_list(client):
    soup = soup_of(client.get("/municipalities/", {"scope": "all"}))
    assert result_count(soup) == Municipality.objects.count() == 1741
    assert len(directory_codes(soup)) == 50


def test_directory_row_shows_prefecture_kind_member_badge_federations_and_wards(client):
    make_member(SAKAI)
    make_federation("テスト福井県市長会", "18", [SAKAI])
    ExchangeRelation.objects.get_or_create(ward_id=SHINAGAWA, municipality_id=SAKAI, kind=ExchangeRelation.Kind.EXCHANGE)
    soup = soup_of(client.get("/municipalities/", {"q": "坂井市"}))
    row = next(tr for tr in soup.select("table.directory-table tbody tr") if tr.th.a["href"] == f"/municipalities/{SAKAI}/")
    headings = [th.get_text() for th in soup.select("table.directory-table thead th")]
    cells = dict(zip(headings[1:], row.find_all("td"), strict=True))
    # The wards come first after the name: what a clerk looking for a partner came for.
    assert headings[:2] == ["自治体", "交流する区"]
    assert cells["都道府県"].get_text() == "福井県"
    assert cells["種別"].get_text() == "市"
    assert cells["会員"].find(class_="badge").get_text() == "会員"
    assert "テスト福井県市長会" in cells["広域連携協定の締結団体"].get_text()
    assert cells["交流する区"].find("a", href=f"/wards/{SHINAGAWA}/").get_text() == "品川区"
    # On phones each row is a card whose labelled lines are the wards and the federations.
    assert cells["交流する区"]["data-label"] == "交流する区"


def test_directory_filters_by_region(client):
    soup = soup_of(client.get("/municipalities/", {"region": "shikoku", "scope": "all"}))
    expected = Municipality.objects.filter(prefecture__region="shikoku").count()
    assert result_count(soup) == expected
    assert all(c[:2] in {"36", "37", "38", "39"} for c in directory_codes(soup))


def test_directory_filters_by_prefecture(client):
    soup = soup_of(client.get("/municipalities/", {"prefecture": "18", "scope": "all"}))
    assert result_count(soup) == Municipality.objects.filter(prefecture_id="18").count()
    assert all(c.startswith("18") for c in directory_codes(soup))


def test_directory_filters_members_and_non_members(client):
    member, other = unrelated_municipalities("32", 2)
    make_member(member.code)
    ExchangeRelation.objects.create(ward_id=CHIYODA, municipality=other, kind=ExchangeRelation.Kind.EXCHANGE)
    members = directory_codes(soup_of(client.get("/municipalities/", {"prefecture": "32", "member": "yes"})))
    others = directory_codes(soup_of(client.get("/municipalities/", {"prefecture": "32", "member": "no"})))
    assert member.code in members and other.code not in members
    assert other.code in others and member.code not in others
    active = set(Membership.objects.filter(is_active=True, municipality__prefecture_id="32").values_list("municipality", flat=True))
    assert set(members) == active


def test_directory_filters_by_federation(client):
    a, b, outside = unrelated_municipalities("44", 3)
    federation = make_federation("テスト大分県町村会", "44", [a.code, b.code])
    make_member(outside.code)
    soup = soup_of(client.get("/municipalities/", {"federation": federation.pk}))
    assert set(directory_codes(soup)) == {a.code, b.code}


@pytest.mark.parametrize("query", ["坂井", "さかいし", "サカイシ", "ｻｶｲｼ", " さかい "])
def test_directory_text_search_matches_name_hiragana_and_katakana(client, query):
    soup = soup_of(client.get("/municipalities/", {"q": query, "scope": "all"}))
    assert SAKAI in directory_codes(soup)


def test_directory_text_search_narrows_to_matching_names(client):
    soup = soup_of(client.get("/municipalities/", {"q": "しながわ", "scope": "all"}))
    assert directory_codes(soup) == [SHINAGAWA]


@pytest.mark.parametrize(
    "params",
    [
        {"region": "atlantis"},
        {"prefecture": "99"},
        {"prefecture": "東京"},
        {"member": "maybe"},
        {"federation": "abc"},
        {"federation": "999999"},
        {"scope": "everything"},
        {"page": "abc"},
        {"page": "99999"},
        {"q": "あ" * 80},
    ],
)
def test_directory_bad_filter_values_answer_with_the_list_and_a_message(client, params):
    response = client.get("/municipalities/", params)
    soup = soup_of(response)
    default = result_count(soup_of(client.get("/municipalities/")))
    assert result_count(soup) == default
    if "page" not in params:
        assert soup.find(class_="filter-notice")
        assert soup.select(".filters .errorlist")


def test_directory_page_beyond_the_end_shows_the_last_page(client):
    soup = soup_of(client.get("/municipalities/", {"scope": "all", "page": "999"}))
    assert soup.select_one(".pagination [aria-current=page]").get_text() == "35"  # 1,741 / 50


def test_directory_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    many = unrelated_municipalities("01", 60)
    federation = make_federation("テスト多数町村会", "01", [many[0].code])
    make_member(many[0].code)
    requests = [{}, {"prefecture": "01"}, {"federation": federation.pk, "member": "yes", "q": "ちょう"}]
    client.get("/municipalities/")  # compute the cached map
    budgets = []
    for params in requests:
        with CaptureQueriesContext(connection) as few:
            client.get("/municipalities/", params)
        budgets.append(len(few))  # now: the connection's query log is a bounded deque

    federation.members.set(many)
    wards = list(Ward.objects.all())
    for i, m in enumerate(many):
        make_member(m.code)
        ExchangeRelation.objects.create(ward=wards[i % 23], municipality=m, kind=ExchangeRelation.Kind.EXCHANGE)
    Area.objects.create(name="テスト多数地域", prefecture_id="01", paired_ward=wards[0]).municipalities.set(many)
    client.get("/municipalities/")  # the signals cleared the map: recompute it once
    soups = []
    for params, budget in zip(requests, budgets, strict=False):
        with django_assert_max_num_queries(budget):
            soups.append(soup_of(client.get("/municipalities/", params)))
    assert len(directory_codes(soups[1])) == 50
    expected = sorted(m.code for m in many if "ちょう" in m.name_hiragana)
    assert directory_codes(soups[2]) == expected[:50]


def test_directory_query_budget_is_small(client, django_assert_max_num_queries):
    client.get("/municipalities/")
    # count, page, 3 prefetches, 2 filter selects, footer contacts, a savepoint pair; the map is cached.
    with django_assert_max_num_queries(10):
        client.get("/municipalities/", {"scope": "all"})


def test_directory_every_filter_field_is_labelled(client):
    soup = soup_of(client.get("/municipalities/"))
    form = soup.find("form", class_="filters")
    for field in form.find_all(["input", "select"]):
        assert form.find("label", attrs={"for": field["id"]}), field


def test_directory_ids_are_unique_and_headings_in_order(client):
    soup = soup_of(client.get("/municipalities/"))
    ids = [el["id"] for el in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    levels = [int(h.name[1]) for h in soup.find("main").find_all(["h1", "h2", "h3"])]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


# --- the map on the directory -----------------------------------------------------------------


def test_directory_map_has_47_tiles_linking_to_each_prefecture(client):
    soup = soup_of(client.get("/municipalities/"))
    tiles = soup.select("svg.pref-map__svg a")
    assert len(tiles) == 47
    hrefs = {a["href"] for a in tiles}
    assert hrefs == {f"/municipalities/?prefecture={p}" for p in Prefecture.objects.values_list("code", flat=True)}


def test_directory_map_counts_equal_the_database(client):
    a, b = unrelated_municipalities("36", 2)
    make_member(a.code)
    ExchangeRelation.objects.create(ward_id=CHIYODA, municipality=b, kind=ExchangeRelation.Kind.EXCHANGE)
    soup = soup_of(client.get("/municipalities/"))
    codes = (
        set(Membership.objects.filter(is_active=True).values_list("municipality", flat=True))
        | set(Federation.members.through.objects.values_list("municipality", flat=True))
        | set(ExchangeRelation.objects.values_list("municipality", flat=True))
        | set(Area.municipalities.through.objects.values_list("municipality", flat=True))
    )
    for prefecture in Prefecture.objects.all():
        expected = sum(1 for c in codes if c.startswith(prefecture.code))
        tile = soup.find("a", href=f"/municipalities/?prefecture={prefecture.code}", attrs={"aria-label": True})
        assert tile["aria-label"] == f"{prefecture.name} {expected:,}自治体"
    # The table alternative carries the same numbers.
    table = soup.select_one(".pref-map__table table")
    row = next(tr for tr in table.tbody.find_all("tr") if tr.th.get_text() == "徳島県")
    assert row.find("td", class_="num").get_text() == str(sum(1 for c in codes if c.startswith("36")))
    assert table.tfoot.td.get_text() == f"{len(codes):,}"


def test_directory_map_follows_the_list_when_filters_are_applied(client):
    unfiltered = soup_of(client.get("/municipalities/"))
    filtered = soup_of(client.get("/municipalities/", {"prefecture": "13"}))
    order = lambda soup: [s.get("id") for s in soup.find("main").find_all("section", recursive=False)]  # noqa: E731
    assert order(unfiltered) == ["map", None]
    assert order(filtered) == [None, "map"]


# --- /municipalities/<code>/ ------------------------------------------------------------------


def test_municipality_detail_shows_prefecture_kind_and_kana(client):
    soup = soup_of(client.get(f"/municipalities/{SAKAI}/"))
    assert soup.h1.get_text(" ", strip=True) == "坂井市 福井県"
    details = dict(zip([dt.get_text() for dt in soup.select("dl.details dt")], [dd.get_text() for dd in soup.select("dl.details dd")], strict=False))
    assert details["都道府県"] == "福井県（中部地方）"
    assert details["種別"] == "市"
    assert details["よみ"] == "さかいし"


def test_municipality_detail_lists_federations_with_wareki_agreement_date(client):
    make_federation("テスト坂井連合", "18", [SAKAI], signed_on=dt.date(2019, 5, 1))
    soup = soup_of(client.get(f"/municipalities/{SAKAI}/"))
    section = soup.find("section", attrs={"aria-labelledby": "federations-heading"})
    item = next(li for li in section.find_all("li") if "テスト坂井連合" in li.get_text())
    assert "令和元年（2019年）5月1日" in item.get_text()


def test_municipality_detail_lists_wards_it_works_with_and_its_areas(client):
    ExchangeRelation.objects.update_or_create(
        ward_id=SHINAGAWA, municipality_id=SAKAI, kind=ExchangeRelation.Kind.EXCHANGE,
        defaults={"since": dt.date(2020, 1, 1)},
    )
    Area.objects.create(name="テスト坂井地域", prefecture_id="18", paired_ward_id=CHIYODA).municipalities.add(SAKAI)
    soup = soup_of(client.get(f"/municipalities/{SAKAI}/"))
    section = soup.find("section", attrs={"aria-labelledby": "wards-heading"})
    row = next(tr for tr in section.select("tbody tr") if tr.th.get_text() == "品川区")
    assert row.th.a["href"] == f"/wards/{SHINAGAWA}/"
    assert [td.get_text(strip=True) for td in row.find_all("td")][:2] == ["交流事業", "令和2年（2020年）1月1日"]
    area = next(li for li in section.find_all("li") if "テスト坂井地域" in li.get_text())
    assert area.find("a", href=f"/wards/{CHIYODA}/")


def test_municipality_detail_lists_events_joined_directly_or_through_a_federation(client):
    federation = make_federation("テスト福井町村会", "18", [SAKAI])
    direct = Event.objects.create(title="坂井市の直接参加テスト", kind=Event.Kind.MARKET, start_date=dt.date(2024, 7, 8))
    direct.municipalities.add(SAKAI)
    via = Event.objects.create(title="町村会経由テスト", kind=Event.Kind.MARKET, start_date=dt.date(2025, 2, 1))
    via.federations.add(federation)
    both = Event.objects.create(title="両方テスト", kind=Event.Kind.LECTURE, start_date=dt.date(2023, 4, 1))
    both.municipalities.add(SAKAI)
    both.federations.add(federation)
    soup = soup_of(client.get(f"/municipalities/{SAKAI}/"))
    section = soup.find("section", attrs={"aria-labelledby": "events-heading"})
    items = {li.find("a").get_text(): li for li in section.find_all("li")}
    assert items["坂井市の直接参加テスト"].find(class_="participation").get_text() == "坂井市として参加"
    assert items["町村会経由テスト"].find(class_="participation").get_text() == "テスト福井町村会として参加"
    assert items["両方テスト"].find(class_="participation").get_text() == "坂井市として参加・テスト福井町村会として参加"
    titles = list(items)
    assert titles.index("町村会経由テスト") < titles.index("坂井市の直接参加テスト") < titles.index("両方テスト")


def test_municipality_detail_shows_the_public_pr_profile(client, settings):
    membership = make_member(
        SAKAI,
        registered_on=dt.date(2016, 6, 7),
        pr_text="東尋坊と丸岡城のまち。\n<script>alert('x')</script>",
        pr_video_url="https://example.jp/sakai-video",
    )
    membership.pr_pamphlet.save("sakai.pdf", SimpleUploadedFile("sakai.pdf", b"%PDF-1.4\n" + b"0" * int(1.2 * 1024 * 1024)))
    response = client.get(f"/municipalities/{SAKAI}/")
    soup = soup_of(response)
    section = soup.find("section", class_="pr-profile")
    assert section.find("h2").get_text() == "坂井市からのPR"
    paragraph = section.find(class_="pr-profile__text")
    assert paragraph.find("br") and not paragraph.find("script")
    assert "<script>alert('x')</script>" in paragraph.get_text()
    pamphlet = section.find("a", attrs={"download": True})
    assert pamphlet["href"] == membership.pr_pamphlet.url
    assert pamphlet.find_next_sibling("span").get_text() == "PDF（約1.2MB）"
    assert section.find("a", href="https://example.jp/sakai-video")
    assert soup.find(class_="badge--member")
    assert "平成28年（2016年）6月7日登録" in soup.select_one("dl.details").get_text()


def test_municipality_detail_never_shows_contact_data(client):
    make_member(
        SAKAI,
        contact_department="総合政策部秘密課",
        contact_person="連絡 花子",
        contact_email="private-contact@city.example.jp",
        contact_phone="0776-99-1234",
        pr_text="公開するPR文",
    )
    response = client.get(f"/municipalities/{SAKAI}/")
    text = response.content.decode()
    assert "公開するPR文" in text
    for secret in ("総合政策部秘密課", "連絡 花子", "private-contact@city.example.jp", "0776-99-1234"):
        assert secret not in text


def test_municipality_detail_of_inactive_member_shows_no_badge_or_pr(client):
    make_member(SAKAI, is_active=False, pr_text="もう公開しないPR")
    soup = soup_of(client.get(f"/municipalities/{SAKAI}/"))
    assert not soup.find(class_="badge--member")
    assert "もう公開しないPR" not in soup.get_text()


@pytest.mark.parametrize("code", ["999999", "abc", "18210"])
def test_municipality_detail_is_404_for_unknown_codes(client, code):
    assert client.get(f"/municipalities/{code}/").status_code == 404


def test_municipality_detail_of_a_ward_links_its_ward_page(client):
    soup = soup_of(client.get(f"/municipalities/{SHINAGAWA}/"))
    assert soup.find("a", href=f"/wards/{SHINAGAWA}/")

