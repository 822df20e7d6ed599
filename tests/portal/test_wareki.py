import datetime as dt

import pytest

from core import wareki


@pytest.mark.parametrize(
    ("day", "precision", "expected"),
    [
        (dt.date(2025, 8, 12), "day", "令和7年（2025年）8月12日"),
        (dt.date(2019, 5, 1), "day", "令和元年（2019年）5月1日"),
        (dt.date(2019, 4, 30), "day", "平成31年（2019年）4月30日"),
        (dt.date(1989, 1, 7), "day", "昭和64年（1989年）1月7日"),
        (dt.date(1989, 1, 8), "day", "平成元年（1989年）1月8日"),
        (dt.date(2018, 7, 1), "month", "平成30年（2018年）7月"),
        (dt.date(2019, 8, 1), "month", "令和元年（2019年）8月"),
        (dt.date(2008, 1, 1), "year", "平成20年（2008年）"),
        (dt.date(2025, 6, 1), "fiscal", "令和7年度（2025年度）"),
    ],
)
def test_format_date_writes_era_with_western_year(day, precision, expected):
    assert wareki.format_date(day, precision) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2019, "令和元年度（2019年度）"),  # 平成31年4月1日〜令和2年3月31日
        (2018, "平成30年度（2018年度）"),
        (1988, "昭和63年度（1988年度）"),  # the era changed in January 1989, inside it
        (1989, "平成元年度（1989年度）"),
        (2026, "令和8年度（2026年度）"),
    ],
)
def test_fiscal_year_takes_the_new_era_when_it_changes_within(year, expected):
    assert wareki.format_fiscal_year(year) == expected


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2025, 3, 31), 2024), (dt.date(2025, 4, 1), 2025), (dt.date(2026, 1, 15), 2025)],
)
def test_fiscal_year_runs_april_to_march(day, year):
    assert wareki.fiscal_year(day) == year
    start, end = wareki.fiscal_year_bounds(year)
    assert start <= day <= end


def test_range_in_one_month_does_not_repeat_year_or_month():
    assert wareki.format_range(dt.date(2016, 4, 14), dt.date(2016, 4, 16)) == "平成28年（2016年）4月14日〜16日"


def test_range_across_months_does_not_repeat_year():
    assert wareki.format_range(dt.date(2025, 7, 8), dt.date(2025, 8, 28)) == "令和7年（2025年）7月8日〜8月28日"


def test_range_across_years_repeats_the_full_date():
    assert (
        wareki.format_range(dt.date(2018, 12, 26), dt.date(2019, 1, 6))
        == "平成30年（2018年）12月26日〜平成31年（2019年）1月6日"
    )


def test_range_across_an_era_change_names_both_eras():
    assert wareki.format_range(dt.date(2019, 4, 20), dt.date(2019, 5, 6)) == (
        "平成31年（2019年）4月20日〜令和元年（2019年）5月6日"
    )


def test_month_range_is_written_with_months_only():
    assert wareki.format_range(dt.date(2023, 6, 1), dt.date(2023, 7, 1), "month") == "令和5年（2023年）6月〜7月"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-11-18", (dt.date(2015, 11, 18), "day")),
        ("2015/11/18", (dt.date(2015, 11, 18), "day")),
        ("2015-11-18 00:00:00", (dt.date(2015, 11, 18), "day")),
        ("２０１５年１１月１８日", (dt.date(2015, 11, 18), "day")),
        ("平成27年11月18日", (dt.date(2015, 11, 18), "day")),
        ("平成27年（2015年）11月18日", (dt.date(2015, 11, 18), "day")),
        ("H27.11.18", (dt.date(2015, 11, 18), "day")),
        ("令和元年5月1日", (dt.date(2019, 5, 1), "day")),
        ("R1.5.1", (dt.date(2019, 5, 1), "day")),
        ("2015-11", (dt.date(2015, 11, 1), "month")),
        ("平成27年11月", (dt.date(2015, 11, 1), "month")),
        ("昭和56年", (dt.date(1981, 1, 1), "year")),
        ("2015", (dt.date(2015, 1, 1), "year")),
        ("令和7年度", (dt.date(2025, 4, 1), "fiscal")),
        ("令和7年度（2025年度）", (dt.date(2025, 4, 1), "fiscal")),
        ("2025年度", (dt.date(2025, 4, 1), "fiscal")),
        (dt.datetime(2015, 11, 18, 0, 0), (dt.date(2015, 11, 18), "day")),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_reads_what_people_write(text, expected):
    assert wareki.parse_date(text) == expected


def test_the_portals_own_format_reads_back():
    for day, precision in [(dt.date(2019, 5, 1), "day"), (dt.date(1989, 1, 1), "month"), (dt.date(2015, 1, 1), "year")]:
        assert wareki.parse_date(wareki.format_date(day, precision)) == (day, precision)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("平成27年13月1日", "「平成27年13月1日」は存在しない日付です。"),
        ("2015-02-30", "「2015-02-30」は存在しない日付です。"),
        ("来年の春", "「来年の春」を日付として読めません。"),
    ],
)
def test_parse_date_explains_what_it_cannot_read(text, message):
    with pytest.raises(ValueError, match=message):
        wareki.parse_date(text)
