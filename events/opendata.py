"""The public events as the 自治体標準オープンデータセット 「イベント一覧」 (デジタル庁).

Columns, in the definition's order (the same 32 columns as the former 推奨データセット); dates are
YYYY-MM-DD, times hh:mm, coordinates decimal degrees (世界測地系), fees in yen. One row per published
event. The first column is the organiser's 全国地方公共団体コード: the organising municipality's when
the event names one, otherwise the code in settings.OPENDATA_ORGANIZER (特別区長会, which has no
団体コード of its own; see docs/opendata.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from events.models import Event

EVENT_COLUMNS = [
    "都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "イベント名", "イベント名_カナ", "イベント名_英語",
    "開始日", "終了日", "開始時間", "終了時間", "開始日時特記事項", "説明", "料金(基本)", "料金(詳細)", "連絡先名称",
    "連絡先電話番号", "連絡先内線番号", "主催者", "場所名称", "住所", "方書", "緯度", "経度", "アクセス方法", "駐車場情報",
    "定員", "参加申込終了日", "参加申込終了時間", "参加申込方法", "URL", "備考",
]
# Numbers in the JSON file (strings in the CSV file, as every CSV value).
NUMERIC_COLUMNS = frozenset({"料金(基本)", "緯度", "経度", "定員"})


def open_data_events() -> QuerySet[Event]:
    """Every published event, oldest first, with what a row needs (one query)."""
    return (
        Event.objects.filter(is_published=True)
        .select_related("organizer_municipality__prefecture")
        .order_by("start_date", "pk")
    )


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _time(moment: dt.time | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


def _number(value: int | Decimal | None) -> int | float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def event_record(event: Event, *, site_url: str) -> dict[str, object]:
    """One row of イベント一覧 for an event (numbers as numbers, None where unknown)."""
    organizer = event.organizer_municipality
    if organizer is not None:
        code, prefecture, city = organizer.code, organizer.prefecture.name, organizer.name
        default_organizer = organizer.name
    else:
        publisher = settings.OPENDATA_ORGANIZER
        code, prefecture, city = publisher["code"], publisher["prefecture"], publisher["city"]
        default_organizer = publisher["name"]
    # A date known only to the month or year has no YYYY-MM-DD: the columns stay empty and the
    # note says when it was (a made-up first day would be a wrong fact in the data).
    exact = event.date_precision == "day"
    notes = [] if exact else [f"開催時期：{event.date_display}（日付は不明）"]
    if event.schedule_note:
        notes.append(event.schedule_note)
    remarks = [f"種類：{event.get_kind_display()}"]
    for label, value in (("共催", event.co_hosts), ("連携・協力", event.cooperation), ("後援・協賛", event.supporters)):
        if value:
            remarks.append(f"{label}：{value}")
    if event.is_online:
        remarks.append("オンライン開催")
    return {
        "都道府県コード又は市区町村コード": code,
        "NO": str(event.pk),
        "都道府県名": prefecture,
        "市区町村名": city,
        "イベント名": event.title,
        "イベント名_カナ": event.title_kana,
        "イベント名_英語": event.title_en,
        "開始日": _date(event.start_date) if exact else "",
        "終了日": _date(event.end_date or event.start_date) if exact else "",
        "開始時間": _time(event.start_time),
        "終了時間": _time(event.end_time),
        "開始日時特記事項": "　".join(notes),
        "説明": event.summary or event.program or event.theme,
        "料金(基本)": event.fee,
        "料金(詳細)": event.fee_detail,
        "連絡先名称": event.contact,
        "連絡先電話番号": event.contact_phone,
        "連絡先内線番号": event.contact_extension,
        "主催者": event.organizers or default_organizer,
        "場所名称": event.venue or ("オンライン" if event.is_online else ""),
        "住所": event.venue_address,
        "方書": event.venue_address_detail,
        "緯度": _number(event.latitude),
        "経度": _number(event.longitude),
        "アクセス方法": event.access,
        "駐車場情報": event.parking,
        "定員": event.capacity,
        "参加申込終了日": _date(event.application_deadline),
        "参加申込終了時間": _time(event.application_deadline_time),
        "参加申込方法": event.application_method,
        "URL": f"{site_url.rstrip('/')}{event.get_absolute_url()}",
        "備考": "　".join(remarks),
    }


def event_records(events: Iterable[Event], *, site_url: str) -> Iterator[dict[str, object]]:
    for event in events:
        yield event_record(event, site_url=site_url)


def event_table(*, site_url: str) -> tuple[list[str], Iterator[list[str]]]:
    """(header, rows) of イベント一覧 as CSV cells: every value a string, "" where unknown."""

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.6f}".rstrip("0").rstrip(".")
        return str(value)

    rows = ([cell(record[column]) for column in EVENT_COLUMNS]
            for record in event_records(open_data_events(), site_url=site_url))
    return EVENT_COLUMNS, rows
