"""/agreements/<slug>/: a federation's corner, linked from /agreements/."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from agreements.models import Federation
from municipalities.models import ExchangeRelation, Membership, Municipality, Ward
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def corner(client, federation: Federation) -> BeautifulSoup:
    index = BeautifulSoup(client.get("/agreements/").content, "html.parser")
    link = index.find("a", string=federation.name)
    assert link is not None, "the agreements page links each corner"
    response = client.get(link["href"])
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def test_every_federation_has_a_corner_linked_from_the_agreements_page(client):
    for federation in Federation.objects.all():
        page = corner(client, federation)
        assert page.h1.get_text() == federation.name
        assert f"加入自治体（{federation.members.count():,}自治体）" in page.get_text()


def test_corner_groups_hokkaido_members_by_area_with_the_paired_ward(client):
    federation = Federation.objects.get(name="北海道町村会")
    page = corner(client, federation)
    groups = {g.h3.get_text(" ", strip=True): g for g in page.select(".member-group")}
    kushiro = next(g for title, g in groups.items() if title.startswith("釧路地域"))
    assert "交流する区： 荒川区" in kushiro.h3.get_text(" ", strip=True)
    names = [a.get_text() for a in kushiro.select(".member-list a")]
    assert "白糠町" in names and "釧路市" not in names  # 釧路市 is a 市, not in the 町村会
    total = sum(len(g.select(".member-list li")) for g in groups.values())
    assert total == federation.members.count() == 144


def test_corner_shows_pr_of_registered_members_events_exhibitions_and_ward_relations(client):
    federation = Federation.objects.get(name="京都府町村会")
    member = federation.members.order_by("code").first()
    Membership.objects.update_or_create(municipality=member, defaults={"pr_text": "お茶の京都のPRです。", "is_active": True})
    EventFactory(title="京都の町村の展示", kind="exhibition").federations.add(federation)
    EventFactory(title="京都の町村との交流会", kind="exchange").federations.add(federation)
    EventFactory(title="よその展示", kind="exhibition")
    ward = Ward.objects.get(municipality__name="品川区")
    ExchangeRelation.objects.create(ward=ward, municipality=member, kind="friendship", since=dt.date(2020, 4, 1))
    page = corner(client, federation)
    assert "お茶の京都のPRです。" in page.find(id="pr-heading").parent.get_text()
    exhibitions = page.find(id="exhibitions-heading").parent.get_text()
    assert "京都の町村の展示" in exhibitions and "よその展示" not in exhibitions
    assert "京都の町村との交流会" in page.find(id="events-heading").parent.get_text()
    relations = page.select("#relations-heading ~ .table-wrap tbody tr")
    assert [r.th.get_text(strip=True) for r in relations] == ["品川区"]
    assert member.name in relations[0].get_text()


def test_an_unknown_federation_is_404(client):
    assert client.get("/agreements/no-such-federation/").status_code == 404


def test_corner_has_a_fixed_query_budget(client, django_assert_max_num_queries):
    federation = Federation.objects.get(name="北海道町村会")
    for n in range(10):
        EventFactory(title=f"予算の催し{n}").federations.add(federation)
    for municipality in Municipality.objects.filter(federation_memberships__federation=federation)[:20]:
        Membership.objects.get_or_create(municipality=municipality)
    # Federation and agreements, members with their registrations, areas and their towns, relations,
    # events with their wards, and the cache's content version: the same for 144 members or 10.
    with django_assert_max_num_queries(12):
        client.get(federation.get_absolute_url())
