"""The about page's content and the official figures as the seed loads them."""

import datetime as dt

import pytest
from django.core.management import call_command

from portal import seed_about
from portal.models import (
    AboutSection,
    ContactPoint,
    DirectionActivity,
    DirectionItem,
    DirectionPlan,
    Goal,
    NetworkStatistic,
)

pytestmark = pytest.mark.django_db

Metric = NetworkStatistic.Metric
HEADLINE_DAY = dt.date(2026, 3, 31)


def figure(metric: str, day: dt.date) -> int:
    return NetworkStatistic.objects.get(metric=metric, as_of=day).value


def test_headline_figures_as_of_31_march_2026():
    assert figure(Metric.TOTAL, HEADLINE_DAY) == 1150
    assert figure(Metric.WARD_EXCHANGE, HEADLINE_DAY) == 857
    assert figure(Metric.MEMBERS, HEADLINE_DAY) == 393
    assert figure(Metric.FEDERATION, HEADLINE_DAY) == 372


def test_headline_figures_are_the_latest_of_each_metric():
    for metric in Metric.values:
        assert NetworkStatistic.objects.filter(metric=metric).latest("as_of").as_of == HEADLINE_DAY


def test_yearly_totals_on_1_august_of_each_fiscal_year():
    totals = list(
        NetworkStatistic.objects.filter(metric=Metric.TOTAL, as_of__month=8, as_of__day=1)
        .order_by("as_of")
        .values_list("as_of__year", "value")
    )
    assert totals == [
        (2015, 660), (2016, 878), (2017, 926), (2018, 984), (2019, 1004),
        (2020, 1035), (2021, 1096), (2022, 1105), (2023, 1117),
    ]


def test_yearly_ward_exchange_and_member_rows_cover_nine_years():
    for metric in (Metric.WARD_EXCHANGE, Metric.MEMBERS):
        assert NetworkStatistic.objects.filter(metric=metric, as_of__month=8, as_of__day=1).count() == 9
    assert figure(Metric.WARD_EXCHANGE, dt.date(2023, 8, 1)) == 815
    assert figure(Metric.MEMBERS, dt.date(2023, 8, 1)) == 317


def test_federation_row_starts_in_fiscal_2016_because_2015_was_a_dash():
    rows = NetworkStatistic.objects.filter(metric=Metric.FEDERATION, as_of__month=8, as_of__day=1)
    assert rows.count() == 8
    assert not rows.filter(as_of=dt.date(2015, 8, 1)).exists()
    assert rows.order_by("as_of").first().value == 210


def test_2015_ward_exchange_keeps_the_table_figure_and_records_564():
    row = NetworkStatistic.objects.get(metric=Metric.WARD_EXCHANGE, as_of=dt.date(2015, 8, 1))
    assert row.value == 574
    assert "564" in row.note


def test_early_member_counts_from_2016():
    assert figure(Metric.MEMBERS, dt.date(2016, 6, 7)) == 195
    assert figure(Metric.MEMBERS, dt.date(2016, 9, 1)) == 198


def test_every_figure_names_its_source():
    assert not NetworkStatistic.objects.filter(source="").exists()


def test_three_goals():
    assert list(Goal.objects.values_list("number", "text")) == [
        (1, "共存共栄による日本の元気創造"),
        (2, "相互補完による地域課題の克服"),
        (3, "信頼関係・絆の強化"),
    ]


def test_direction_plan_runs_2023_to_2026_with_14_items():
    plan = DirectionPlan.objects.get()
    assert (plan.first_fiscal_year, plan.last_fiscal_year) == (2023, 2026)
    assert list(plan.items.values_list("number", flat=True)) == list(range(1, 15))


def test_every_direction_row_covers_the_four_years_without_gaps():
    for item in DirectionItem.objects.prefetch_related("activities"):
        assert sum(a.span for a in item.activities.all()) == 4, item


def test_item_9_plans_study_in_2023_then_implementation_for_2024_to_2026():
    spans = list(
        DirectionActivity.objects.filter(item__number=9).values_list("from_fiscal_year", "to_fiscal_year", "text")
    )
    assert spans == [
        (2023, 2023, "事業等の検討"),
        (2024, 2026, "事業の実施準備、試行、実施\n関係自治体、協定締結企業との事業検討"),
    ]


def test_item_11_plans_preparation_in_2023_then_the_new_grant_for_2024_to_2026():
    spans = list(DirectionActivity.objects.filter(item__number=11).values_list("from_fiscal_year", "to_fiscal_year"))
    assert spans == [(2023, 2023), (2024, 2026)]
    assert DirectionActivity.objects.get(item__number=11, from_fiscal_year=2024).text.startswith("新たな助成金制度の実施")


def test_bullet_lists_become_one_line_each():
    assert len(DirectionActivity.objects.get(item__number=8).lines) == 4
    assert "京都府市町村絆づくりプロジェクト推進協議会" in DirectionActivity.objects.get(item__number=3).text


def test_shuisho_is_dated_16_september_2014_and_signed_by_the_kuchokai():
    shuisho = AboutSection.objects.get(slug="shuisho")
    assert shuisho.dated == dt.date(2014, 9, 16)
    assert shuisho.signed_by == "特別区長会"
    assert shuisho.body.count("\n\n") == 4
    assert "全国各地域あっての東京" in shuisho.body
    assert "あつて" not in shuisho.body


def test_purpose_section_exists_for_the_home_page():
    assert "平成26年（2014年）9月に特別区長会が立ち上げたプロジェクト" in AboutSection.objects.get(slug="purpose").body


def test_no_section_keeps_the_kyoto_misreading():
    assert not AboutSection.objects.filter(body__contains="京都市市").exists()


def test_contact_points_carry_the_latest_numbers():
    assert list(ContactPoint.objects.values_list("phone", "organization")) == [
        ("03-5210-9743", "特別区長会事務局 調査第1課 全国連携プロジェクト担当"),
        ("03-5210-9067", "公益財団法人特別区協議会 事業部事業推進課"),
    ]


def test_loading_the_seed_again_changes_nothing():
    def snapshot():
        return (
            list(AboutSection.objects.values_list("pk", "slug", "title", "body", "dated", "signed_by", "sort_order")),
            list(Goal.objects.values_list("pk", "number", "text")),
            list(DirectionPlan.objects.values_list("pk", "title", "preamble")),
            list(DirectionItem.objects.values_list("pk", "number", "title")),
            list(DirectionActivity.objects.values_list("pk", "from_fiscal_year", "to_fiscal_year", "text")),
            list(ContactPoint.objects.values_list("pk", "topic", "phone")),
            sorted(NetworkStatistic.objects.values_list("pk", "metric", "as_of", "value", "source", "note")),
        )

    before = snapshot()
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert snapshot() == before


def test_loader_refuses_a_direction_row_with_a_gap(monkeypatch):
    data = seed_about.read_yaml("about.yaml")
    data["direction_plan"]["items"][8]["activities"][1]["from"] = 2025
    monkeypatch.setattr(seed_about, "read_yaml", lambda name: data)
    with pytest.raises(seed_about.SeedError, match="項目9"):
        seed_about.load(seed_about.SeedReport())
