"""The disaster seed as loaded into the database: the table, the 東日本大震災 and 能登 aid tables."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from core import wareki
from disaster_support.models import Disaster, FundContribution, ShelterSupport, StaffDispatch, SupplyDonation

pytestmark = pytest.mark.django_db

MODELS = [Disaster, FundContribution, StaffDispatch, SupplyDonation, ShelterSupport]


def great_earthquake() -> Disaster:
    return Disaster.objects.get(name="東日本大震災")


def noto() -> Disaster:
    return Disaster.objects.get(name="令和6年能登半島地震")


def test_the_disaster_table_has_32_disasters_from_heisei_20_to_reiwa_7():
    assert Disaster.objects.count() == 32
    first, last = Disaster.objects.order_by("date").first(), Disaster.objects.order_by("date").last()
    assert first.name == "平成20年岩手・宮城内陸地震" and first.date_display == "平成20年（2008年）6月14日"
    assert last.name == "令和7年台風第15号" and last.date_display == "令和7年（2025年）9月"


def test_disasters_per_year_follow_the_table():
    per_year = dict(Disaster.objects.values_list("date__year").annotate(n=Count("pk")).order_by())
    assert per_year == {
        2008: 1, 2011: 1, 2013: 1, 2016: 3, 2017: 4, 2018: 3, 2019: 3,
        2020: 1, 2021: 3, 2022: 4, 2023: 3, 2024: 3, 2025: 2,
    }


def test_a_month_only_disaster_is_shown_to_the_month():
    disaster = Disaster.objects.get(name="平成30年7月豪雨")
    assert disaster.date_precision == wareki.MONTH
    assert disaster.date_display == "平成30年（2018年）7月"


def test_day_ranges_and_month_ranges_are_kept_as_printed():
    kumamoto = Disaster.objects.get(name="平成28年熊本地震")
    assert (kumamoto.date, kumamoto.end_date) == (dt.date(2016, 4, 14), dt.date(2016, 4, 16))
    assert kumamoto.date_display == "平成28年（2016年）4月14日〜16日"
    rain = Disaster.objects.get(name__startswith="令和5年6月29日からの大雨")
    assert (rain.date_precision, rain.end_date_precision) == (wareki.MONTH, wareki.MONTH)
    assert rain.date_display == "令和5年（2023年）6月〜7月"
    assert noto().date_display == "令和6年（2024年）1月"


def test_two_earthquakes_share_a_name_but_not_a_date():
    dates = Disaster.objects.filter(name="福島県沖を震源とする地震").order_by("date").values_list("date", flat=True)
    assert list(dates) == [dt.date(2021, 2, 1), dt.date(2022, 3, 1)]


def test_every_disaster_has_a_fund_row_per_printed_recipient():
    assert not Disaster.objects.annotate(n=Count("funds")).filter(n=0).exists()
    east_typhoon = Disaster.objects.get(name="令和元年東日本台風")
    recipients = list(east_typhoon.funds.values_list("recipient", flat=True))
    assert len(recipients) == 11
    assert east_typhoon.funds.filter(federation__name__in=["群馬県市長会", "群馬県町村会", "千葉県市長会", "千葉県町村会"]).count() == 4
    assert east_typhoon.funds.filter(prefecture__isnull=False).count() == 7


def test_boso_typhoon_received_a_sympathy_payment_not_a_recovery_fund():
    boso = Disaster.objects.get(name="令和元年房総半島台風")
    assert list(boso.funds.values_list("kind", "recipient")) == [(FundContribution.Kind.SYMPATHY, "東京都島しょ部")]
    assert FundContribution.objects.filter(kind=FundContribution.Kind.SYMPATHY).count() == 1


def test_staff_and_supply_flags_follow_the_table():
    dispatched = set(Disaster.objects.filter(staff_dispatched=True).values_list("name", flat=True))
    assert dispatched == {
        "東日本大震災", "平成25年台風26号(伊豆大島土砂災害)", "平成28年熊本地震", "平成30年7月豪雨",
        "平成30年北海道胆振東部地震", "令和元年房総半島台風", "令和元年東日本台風", "令和6年能登半島地震",
    }
    supplied = set(Disaster.objects.filter(supplies_provided=True).values_list("name", flat=True))
    assert supplied == {"東日本大震災", "平成28年熊本地震", "令和元年房総半島台風", "令和元年東日本台風"}
    assert set(Disaster.objects.filter(is_continuing=True).values_list("name", flat=True)) == {"東日本大震災", "令和6年能登半島地震"}


def test_great_earthquake_funds_are_the_printed_amounts():
    funds = great_earthquake().funds
    donation = funds.get(kind=FundContribution.Kind.DONATION)
    assert (donation.amount_yen, donation.contributors) == (3_764_330_000, "32区市町")
    assert funds.get(kind=FundContribution.Kind.RECOVERY, contributors="23区共同").amount_yen == 1_000_000_000
    assert funds.aggregate(total=Sum("amount_yen"))["total"] == 4_764_330_000
    assert set(funds.filter(prefecture__isnull=False).values_list("prefecture__name", flat=True)) == {
        "岩手県", "宮城県", "福島県", "茨城県", "栃木県", "千葉県",
    }


def test_great_earthquake_dispatch_is_11_now_7214_done_7_planned_7232_in_all():
    dispatches = great_earthquake().dispatches
    by_status = dict(dispatches.values_list("status").annotate(n=Sum("people")).order_by())
    assert by_status == {"current": 11, "done": 7214, "planned": 7}
    assert dispatches.aggregate(n=Sum("people"))["n"] == 7232
    assert great_earthquake().dispatch_scope == "54区市町村"


def test_great_earthquake_shelters_housing_and_parking():
    rows = {s.kind: s for s in great_earthquake().shelters.all()}
    shelter, housing, parking = rows["shelter"], rows["housing"], rows["parking"]
    assert (shelter.quantity, shelter.places, shelter.is_finished) == (4067, 37, True)
    assert (housing.quantity, housing.unit, housing.current_quantity, housing.is_finished) == (410, "戸", 11, False)
    assert (parking.quantity, parking.unit, parking.is_finished) == (1213, "台分", True)


def test_great_earthquake_supplies_are_20_items_to_the_unit():
    supplies = great_earthquake().supplies
    assert supplies.count() == 20
    quantities = {s.item: (s.quantity, s.unit) for s in supplies.all()}
    assert quantities["主食類"] == (Decimal("289164"), "食")
    assert quantities["白米"] == (Decimal("11471"), "kg")
    assert quantities["飲料水"] == (Decimal("104451"), "ℓ")
    assert quantities["マスク"] == (Decimal("706468"), "枚")
    assert quantities["ガソリン"] == (Decimal("320"), "ℓ")
    assert quantities["トイレットペーパー"] == (Decimal("18841"), "巻")
    assert quantities["カセットガス"] == (Decimal("507"), "個")
    categories = list(dict.fromkeys(supplies.values_list("category", flat=True)))
    assert categories == ["食糧類", "乳幼児用品、衛生用品等", "燃料類", "防寒用品", "避難所用品"]
    food = supplies.filter(category="食糧類", unit="食").aggregate(n=Sum("quantity"))["n"]
    assert food == 289164 + 233703


def test_noto_dispatch_is_9_rows_summing_to_234():
    dispatches = noto().dispatches
    assert dispatches.count() == 9
    assert dispatches.aggregate(n=Sum("people"))["n"] == 234
    by_term = dict(dispatches.values_list("term").annotate(n=Sum("people")).order_by())
    assert by_term == {"short": 229, "long": 5}


def test_noto_destinations_are_linked_to_the_master_list_except_the_metropolitan_office():
    dispatches = noto().dispatches.select_related("destination_municipality")
    linked = {d.destination: d.destination_municipality.code for d in dispatches if d.destination_municipality}
    assert linked == {
        "石川県輪島市": "172049", "石川県金沢市": "172014", "石川県七尾市": "172022",
        "石川県志賀町": "173843", "石川県内灘町": "173657",
    }
    assert dispatches.get(destination="東京都庁").destination_municipality is None
    assert dispatches.filter(destination_municipality__code="172049").aggregate(n=Sum("people"))["n"] == 68 + 27 + 3 + 2


def test_noto_recovery_fund_is_38_million_yen():
    fund = noto().funds.get(contributors="23区共同")
    assert (fund.kind, fund.amount_yen) == (FundContribution.Kind.RECOVERY, 38_000_000)
    assert noto().funds.filter(amount_yen__isnull=True).count() == 3


def test_every_disaster_is_dated_as_of_reiwa_8_march_31():
    assert set(Disaster.objects.values_list("as_of", flat=True)) == {dt.date(2026, 3, 31)}


def test_loading_the_seed_again_changes_nothing():
    def snapshot():
        return {
            model.__name__: sorted(model.objects.values_list(*[f.attname for f in model._meta.concrete_fields]))
            for model in MODELS
        }

    before = snapshot()
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert snapshot() == before
