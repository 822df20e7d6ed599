"""The admin import and export of the relations spreadsheet (各特別区と全国市町村等連携事業一覧).

tests/municipalities/data/relations_sample.xlsx has 50 rows in the Secretariat's columns, three of them
wrong: line 11 (坂井氏: no such municipality), line 26 (品川市: no such ward), line 43 (平成27年13月1日).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from municipalities.models import ExchangeRelation
from municipalities.naming import MunicipalityIndex
from municipalities.resources import COLUMNS
from tests.factories import SecretariatFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "relations_sample.xlsx"
IMPORT_URL = reverse("admin:municipalities_exchangerelation_import")
CHANGELIST_URL = reverse("admin:municipalities_exchangerelation_changelist")
EXPORT_URL = reverse("admin:municipalities_exchangerelation_export")


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def form_data(form) -> dict[str, str]:
    """The values a browser would send for a rendered form's inputs (file inputs excluded)."""
    data = {}
    for field in form.find_all(["input", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("file", "submit"):
            continue
        if field.name == "select":
            option = field.find("option", selected=True) or field.find("option")
            data[name] = option.get("value", "") if option else ""
        else:
            data[name] = field.get("value", "")
    return data


def format_value(form, label: str) -> str:
    select = form.find("select", attrs={"name": "format"})
    return next(o["value"] for o in select.find_all("option") if o.get_text().strip().lower() == label)


def upload(client, name: str, content: bytes, fmt: str) -> BeautifulSoup:
    """Open the import page from the changelist's link, pick the format, send the file: the dry run."""
    changelist = soup_of(client.get(CHANGELIST_URL))
    link = changelist.find("a", href=IMPORT_URL)
    assert link is not None, "the changelist links to the import"
    form = soup_of(client.get(link["href"])).find("form", enctype="multipart/form-data")
    data = form_data(form)
    data["format"] = format_value(form, fmt)
    data["import_file"] = SimpleUploadedFile(name, content)
    return soup_of(client.post(form.get("action") or IMPORT_URL, data))


def confirm(client, page: BeautifulSoup):
    form = page.find("form", action=reverse("admin:municipalities_exchangerelation_process_import"))
    assert form is not None, "the preview offers the confirmation"
    return client.post(form["action"], form_data(form), follow=True)


def sample_rows() -> list[list]:
    sheet = openpyxl.load_workbook(SAMPLE).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_of(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_of(rows: list[list], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode(encoding)


def error_rows(page: BeautifulSoup) -> dict[str, str]:
    table = page.find("table", class_="import-errors")
    if table is None:
        return {}
    return {
        tr.th.get_text(): " ".join(li.get_text() for li in tr.find("td", class_="errors").find_all("li"))
        for tr in table.tbody.find_all("tr")
    }


def test_the_sample_has_50_rows_in_the_secretariats_columns():
    rows = sample_rows()
    assert rows[0] == COLUMNS
    assert len(rows) - 1 == 50


def test_dry_run_reports_the_3_bad_rows_in_japanese_and_stores_nothing(secretariat_client):
    before = ExchangeRelation.objects.count()
    page = upload(secretariat_client, "連携事業一覧.xlsx", SAMPLE.read_bytes(), "xlsx")
    errors = error_rows(page)
    assert list(errors) == ["11行目", "26行目", "43行目"]
    assert "自治体：福井県の「坂井氏」は自治体マスタにありません。候補：坂井市（福井県、さかいし、182109）" in errors["11行目"]
    assert "区：「品川市」は23区の区名ではありません。" in errors["26行目"]
    assert "開始日：「平成27年13月1日」は存在しない日付です。" in errors["43行目"]
    assert "新規 47件" in page.find(class_="import-summary").get_text()
    assert ExchangeRelation.objects.count() == before


def test_confirming_stores_the_47_good_rows_and_reports_the_3_others(secretariat_client):
    before = ExchangeRelation.objects.count()
    page = upload(secretariat_client, "連携事業一覧.xlsx", SAMPLE.read_bytes(), "xlsx")
    response = confirm(secretariat_client, page)
    assert ExchangeRelation.objects.count() == before + 47
    messages = [str(m) for m in response.context["messages"]]
    assert any("エラーのある3行は取り込みませんでした：11行目、26行目、43行目" in m for m in messages)
    stored = ExchangeRelation.objects.filter(source__startswith="テスト用サンプル")
    assert stored.count() == 47 and not stored.filter(description__in=["自治体名の誤記", "区名の誤り", "存在しない日付"])


def test_rows_are_read_as_the_secretariat_writes_them(secretariat_client):
    confirm(secretariat_client, upload(secretariat_client, "一覧.xlsx", SAMPLE.read_bytes(), "xlsx"))
    rows = {row[6]: row for row in sample_rows()[1:]}
    index = MunicipalityIndex()
    for description, (ward, prefecture, name, code, _kind, since, *_rest) in rows.items():
        if description in ("自治体名の誤記", "区名の誤り", "存在しない日付"):
            continue
        relation = ExchangeRelation.objects.select_related("ward__municipality", "municipality").get(description=description)
        assert relation.ward.municipality.name == ward
        expected = index.by_code[code] if code else index.get(name, prefecture)
        assert relation.municipality == expected
        assert (relation.since is None) == (since in (None, ""))
    by_label = ExchangeRelation.objects.filter(source__startswith="テスト用サンプル")
    assert set(by_label.values_list("kind", flat=True)) == set(ExchangeRelation.Kind.values)


def test_a_shift_jis_csv_from_excel_imports_too(secretariat_client):
    rows = sample_rows()
    before = ExchangeRelation.objects.count()
    page = upload(secretariat_client, "一覧.csv", csv_of(rows, "cp932"), "csv")
    assert list(error_rows(page)) == ["11行目", "26行目", "43行目"]
    confirm(secretariat_client, page)
    assert ExchangeRelation.objects.count() == before + 47


def test_duplicate_rows_are_merged_into_one_relation(secretariat_client):
    rows = [
        COLUMNS,
        ["品川区", "北海道", "札幌市", "", "交流事業", "", "物産展", ""],
        ["品川区", "北海道", "札幌市", "", "交流事業", "平成27年11月", "", "区の資料"],
        ["品川", "北海道", "札幌市", "011002", "交流事業", "2015-11", "観光PR", ""],
    ]
    page = upload(secretariat_client, "dup.xlsx", xlsx_of(rows), "xlsx")
    merged = [li.get_text() for li in page.find(id="merged-rows").find_next("ul").find_all("li")]
    assert merged == [
        "3行目は2行目と同じ交流関係のため、1件にまとめました。",
        "4行目は2行目と同じ交流関係のため、1件にまとめました。（内容は2行目の値を使いました）",
    ]
    confirm(secretariat_client, page)
    relation = ExchangeRelation.objects.get(ward_id="131091", municipality_id="011002", kind="exchange")
    assert (relation.description, relation.source, relation.since_precision) == ("物産展", "区の資料", "month")
    assert relation.since.isoformat() == "2015-11-01"


def test_a_relation_already_recorded_is_updated_not_duplicated(secretariat_client):
    rows = [COLUMNS, ["江戸川区", "山形県", "鶴岡市", "", "友好都市", "昭和56年", "友好都市（更新）", "事務局の一覧"]]
    confirm(secretariat_client, upload(secretariat_client, "update.xlsx", xlsx_of(rows), "xlsx"))
    relation = ExchangeRelation.objects.get(ward_id="131237", municipality__name="鶴岡市", kind="friendship")
    assert relation.description == "友好都市（更新）" and relation.since.year == 1981


def test_a_name_without_its_prefecture_must_be_unique(secretariat_client):
    rows = [COLUMNS, ["中央区", "", "府中市", "", "交流事業", "", "", ""], ["中央区", "", "嬬恋村", "", "交流事業", "", "", ""]]
    page = upload(secretariat_client, "names.xlsx", xlsx_of(rows), "xlsx")
    assert error_rows(page) == {"2行目": "自治体：「府中市」は複数の都道府県にあります（東京都、広島県）。都道府県を入力してください。"}


def test_a_reading_in_kana_finds_its_candidates(secretariat_client):
    rows = [COLUMNS, ["中央区", "福井県", "さかいし", "", "交流事業", "", "", ""]]
    page = upload(secretariat_client, "kana.xlsx", xlsx_of(rows), "xlsx")
    assert "候補：坂井市（福井県、さかいし、182109）" in error_rows(page)["2行目"]


def test_a_file_without_the_key_columns_is_refused_with_the_expected_columns(secretariat_client):
    page = upload(secretariat_client, "wrong.xlsx", xlsx_of([["名前", "日付"], ["品川区", "2015"]]), "xlsx")
    text = page.find("ul", class_="errorlist").get_text()
    assert "見出しの行に「区」「自治体」「関係の種類」の列がありません。" in text
    assert "Traceback" not in page.get_text()
    assert page.find("form", action=reverse("admin:municipalities_exchangerelation_process_import")) is None


def test_export_writes_the_same_columns_and_imports_back_unchanged(secretariat_client):
    page = soup_of(secretariat_client.get(EXPORT_URL))
    form = page.find("select", attrs={"name": "format"}).find_parent("form")
    data = form_data(form)
    data["format"] = format_value(form, "xlsx")
    response = secretariat_client.post(form.get("action") or EXPORT_URL, data)
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    rows = [list(r) for r in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0] == COLUMNS
    assert len(rows) - 1 == ExchangeRelation.objects.count()
    sakai = next(r for r in rows if r[2] == "坂井市")
    assert sakai[:6] == ["品川区", "福井県", "坂井市", "182109", "連携事業", "平成27年（2015年）11月18日"]
    before = list(ExchangeRelation.objects.order_by("pk").values())
    again = upload(secretariat_client, "export.xlsx", response.content, "xlsx")
    assert not error_rows(again)
    assert f"変更なし・統合 {len(rows) - 1}件" in again.find(class_="import-summary").get_text()
    confirm(secretariat_client, again)
    assert list(ExchangeRelation.objects.order_by("pk").values()) == before


def test_the_csv_export_opens_in_excel(secretariat_client):
    page = soup_of(secretariat_client.get(EXPORT_URL))
    form = page.find("select", attrs={"name": "format"}).find_parent("form")
    data = form_data(form)
    data["format"] = format_value(form, "csv")
    content = secretariat_client.post(form.get("action") or EXPORT_URL, data).content
    assert content.startswith("\ufeff".encode())
    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header == COLUMNS


def test_staff_without_the_add_permission_cannot_import(client):
    clerk = SecretariatFactory()
    clerk.groups.clear()
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_exchangerelation", "change_exchangerelation"]))
    client.force_login(clerk)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 200


@pytest.mark.parametrize("who", ["member_client", "liaison_client", "pending_client", "client"])
def test_no_one_but_staff_reaches_the_import(who, request):
    response = request.getfixturevalue(who).get(IMPORT_URL)
    if who == "client":  # anonymous: to the login page
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:  # signed in without staff rights: a 403 page, not a login loop
        assert response.status_code == 403
