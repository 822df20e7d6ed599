"""The ward ↔ municipality relations the seeds name, and how /wards/ counts them beside the official figure."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from core.seeding import read_yaml
from municipalities.models import ExchangeRelation
from portal.models import NetworkStatistic

pytestmark = pytest.mark.django_db

SHINAGAWA, EDOGAWA, ARAKAWA, SUGINAMI, NAKANO, SUMIDA = "131091", "131237", "131181", "131156", "131148", "131075"


def relation(ward: str, name: str, kind: str) -> ExchangeRelation:
    return ExchangeRelation.objects.select_related("municipality").get(
        ward_id=ward, municipality__name=name, kind=kind
    )


def test_the_relations_the_seeds_name_are_loaded_with_kind_and_date():
    sakai = relation(SHINAGAWA, "坂井市", "project")
    assert sakai.municipality.prefecture.name == "福井県" and sakai.since == dt.date(2015, 11, 18)
    assert relation(EDOGAWA, "鶴岡市", "friendship").since is None
    assert relation(EDOGAWA, "木古内町", "exchange").since == dt.date(2015, 9, 25)
    assert relation(SUMIDA, "芽室町", "exchange").municipality.prefecture.name == "北海道"
    assert ExchangeRelation.objects.filter(ward_id=ARAKAWA, kind="exchange").count() == 8
    assert ExchangeRelation.objects.filter(ward_id=SUGINAMI, kind="exchange").count() == 19
    assert set(ExchangeRelation.objects.filter(ward_id=NAKANO, kind="exchange").values_list(
        "municipality__name", flat=True)) == {"当別町", "新篠津村"}
    snow = ExchangeRelation.objects.filter(municipality__name__in=["北上市", "西和賀町"], kind="project")
    assert sorted(snow.values_list("ward__municipality__name", flat=True)) == sorted(["荒川区", "江東区", "品川区"] * 2)


def test_every_seeded_relation_records_where_the_seeds_say_it():
    expected = sum(
        len(item["wards"]) * sum(len(names) for names in item["municipalities"].values())
        for item in read_yaml("relations.yaml")["relations"]
    )
    seeded = ExchangeRelation.objects.exclude(source="")
    assert seeded.count() == expected
    assert all(source.startswith("seeds/") for source in seeded.values_list("source", flat=True))


def test_loading_the_seed_again_changes_nothing():
    before = list(ExchangeRelation.objects.order_by("pk").values_list("pk", "ward", "municipality", "kind", "since"))
    call_command("load_seed", stdout=open("/dev/null", "w"))
    after = list(ExchangeRelation.objects.order_by("pk").values_list("pk", "ward", "municipality", "kind", "since"))
    assert after == before


def test_relations_added_in_the_admin_survive_a_reload():
    added = ExchangeRelation.objects.create(ward_id=SHINAGAWA, municipality_id="011002", kind="disaster_aid")
    call_command("load_seed", stdout=open("/dev/null", "w"))
    assert ExchangeRelation.objects.filter(pk=added.pk).exists()


def test_ward_list_shows_the_official_figure_beside_the_counted_one(client):
    soup = BeautifulSoup(client.get("/wards/").content, "html.parser")
    figures = {div.dt.get_text(): div.dd.contents[0] for div in soup.select("dl.figures div.figure")}
    official = NetworkStatistic.objects.filter(metric="ward_exchange").order_by("-as_of").first()
    assert figures["各区（23区）の交流自治体数"] == f"{official.value:,}"
    counted = ExchangeRelation.objects.values("municipality").distinct().count()
    assert figures["このポータルに登録されている交流関係"] == f"{counted:,}"
    assert "特別区長会調べ" in soup.find("main").get_text()


def test_the_official_figure_is_the_recorded_one_not_a_constant(client):
    NetworkStatistic.objects.create(metric="ward_exchange", as_of=dt.date(2027, 3, 31), value=901, source="特別区長会調べ")
    soup = BeautifulSoup(client.get("/wards/").content, "html.parser")
    figures = {div.dt.get_text(): div.dd.contents[0] for div in soup.select("dl.figures div.figure")}
    assert figures["各区（23区）の交流自治体数"] == "901"
    assert "令和9年（2027年）3月31日現在" in soup.find("main").get_text()


def test_ward_detail_sums_up_its_partners_by_kind(client):
    soup = BeautifulSoup(client.get(f"/wards/{ARAKAWA}/").content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "partners-heading"})
    summary = section.find("p").get_text()
    assert summary.startswith("登録されている交流関係は10自治体です")
    assert "交流事業 8" in summary and "連携事業 2" in summary
    assert [a["href"] for a in section.find("p").find_all("a")] == ["#relation-exchange", "#relation-project"]
    assert section.find(id="relation-exchange").get_text() == "交流事業（8自治体）"


def test_ward_pages_never_show_the_relations_source(client):
    for code in (SHINAGAWA, ARAKAWA, EDOGAWA):
        html = client.get(f"/wards/{code}/").content.decode()
        assert "seeds/" not in html
