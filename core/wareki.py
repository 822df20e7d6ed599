"""Japanese calendar (和暦) and fiscal year (年度) formatting.

Dates are shown as 和暦 with 西暦 in full-width parentheses (令和7年（2025年）8月12日); the first
year of an era is 元年. A 年度 runs April–March and, when an era changes inside it, takes the
name of the era in force at the end of its first calendar year, so April 2019–March 2020 is
令和元年度 while April 1988–March 1989 stays 昭和63年度.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

DAY, MONTH, YEAR, FISCAL_YEAR = "day", "month", "year", "fiscal"
PRECISION_CHOICES = [(DAY, "年月日"), (MONTH, "年月"), (YEAR, "年"), (FISCAL_YEAR, "年度")]


@dataclass(frozen=True)
class Era:
    name: str
    start: dt.date


ERAS = (
    Era("令和", dt.date(2019, 5, 1)),
    Era("平成", dt.date(1989, 1, 8)),
    Era("昭和", dt.date(1926, 12, 25)),
    Era("大正", dt.date(1912, 7, 30)),
    Era("明治", dt.date(1868, 10, 23)),
)


def era_of(day: dt.date) -> Era:
    for era in ERAS:
        if day >= era.start:
            return era
    raise ValueError(f"{day} is before the 明治 era")


def era_year_label(era: Era, year: int) -> str:
    number = year - era.start.year + 1
    return f"{era.name}{'元' if number == 1 else number}年"


def fiscal_year(day: dt.date) -> int:
    """The 年度 (April–March) a date falls in, as the Western year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def format_fiscal_year(year: int, *, western: bool = True) -> str:
    """令和7年度（2025年度）; an era change inside the 年度 gives the new era's name."""
    era = era_of(dt.date(year, 12, 31))
    label = era_year_label(era, year).removesuffix("年") + "年度"
    return f"{label}（{year}年度）" if western else label


def format_date(day: dt.date | dt.datetime | None, precision: str = DAY) -> str:
    """令和7年（2025年）8月12日, or 令和7年（2025年）8月 / 令和7年（2025年） for partial dates."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    if precision == FISCAL_YEAR:
        return format_fiscal_year(fiscal_year(day))
    probe = day if precision == DAY else day.replace(day=1) if precision == MONTH else dt.date(day.year, 12, 31)
    era = era_of(probe)
    text = f"{era_year_label(era, day.year)}（{day.year}年）"
    if precision in (DAY, MONTH):
        text += f"{day.month}月"
    if precision == DAY:
        text += f"{day.day}日"
    return text


def _tail(day: dt.date, precision: str) -> str:
    if precision == YEAR:
        return ""
    return f"{day.month}月" + (f"{day.day}日" if precision == DAY else "")


def format_range(
    start: dt.date | None,
    end: dt.date | None = None,
    precision: str = DAY,
    end_precision: str | None = None,
) -> str:
    """A date or period: 令和7年（2025年）7月8日〜8月28日; the year is not repeated when shared."""
    if start is None:
        return ""
    if precision == FISCAL_YEAR:
        return format_date(start, precision)
    end_precision = end_precision or precision
    head = format_date(start, precision)
    if end is None or (end == start and end_precision == precision):
        return head
    if end.year == start.year and era_of(end) == era_of(start):
        if end_precision == precision == DAY and end.month == start.month:
            return f"{head}〜{end.day}日"
        return f"{head}〜{_tail(end, end_precision)}"
    return f"{head}〜{format_date(end, end_precision)}"


def html_datetime(day: dt.date, precision: str) -> str:
    """A valid <time datetime> for a partial date: 2016-04-26, 2016-04 or 2016 ("" for a 年度)."""
    if precision == FISCAL_YEAR:
        return ""
    if precision == DAY:
        return day.isoformat()
    if precision == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def format_weekday(day: dt.date) -> str:
    return "月火水木金土日"[day.weekday()]


def year_label(year: int) -> str:
    """平成27年（2015年）; a year with an era change names both eras: 平成31年・令和元年（2019年）."""
    first = era_of(dt.date(year, 1, 1))
    last = era_of(dt.date(year, 12, 31))
    label = era_year_label(last, year)
    if first != last:
        label = f"{era_year_label(first, year)}・{label}"
    return f"{label}（{year}年）"


def month_day_display(*, date: dt.date, precision: str, end_date: dt.date | None, end_precision: str) -> str:
    """The part of a timeline date below its year heading: 4月26日, 11月, 4月14日〜16日."""
    if precision == FISCAL_YEAR:
        return format_fiscal_year(fiscal_year(date))
    end_precision = end_precision or precision

    def tail(day: dt.date, prec: str) -> str:
        if prec in (YEAR, FISCAL_YEAR):
            return ""
        return f"{day.month}月" + (f"{day.day}日" if prec == DAY else "")

    head = tail(date, precision)
    if end_date is None or (end_date == date and end_precision == precision):
        return head
    if end_date.year != date.year:
        return f"{head}〜{format_date(end_date, end_precision)}"
    if precision == end_precision == DAY and end_date.month == date.month:
        return f"{head}〜{end_date.day}日"
    return f"{head}〜{tail(end_date, end_precision)}"


ERA_BY_NAME = {era.name: era for era in ERAS} | {era.name[0]: era for era in ERAS}
ERA_BY_LETTER = {"R": ERAS[0], "H": ERAS[1], "S": ERAS[2], "T": ERAS[3], "M": ERAS[4]}
_ERA_YEAR = r"(?P<era>令和|平成|昭和|大正|明治|令|平|昭|[RHSTMrhstm])\s*(?P<eyear>元|\d{1,2})"
_TIME_OF_DAY = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2})?$")
_DATE_PATTERNS = [
    # 令和7年度（2025年度） / 2025年度
    (re.compile(rf"^{_ERA_YEAR}\s*年度(?:（\d{{4}}年度）)?$"), FISCAL_YEAR),
    (re.compile(r"^(?P<year>\d{4})\s*年度$"), FISCAL_YEAR),
    # 平成27年（2015年）11月18日 (the portal's own format), 平成27年11月18日, H27.11.18
    (re.compile(rf"^{_ERA_YEAR}\s*[年.\-/](?:（\d{{4}}年）)?\s*(?:(?P<month>\d{{1,2}})\s*[月.\-/]?\s*(?:(?P<day>\d{{1,2}})\s*日?)?)?$"), None),
    (re.compile(r"^(?P<year>\d{4})\s*[年.\-/]?\s*(?:(?P<month>\d{1,2})\s*[月.\-/]?\s*(?:(?P<day>\d{1,2})\s*日?)?)?$"), None),
]


def parse_date(value: object) -> tuple[dt.date, str] | None:
    """A date as people write it in a spreadsheet, with its precision; None when empty.

    2015-11-18, 2015/11/18, 2015年11月18日, 平成27年11月18日, 平成27年（2015年）11月18日, H27.11.18 (day);
    2015-11, 平成27年11月 (month); 2015, 平成27年 (year); 令和7年度, 2025年度 (fiscal year: its 1 April).
    Spreadsheet date cells (date/datetime) are days. Raises ValueError with a Japanese message otherwise.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date(), DAY
    if isinstance(value, dt.date):
        return value, DAY
    text = unicodedata.normalize("NFKC", str(value)).strip().replace("(", "（").replace(")", "）")
    text = _TIME_OF_DAY.sub("", text)  # a date cell saved as text: 2015-11-18 00:00:00
    for pattern, fixed_precision in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        parts = m.groupdict()
        if parts.get("era"):
            era = ERA_BY_NAME.get(parts["era"]) or ERA_BY_LETTER[parts["era"].upper()]
            year = era.start.year + (1 if parts["eyear"] == "元" else int(parts["eyear"])) - 1
        else:
            year = int(parts["year"])
        if fixed_precision == FISCAL_YEAR:
            return fiscal_year_bounds(year)[0], FISCAL_YEAR
        month, day = parts.get("month"), parts.get("day")
        precision = DAY if day else MONTH if month else YEAR
        try:
            date = dt.date(year, int(month or 1), int(day or 1))
        except ValueError:
            raise ValueError(f"「{value}」は存在しない日付です。") from None
        if parts.get("era") and date < era.start.replace(day=1, month=1):
            raise ValueError(f"「{value}」は{era.name}の年として正しくありません。")
        return date, precision
    raise ValueError(
        f"「{value}」を日付として読めません。2015-11-18、2015年11月、平成27年11月18日、令和7年度のように入力してください。"
    )


def iso_partial(day: dt.date | None, precision: str = DAY) -> str:
    """A partial date in ISO 8601 as far as it is known: 2016-04-26, 2016-04, 2016; "" for none.
    A 年度 (no ISO form) gives the calendar year it starts in."""
    if day is None:
        return ""
    if precision == DAY:
        return day.isoformat()
    if precision == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"
