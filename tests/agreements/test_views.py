"""/agreements/: federations with computed member counts, corporate partners, area ↔ ward pairings."""

import datetime as dt
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.db.models import Count

from agreements.models import CorporatePartner, Federation, FederationAgreement, FederationMembership
from municipalities.models import Area, Municipality, Prefecture, Ward

pytestmark = pytest.mark.django_db


def get_main(client) -> BeautifulSoup:
    response = client.get("/agreements/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def federation_rows(main: BeautifulSoup) -> dict[str, list]:
    table = main.select_one("table.federation-table")
    return {tr.th.a.contents[0].strip(): tr for tr in table.select("tbody tr")}


def make_federation(name: str, prefecture_code: str, members: int, sort_order: int) -> Federation:
    federation = Federation.objects.create(
        name=name, slug=f"test-{sort_order}", kind=Federation.Kind.TOWNS, prefecture_id=prefecture_code,
        sort_order=sort_order,
    )
    taken = FederationMembership.objects.values("municipality")
    for municipality in Municipality.objects.filter(prefecture_id=prefecture_code).exclude(pk__in=taken)[:members]:
        FederationMembership.objects.create(federation=federation, municipality=municipality)
    return federation


def test_every_federation_is_listed_with_its_member_count_from_the_database(client):
    make_federation("試験県町村会", "46", members=5, sort_order=900)
    rows = federation_rows(get_main(client))
    counts = dict(Federation.objects.annotate(n=Count("memberships")).values_list("name", "n"))
    assert set(rows) == set(counts)
    for name, tr in rows.items():
        assert tr.select_one("td.num").get_text() == f"{counts[name]:,}"


def test_total_row_counts_prefectures_federations_and_members(client):
    make_federation("試験県町村会", "46", members=3, sort_order=900)
    footer = get_main(client).select_one("table.federation-table tfoot tr")
    prefectures = Federation.objects.values("prefecture").distinct().count()
    federations = Federation.objects.count()
    members = FederationMembership.objects.count()
    cells = footer.find_all("td")
    assert cells[0].get_text() == f"{prefectures}道府県{federations}団体"
    assert cells[1].get_text() == f"{members:,}"


def test_seeded_federations_add_up_to_the_printed_totals(client):
    if not Federation.objects.exists():
        pytest.skip("agreements seed not loaded")
    footer = get_main(client).select_one("table.federation-table tfoot tr")
    assert [td.get_text() for td in footer.find_all("td")] == ["9道府県13団体", "372"]


def test_federation_name_links_to_its_corner(client):
    make_federation("試験県町村会", "46", members=1, sort_order=900)
    link = federation_rows(get_main(client))["試験県町村会"].th.a
    assert client.get(link["href"]).status_code == 200
    assert link["href"] == "/agreements/test-900/"


def test_one_signing_for_two_federations_shows_one_date_spanning_both_rows(client):
    first = make_federation("試験県市長会", "46", members=1, sort_order=900)
    second = make_federation("試験県町村会", "46", members=1, sort_order=901)
    agreement = FederationAgreement.objects.create(title="試験県との協定", signed_on=dt.date(2030, 4, 26))
    agreement.federations.set([first, second])
    rows = federation_rows(get_main(client))
    date_cell = rows["試験県市長会"].find_all("td")[0]
    assert date_cell["rowspan"] == "2"
    assert date_cell.time.get_text() == "令和12年（2030年）4月26日"
    assert len(rows["試験県町村会"].find_all("td")) == 1  # only the count: the date is spanned


def test_separate_signings_on_the_same_day_keep_their_own_date_cells(client):
    first = make_federation("試験県市長会", "46", members=1, sort_order=900)
    second = make_federation("試験県町村会", "46", members=1, sort_order=901)
    for federation in (first, second):
        FederationAgreement.objects.create(title="協定", signed_on=dt.date(2030, 4, 26)).federations.set([federation])
    rows = federation_rows(get_main(client))
    assert not rows["試験県市長会"].find_all("td")[0].has_attr("rowspan")
    assert rows["試験県町村会"].time.get_text() == "令和12年（2030年）4月26日"


def test_federation_date_is_its_first_agreement_in_wareki(client):
    federation = make_federation("試験県町村会", "46", members=1, sort_order=900)
    FederationAgreement.objects.create(title="改定", signed_on=dt.date(2031, 1, 1)).federations.set([federation])
    FederationAgreement.objects.create(title="締結", signed_on=dt.date(2019, 10, 26)).federations.set([federation])
    row = federation_rows(get_main(client))["試験県町村会"]
    assert row.time.get_text() == "令和元年（2019年）10月26日"


def test_corporate_partners_show_former_name_date_and_initiatives(client):
    CorporatePartner.objects.create(
        name="試験保険株式会社", former_name="旧試験保険株式会社", signed_on=dt.date(2019, 5, 31),
        initiatives="健康づくり\n地域の見守り", sort_order=99,
    )
    table = get_main(client).select_one("table.partner-table")
    names = [tr.th.get_text(" ", strip=True) for tr in table.select("tbody tr")]
    assert len(names) == CorporatePartner.objects.count()
    row = next(tr for tr in table.select("tbody tr") if "試験保険株式会社" in tr.th.get_text())
    assert "旧名称：旧試験保険株式会社" in row.th.get_text()
    assert row.time.get_text() == "令和元年（2019年）5月31日"
    assert [li.get_text() for li in row.select("li")] == ["健康づくり", "地域の見守り"]


def test_area_pairings_link_to_the_ward_pages(client):
    ward = Ward.objects.get(municipality__name="荒川区")
    Area.objects.update_or_create(prefecture=Prefecture.objects.get(name="北海道"), name="試験地域", defaults={"paired_ward": ward})
    table = get_main(client).select_one("table.area-table")
    assert len(table.select("tbody tr")) == Area.objects.count()
    row = next(tr for tr in table.select("tbody tr") if "試験地域" in tr.th.get_text())
    assert row.find("a")["href"] == "/wards/131181/"
    assert row.find("a").get_text() == "荒川区"


def test_page_structure_is_valid(client):
    soup = BeautifulSoup(client.get("/agreements/").content, "html.parser")
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []
    for table in soup.find("main").find_all("table"):
        assert table.caption is not None
        assert all(th.has_attr("scope") for th in table.find_all("th"))
    levels = [int(h.name[1]) for h in soup.find("main").find_all(["h1", "h2", "h3"])]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_query_count_does_not_grow_with_federations(client, django_assert_max_num_queries):
    for n in range(60):
        federation = Federation.objects.create(name=f"試験会{n}", slug=f"test-{n}", kind=Federation.Kind.TOWNS, prefecture_id="47", sort_order=1000 + n)
        FederationAgreement.objects.create(title=f"協定{n}", signed_on=dt.date(2030, 1, 1)).federations.set([federation])
        CorporatePartner.objects.create(name=f"試験企業{n}", signed_on=dt.date(2030, 1, 1))
    # Federations (annotated) + their agreements, partners, areas, footer contacts; the request's transaction.
    with django_assert_max_num_queries(7):
        response = client.get("/agreements/")
    assert response.status_code == 200
