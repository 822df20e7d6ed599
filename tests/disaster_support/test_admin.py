"""The Secretariat's admin for disasters and their support records."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from disaster_support.models import Disaster, FundContribution, ShelterSupport, StaffDispatch, SupplyDonation

pytestmark = pytest.mark.django_db

MODELS = [Disaster, FundContribution, StaffDispatch, SupplyDonation, ShelterSupport]


def url(model, action: str, *args) -> str:
    return reverse(f"admin:disaster_support_{model._meta.model_name}_{action}", args=args)


def rows_of(response) -> dict[str, dict[str, str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        tr.select_one("th").get_text(strip=True) + "|" + tr.select_one("td.field-date_label").get_text(strip=True): {
            td["class"][0].removeprefix("field-"): td.get_text(strip=True) for td in tr.select("td[class^=field-]")
        }
        for tr in soup.select("#result_list tbody tr")
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_load_for_the_secretariat(secretariat_client, model):
    assert secretariat_client.get(url(model, "changelist")).status_code == 200
    assert secretariat_client.get(url(model, "add")).status_code == 200
    obj = model.objects.order_by("pk").first()
    assert secretariat_client.get(url(model, "change", obj.pk)).status_code == 200


def test_disaster_changelist_shows_dates_kinds_and_people_without_a_query_per_row(
    secretariat_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = secretariat_client.get(url(Disaster, "changelist"))
    rows = rows_of(response)
    assert len(rows) == Disaster.objects.count()
    great = rows["東日本大震災|平成23年（2011年）3月11日"]
    assert great["support_kinds"] == "義援金・復興支援金・職員派遣・支援物資等・避難所等"
    assert great["people_dispatched"] == "7,232人"
    assert rows["令和6年能登半島地震|令和6年（2024年）1月"]["people_dispatched"] == "234人"
    assert rows["令和元年房総半島台風|令和元年（2019年）9月"]["support_kinds"] == "見舞金・職員派遣・支援物資等"
    names = [key.split("|")[0] for key in rows]
    assert names == list(Disaster.objects.order_by("-date", "-pk").values_list("name", flat=True))


def test_disaster_changelist_filters_by_year_and_kind_of_support(secretariat_client):
    rows = rows_of(secretariat_client.get(url(Disaster, "changelist") + "?year=2016"))
    assert len(rows) == Disaster.objects.filter(date__year=2016).count() == 3
    rows = rows_of(secretariat_client.get(url(Disaster, "changelist") + "?support=staff"))
    assert len(rows) == Disaster.objects.filter(staff_dispatched=True).count() == 8
    rows = rows_of(secretariat_client.get(url(Disaster, "changelist") + "?date_precision=month"))
    assert len(rows) == Disaster.objects.filter(date_precision="month").count()


def test_disaster_search_finds_a_recipient(secretariat_client):
    rows = rows_of(secretariat_client.get(url(Disaster, "changelist") + "?q=鳥取県"))
    assert [key.split("|")[0] for key in rows] == ["平成28年鳥取県中部を震源とする地震"]


def test_disaster_change_page_has_every_support_record_inline(secretariat_client):
    disaster = Disaster.objects.get(name="東日本大震災")
    soup = BeautifulSoup(secretariat_client.get(url(Disaster, "change", disaster.pk)).content, "html.parser")
    totals = {
        prefix: soup.select_one(f"#id_{prefix}-TOTAL_FORMS")["value"]
        for prefix in ("funds", "dispatches", "supplies", "shelters")
    }
    assert totals == {
        "funds": str(disaster.funds.count()), "dispatches": "3", "supplies": "20", "shelters": "3",
    }
    # 1,741 municipalities: never a plain <select> of all of them, an autocomplete instead.
    for select in soup.select("select[name$=destination_municipality]"):
        assert "admin-autocomplete" in select["class"]
        assert len(select.find_all("option")) <= 2


def test_supply_changelist_shows_quantities_with_units(secretariat_client):
    soup = BeautifulSoup(secretariat_client.get(url(SupplyDonation, "changelist") + "?q=マスク").content, "html.parser")
    assert soup.select_one("td.field-quantity_label").get_text() == "706,468枚"


def disaster_post(**fields: str) -> dict[str, str]:
    data = {
        "name": "試験の大雨", "date": "2025-10-15", "date_precision": "month", "end_date": "",
        "end_date_precision": "", "support_summary": "復興支援金の提供(試験県)", "summary": "",
        "dispatch_scope": "", "supplies_scope": "", "supplies_note": "", "as_of": "", "source": "",
    }
    for prefix in ("funds", "dispatches", "supplies", "shelters"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                 f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    return data | fields


def test_a_month_precision_disaster_added_in_the_admin_is_stored_on_the_first_and_shown_to_the_month(secretariat_client):
    response = secretariat_client.post(url(Disaster, "add"), disaster_post())
    assert response.status_code == 302
    disaster = Disaster.objects.get(name="試験の大雨")
    assert disaster.date.day == 1
    assert disaster.date_display == "令和7年（2025年）10月"


def test_a_period_ending_before_it_starts_is_refused_in_japanese(secretariat_client):
    response = secretariat_client.post(
        url(Disaster, "add"), disaster_post(date="2025-10-15", date_precision="day", end_date="2025-10-10")
    )
    assert response.status_code == 200
    assert "終了日は発生日より後の日付にしてください。" in response.content.decode()
    assert not Disaster.objects.filter(name="試験の大雨").exists()
