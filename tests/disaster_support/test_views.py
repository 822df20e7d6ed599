"""/disaster-support/ and /disaster-support/<pk>/: disasters, totals from the database, aid tables."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db.models import Sum

from core import wareki
from disaster_support.models import Disaster, FundContribution, ShelterSupport, StaffDispatch, SupplyDonation
from disaster_support.templatetags.disaster_support import format_yen

pytestmark = pytest.mark.django_db


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def figures(main: BeautifulSoup) -> dict[str, str]:
    return {
        fig.dt.get_text(strip=True): fig.dd.get_text(strip=True) for fig in main.select(".figure")
    }


def make_great_earthquake() -> Disaster:
    """A disaster shaped like 東日本大震災 in the pamphlet (status totals, supplies, shelters)."""
    disaster = Disaster.objects.create(
        name="試験用の大震災", date=dt.date(2011, 3, 11), staff_dispatched=True, supplies_provided=True,
        support_summary="職員派遣・支援物資等の提供", dispatch_scope="54区市町村", supplies_scope="50区市町村",
        supplies_note="上表の他、マット等の支援も実施。", as_of=dt.date(2026, 3, 31), is_continuing=True,
    )
    FundContribution.objects.create(disaster=disaster, kind=FundContribution.Kind.DONATION, contributors="32区市町", amount_yen=3_764_330_000)
    FundContribution.objects.create(disaster=disaster, kind=FundContribution.Kind.RECOVERY, contributors="23区共同", amount_yen=1_000_000_000)
    FundContribution.objects.create(disaster=disaster, kind=FundContribution.Kind.RECOVERY, recipient="試験県")
    for status, people in [("current", 11), ("done", 7214), ("planned", 7)]:
        StaffDispatch.objects.create(disaster=disaster, status=status, people=people)
    for n, (category, item, quantity, unit) in enumerate([
        ("食糧類", "主食類", "289164", "食"), ("食糧類", "白米", "11471", "kg"), ("燃料類", "ガソリン", "320.5", "ℓ"),
    ]):
        SupplyDonation.objects.create(disaster=disaster, category=category, item=item, quantity=Decimal(quantity), unit=unit, sort_order=n)
    ShelterSupport.objects.create(disaster=disaster, kind=ShelterSupport.Kind.SHELTER, quantity=4067, places=37, is_finished=True)
    ShelterSupport.objects.create(disaster=disaster, kind=ShelterSupport.Kind.HOUSING, quantity=410, unit="戸", current_quantity=11)
    return disaster


def make_peninsula_earthquake() -> Disaster:
    """A disaster shaped like 能登半島地震: dispatch by term → task → destination."""
    disaster = Disaster.objects.create(
        name="試験用の半島地震", date=dt.date(2024, 1, 1), date_precision=wareki.MONTH, staff_dispatched=True
    )
    FundContribution.objects.create(disaster=disaster, kind=FundContribution.Kind.RECOVERY, contributors="23区共同", amount_yen=38_000_000)
    rows = [
        ("short", "(1) り災証明書発行の受付等業務", "石川県輪島市", 68),
        ("short", "(2) 避難所における健康管理等業務", "石川県金沢市", 66),
        ("long", "(8) 公費解体等に係る業務", "石川県輪島市", 3),
        ("long", "(9) 一般事務", "石川県輪島市", 2),
    ]
    for n, (term, task, destination, people) in enumerate(rows):
        StaffDispatch.objects.create(disaster=disaster, term=term, task=task, destination=destination, people=people, sort_order=n)
    return disaster


# --- The yen filter ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (3_764_330_000, "37億6,433万円"),
        (1_000_000_000, "10億円"),
        (38_000_000, "3,800万円"),
        (12_345, "1万2,345円"),
        (5_000, "5,000円"),
        (0, "0円"),
        (None, ""),
    ],
)
def test_yen_is_written_with_oku_and_man(amount, text):
    assert format_yen(amount) == text


# --- List -----------------------------------------------------------------------------------------


def test_list_totals_equal_the_database_aggregates(client):
    make_great_earthquake()
    make_peninsula_earthquake()
    main = soup_of(client.get("/disaster-support/")).find("main")
    shown = figures(main)
    people = StaffDispatch.objects.aggregate(n=Sum("people"))["n"]
    funds = FundContribution.objects.aggregate(n=Sum("amount_yen"))["n"]
    assert shown["支援した災害"] == f"{Disaster.objects.count():,}件"
    assert shown["派遣した職員（延べ人数）"] == f"{people:,}人"
    assert shown["義援金・復興支援金・見舞金（金額の判明分）"] == format_yen(funds)


def test_people_are_not_counted_twice_when_a_cumulative_figure_repeats_the_tasks(client):
    before = figures(soup_of(client.get("/disaster-support/")).find("main"))["派遣した職員（延べ人数）"]
    disaster = make_peninsula_earthquake()
    tasks = disaster.dispatches.aggregate(n=Sum("people"))["n"]
    StaffDispatch.objects.create(disaster=disaster, status=StaffDispatch.Status.CUMULATIVE, people=tasks)
    after = figures(soup_of(client.get("/disaster-support/")).find("main"))["派遣した職員（延べ人数）"]
    as_int = lambda text: int(text.removesuffix("人").replace(",", ""))  # noqa: E731
    assert as_int(after) - as_int(before) == tasks
    main = soup_of(client.get(disaster.get_absolute_url())).find("main")
    assert f"累計：{tasks}人" in main.get_text()


def test_list_shows_every_disaster_newest_first_with_links_and_badges(client):
    great = make_great_earthquake()
    make_peninsula_earthquake()
    main = soup_of(client.get("/disaster-support/")).find("main")
    items = main.select("ul.disaster-list > li")
    expected = list(Disaster.objects.order_by("-date", "-pk"))
    assert [li.select_one("a.disaster-list__name")["href"] for li in items] == [d.get_absolute_url() for d in expected]
    item = next(li for li in items if li.a.get_text() == great.name)
    assert [b.get_text() for b in item.select(".badge")] == ["職員派遣", "支援物資"]
    assert item.select_one(".disaster-list__date").get_text() == "3月11日"
    assert item.find_parent("section").h3.get_text() == "平成23年（2011年）"


def test_list_groups_disasters_by_year_with_wareki_headings(client):
    make_great_earthquake()
    make_peninsula_earthquake()
    main = soup_of(client.get("/disaster-support/")).find("main")
    headings = [h.get_text() for h in main.select("section.disaster-year > h3")]
    years = sorted({d.year for d in Disaster.objects.values_list("date", flat=True)}, reverse=True)
    assert len(headings) == len(years)
    assert "令和6年（2024年）" in headings and "平成23年（2011年）" in headings


def test_list_highlights_disasters_still_supported(client):
    great = make_great_earthquake()
    main = soup_of(client.get("/disaster-support/")).find("main")
    continuing = [a.get_text() for a in main.select(".continuing-list a")]
    assert great.name in continuing
    assert continuing == list(Disaster.objects.filter(is_continuing=True).order_by("-date", "-pk").values_list("name", flat=True))


def test_list_query_count_does_not_grow_with_disasters(client, django_assert_max_num_queries):
    for n in range(60):
        disaster = Disaster.objects.create(name=f"試験災害{n}", date=dt.date(2000, 1, 1) + dt.timedelta(days=n))
        StaffDispatch.objects.create(disaster=disaster, people=n)
        FundContribution.objects.create(disaster=disaster, kind=FundContribution.Kind.SYMPATHY, amount_yen=n * 10_000)
    # Disasters, three aggregates, footer contacts; the request's transaction.
    with django_assert_max_num_queries(7):
        response = client.get("/disaster-support/")
    assert len(soup_of(response).select("ul.disaster-list > li")) == Disaster.objects.count()


# --- Detail ---------------------------------------------------------------------------------------


def test_detail_shows_status_totals_like_the_pamphlet(client):
    disaster = make_great_earthquake()
    main = soup_of(client.get(disaster.get_absolute_url())).find("main")
    table = main.select_one("table.status-table")
    rows = {tr.th.get_text(): tr.td.get_text() for tr in table.select("tbody tr, tfoot tr")}
    assert rows == {
        "現在派遣中": "11人", "既派遣": "7,214人", "今後派遣予定": "7人", "派遣数計（予定含む）": "7,232人",
    }
    assert "（54区市町村）" in main.find(id="dispatch-heading").get_text()


def test_detail_shows_dispatch_by_term_with_subtotals_and_total(client):
    disaster = make_peninsula_earthquake()
    main = soup_of(client.get(disaster.get_absolute_url())).find("main")
    table = main.select_one("table.dispatch-table")
    groups = table.find_all("tbody")
    assert [g.find("th", scope="rowgroup").get_text() for g in groups] == ["短期派遣", "中長期派遣"]
    assert groups[0].find("th", scope="rowgroup")["rowspan"] == "3"  # two tasks + the subtotal
    subtotals = [g.select_one("tr.subtotal td").get_text() for g in groups]
    assert subtotals == ["134人", "5人"]
    assert table.tfoot.td.get_text() == f"{disaster.dispatches.aggregate(n=Sum('people'))['n']}人"
    first = groups[0].find_all("tr")[0]
    assert first.find("th", scope="row").get_text() == "(1) り災証明書発行の受付等業務"
    assert [td.get_text() for td in first.find_all("td")] == ["石川県輪島市", "68人"]


def test_detail_funds_table_uses_yen_and_totals_known_amounts(client):
    disaster = make_great_earthquake()
    main = soup_of(client.get(disaster.get_absolute_url())).find("main")
    table = main.select_one("table.funds-table")
    amounts = [tr.select_one("td.num").get_text(strip=True) for tr in table.select("tbody tr")]
    assert amounts[:2] == ["37億6,433万円", "10億円"]
    assert amounts[2].startswith("―")
    assert table.tfoot.td.get_text() == "47億6,433万円"
    assert "金額の判明分" in table.tfoot.th.get_text()


def test_detail_supplies_are_grouped_by_category_with_units(client):
    disaster = make_great_earthquake()
    main = soup_of(client.get(disaster.get_absolute_url())).find("main")
    table = main.select_one("table.supply-table")
    groups = table.find_all("tbody")
    assert [(g.find("th", scope="rowgroup").get_text(), g.find("th", scope="rowgroup").get("rowspan")) for g in groups] == [
        ("食糧類", "2"), ("燃料類", "1"),
    ]
    quantities = {tr.find("th", scope="row").get_text(): tr.td.get_text() for tr in table.select("tbody tr")}
    assert quantities == {"主食類": "289,164食", "白米": "11,471kg", "ガソリン": "320.5ℓ"}
    assert "マット" in main.find(id="supplies-heading").find_parent("section").get_text()


def test_detail_shows_shelters_housing_and_their_state(client):
    disaster = make_great_earthquake()
    main = soup_of(client.get(disaster.get_absolute_url())).find("main")
    rows = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")] for tr in main.select("table.shelter-table tbody tr")}
    assert rows["避難所の提供"] == ["4,067（37か所）", "終了"]
    assert rows["避難住宅の提供"] == ["410戸", "現在11戸"]


def test_detail_of_an_unknown_disaster_is_404(client):
    missing = (Disaster.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    assert client.get(f"/disaster-support/{missing}/").status_code == 404


def test_detail_of_a_disaster_without_aid_rows_still_renders(client):
    disaster = Disaster.objects.create(name="支援記録のない災害", date=dt.date(2019, 9, 1), date_precision=wareki.MONTH)
    main = soup_of(client.get(disaster.get_absolute_url())).find("main")
    assert main.h1.get_text() == "支援記録のない災害"
    assert "令和元年（2019年）9月" in main.select_one("dl.details").get_text()


def test_detail_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    disaster = make_peninsula_earthquake()
    for n in range(60):
        StaffDispatch.objects.create(disaster=disaster, term="short", task=f"業務{n}", destination="試験市", people=1)
        SupplyDonation.objects.create(disaster=disaster, category=f"分類{n % 5}", item=f"品目{n}", quantity=Decimal(n), unit="個")
        FundContribution.objects.create(disaster=disaster, kind=FundContribution.Kind.RECOVERY, recipient=f"試験県{n}", amount_yen=1)
        ShelterSupport.objects.create(disaster=disaster, kind=ShelterSupport.Kind.PARKING, quantity=n, unit="台")
    # The disaster, its four aid tables, footer contacts; the request's transaction.
    with django_assert_max_num_queries(8):
        response = client.get(disaster.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/disaster-support/", "detail"])
def test_pages_have_valid_structure(client, path):
    if path == "detail":
        path = make_great_earthquake().get_absolute_url()
    soup = soup_of(client.get(path))
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []
    main = soup.find("main")
    for table in main.find_all("table"):
        assert table.caption is not None
        assert all(th.has_attr("scope") for th in table.find_all("th"))
    levels = [int(h.name[1]) for h in main.find_all(["h1", "h2", "h3"])]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
