"""/opendata/: the catalogue, イベント一覧 as CSV (the standard's 32 columns) and JSON, the other tables."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from agreements.models import FederationMembership
from events.models import Event
from events.opendata import EVENT_COLUMNS
from municipalities.models import Municipality
from portal.models import DatasetChange
from portal.opendata import DATASETS
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

# デジタル庁「自治体標準オープンデータセット」イベント一覧 (same order as the former 推奨データセット).
STANDARD_COLUMNS = (
    "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,イベント名,イベント名_カナ,イベント名_英語,開始日,終了日,"
    "開始時間,終了時間,開始日時特記事項,説明,料金(基本),料金(詳細),連絡先名称,連絡先電話番号,連絡先内線番号,主催者,"
    "場所名称,住所,方書,緯度,経度,アクセス方法,駐車場情報,定員,参加申込終了日,参加申込終了時間,参加申込方法,URL,備考"
).split(",")


def catalogue(client) -> BeautifulSoup:
    response = client.get("/opendata/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def download(client, href: str) -> tuple[list[str], list[list[str]]]:
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith("\ufeff".encode())
    assert b"\r\n" in response.content
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    return rows[0], rows[1:]


def csv_links(main: BeautifulSoup) -> dict[str, str]:
    return {a.get_text(strip=True): a["href"] for a in main.select("a[download]")}


def test_catalogue_lists_every_dataset_with_description_format_licence_update_and_download(client):
    main = catalogue(client)
    cards = main.select(".dataset")
    assert [card.h3.get_text(strip=True) for card in cards] == [d.title for d in DATASETS]
    for card in cards:
        facts = {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in card.select(".dataset__facts div")}
        assert facts["ライセンス"] == "CC BY 4.0"
        assert facts["形式"].startswith("CSV")
        assert "最終更新" in facts
        assert card.select_one("a[download]")
    assert main.find("a", href="https://creativecommons.org/licenses/by/4.0/deed.ja")


def test_every_csv_link_downloads_a_table_with_a_japanese_header(client):
    for label, href in csv_links(catalogue(client)).items():
        header, rows = download(client, href)
        assert header and all(any("\u3040" <= ch <= "\u9fff" or ch in "NOURL" for ch in col) for col in header), label
        assert all(len(row) == len(header) for row in rows), label


def test_events_csv_has_the_standard_columns_and_one_row_per_public_event(client, settings):
    settings.PORTAL_SITE_URL = "https://collabo.example.jp"
    EventFactory(title="非公開の催し", is_published=False)
    href = csv_links(catalogue(client))["イベント一覧をダウンロード（CSV）"]
    header, rows = download(client, href)
    assert header == STANDARD_COLUMNS == EVENT_COLUMNS
    assert len(rows) == Event.objects.filter(is_published=True).count()
    assert "非公開の催し" not in {row[4] for row in rows}
    assert all(row[30].startswith("https://collabo.example.jp/events/") for row in rows)


def test_an_event_row_carries_every_field_the_event_has(client):
    sakai = Municipality.objects.get(code="182109")
    event = EventFactory(
        title="黄金がにフェア", title_kana="オウゴンガニフェア", title_en="Golden Crab Fair",
        start_date=dt.date(2031, 11, 18), end_date=dt.date(2031, 11, 23), start_time=dt.time(10, 0),
        end_time=dt.time(16, 30), venue="しながわ水族館", venue_address="東京都品川区勝島3-2-1", venue_address_detail="1階",
        latitude=Decimal("35.590500"), longitude=Decimal("139.740300"), fee=0, fee_detail="入館料は別途",
        capacity=200, application_deadline=dt.date(2031, 11, 1), application_deadline_time=dt.time(17, 0),
        application_method="電話で申込み", contact="坂井市観光交流課", contact_phone="0776-50-3152",
        contact_extension="123", organizer_municipality=sakai, organizers="坂井市", access="大森海岸駅から徒歩8分",
        parking="あり", summary="坂井市の黄金がにをPR", is_online=True,
    )
    _header, rows = download(client, "/opendata/events.csv")
    row = dict(zip(EVENT_COLUMNS, next(r for r in rows if r[1] == str(event.pk)), strict=True))
    assert row["都道府県コード又は市区町村コード"] == "182109"
    assert (row["都道府県名"], row["市区町村名"]) == ("福井県", "坂井市")
    assert (row["開始日"], row["終了日"], row["開始時間"], row["終了時間"]) == ("2031-11-18", "2031-11-23", "10:00", "16:30")
    assert (row["イベント名_カナ"], row["イベント名_英語"]) == ("オウゴンガニフェア", "Golden Crab Fair")
    assert (row["料金(基本)"], row["料金(詳細)"], row["定員"]) == ("0", "入館料は別途", "200")
    assert (row["緯度"], row["経度"]) == ("35.5905", "139.7403")
    assert (row["参加申込終了日"], row["参加申込終了時間"], row["参加申込方法"]) == ("2031-11-01", "17:00", "電話で申込み")
    assert (row["連絡先名称"], row["連絡先電話番号"], row["連絡先内線番号"]) == ("坂井市観光交流課", "0776-50-3152", "123")
    assert (row["場所名称"], row["住所"], row["方書"]) == ("しながわ水族館", "東京都品川区勝島3-2-1", "1階")
    assert "オンライン開催" in row["備考"]


def test_an_event_of_the_kuchokai_gets_the_documented_code_and_a_month_only_date_no_made_up_day(client):
    event = EventFactory(title="月だけの展示", start_date=dt.date(2031, 11, 1), date_precision="month")
    _header, rows = download(client, "/opendata/events.csv")
    row = dict(zip(EVENT_COLUMNS, next(r for r in rows if r[1] == str(event.pk)), strict=True))
    assert row["都道府県コード又は市区町村コード"] == "131008"
    assert row["主催者"] == "特別区長会"
    assert row["開始日"] == row["終了日"] == ""
    assert "令和13年（2031年）11月" in row["開始日時特記事項"]


def test_events_json_has_the_same_fields_and_rows_as_the_csv(client):
    _header, rows = download(client, "/opendata/events.csv")
    response = client.get("/opendata/events.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert body["columns"] == EVENT_COLUMNS
    assert body["license"].endswith("（CC BY 4.0）")
    assert len(body["items"]) == len(rows)
    assert all(list(item) == EVENT_COLUMNS for item in body["items"])
    assert [item["NO"] for item in body["items"]] == [row[1] for row in rows]


def test_federation_members_csv_has_one_row_per_membership(client):
    header, rows = download(client, "/opendata/federation-members.csv")
    assert header[0] == "団体名"
    assert len(rows) == FederationMembership.objects.count() == 372


def test_a_change_to_a_dataset_is_recorded_as_its_last_update_on_commit(client, django_capture_on_commit_callbacks):
    DatasetChange.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        EventFactory(title="更新の記録")
        EventFactory(title="更新の記録2")
    # One write per dataset per transaction, however many rows (the other callbacks are the caches').
    assert len([c for c in callbacks if hasattr(c, "opendata_pending")]) == 1
    assert list(DatasetChange.objects.values_list("slug", flat=True)) == ["events"]
    card = next(c for c in catalogue(client).select(".dataset") if c.h3.get_text(strip=True) == "イベント一覧")
    assert card.select_one(".dataset__facts time")["datetime"] == DatasetChange.objects.get().changed_at.astimezone(
        dt.timezone(dt.timedelta(hours=9))).date().isoformat()


def test_an_unknown_dataset_is_404(client):
    assert client.get("/opendata/nothing.csv").status_code == 404


def test_open_data_has_a_fixed_query_budget(client, django_assert_max_num_queries):
    for n in range(30):
        EventFactory(title=f"予算の催し{n}")
    # The rows and the content version of the shared cache; the same with 30 more events.
    with django_assert_max_num_queries(4):
        client.get("/opendata/")
    with django_assert_max_num_queries(4):
        client.get("/opendata/events.csv")
    with django_assert_max_num_queries(5):
        client.get("/opendata/events.json")
    with django_assert_max_num_queries(4):
        client.get("/opendata/federation-members.csv")
