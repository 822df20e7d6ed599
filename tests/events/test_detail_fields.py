"""The event page shows the fields the open data standard added (fee, capacity, application …) when known."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from agreements.models import Federation
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def details(client, event) -> dict[str, str]:
    soup = BeautifulSoup(client.get(event.get_absolute_url()).content, "html.parser")
    dl = soup.select_one("dl.event-details")
    return {dt_.get_text(): dt_.find_next_sibling("dd").get_text(" ", strip=True) for dt_ in dl.find_all("dt")}


def test_known_fields_are_shown_and_unknown_ones_left_out(client):
    event = EventFactory(fee=0, fee_detail="物販は別途", capacity=80, application_deadline=dt.date(2031, 3, 1),
                         application_method="メールで申込み", contact="事務局", contact_phone="03-5210-9743",
                         access="飯田橋駅から徒歩5分")
    shown = details(client, event)
    assert shown["料金"] == "無料（物販は別途）"
    assert shown["定員"] == "80人"
    assert shown["参加申込"].startswith("締切： 令和13年（2031年）3月1日")
    assert "メールで申込み" in shown["参加申込"]
    assert "電話 03-5210-9743" in shown["問い合わせ"]
    assert shown["アクセス"] == "飯田橋駅から徒歩5分"
    assert "駐車場" not in shown
    bare = details(client, EventFactory())
    assert not {"料金", "定員", "参加申込"} & set(bare)


def test_a_federation_of_an_event_links_to_its_corner(client):
    federation = Federation.objects.get(name="京都府市長会")
    event = EventFactory()
    event.federations.add(federation)
    soup = BeautifulSoup(client.get(event.get_absolute_url()).content, "html.parser")
    assert soup.find("main").find("a", string="京都府市長会")["href"] == "/agreements/kyoto-shichokai/"
