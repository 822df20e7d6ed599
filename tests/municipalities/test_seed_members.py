"""Registered members and the 北海道 area pairings of the seeds, read back from the database."""

import pytest
from django.core.management import call_command

from core.seeding import read_yaml
from municipalities.models import Area, Membership

pytestmark = pytest.mark.django_db


def test_every_printed_member_is_a_membership_once():
    data = read_yaml("members.yaml")
    printed = sum(len(names) for names in data["members"].values())
    assert Membership.objects.count() == printed == 186
    assert Membership.objects.filter(municipality__kind="ward").count() == 0


@pytest.mark.parametrize(
    ("code", "name", "prefecture"),
    [("182109", "坂井市", "福井県"), ("152048", "三条市", "新潟県"), ("012157", "美唄市", "北海道"),
     ("122246", "鎌ケ谷市", "千葉県"), ("252018", "大津市", "滋賀県"), ("133621", "利島村", "東京都")],
)
def test_members_resolved_to_the_right_municipality(code, name, prefecture):
    membership = Membership.objects.select_related("municipality__prefecture").get(municipality_id=code)
    assert (membership.municipality.name, membership.municipality.prefecture.name) == (name, prefecture)


def test_ten_areas_paired_with_wards():
    pairs = dict(Area.objects.values_list("name", "paired_ward__municipality__name"))
    assert pairs == {
        "釧路地域": "荒川区", "上川地域": "杉並区", "石狩地域": "中野区", "檜山地域": "大田区", "渡島地域": "江戸川区",
        "胆振地域": "世田谷区", "オホーツク地域": "江東区", "宗谷地域": "港区", "日高地域": "文京区", "十勝地域": "台東区",
    }
    assert Area.objects.get(name="釧路地域").municipalities.count() == 8
    assert Area.objects.get(name="上川地域").municipalities.count() == 19


def test_loading_twice_changes_nothing():
    before = (Membership.objects.count(), Area.objects.count())
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert (Membership.objects.count(), Area.objects.count()) == before


def test_member_filter_and_ward_page_show_the_data(client):
    response = client.get("/municipalities/?member=yes&prefecture=18")
    assert "坂井市" in response.content.decode()
    ward_page = client.get("/wards/131181/").content.decode()  # 荒川区
    assert "釧路地域" in ward_page
