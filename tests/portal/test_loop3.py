"""SPEC loop 3, "The network stays current", through April with a frozen clock: staff change on
1 April (人事異動); a member hands over to a successor; every member is asked to reconfirm; one
confirms from the mail, one leaves, one does nothing and is reminded twice; the Secretariat sees who
is stale in the admin and deactivates them."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from board.models import ThreadWatch
from portal.models import Handover, User
from portal.tasks import run_account_lifecycle
from tests.factories import LiaisonFactory, MemberFactory, PostFactory, SecretariatFactory

JST = ZoneInfo("Asia/Tokyo")
PASSWORD = "Kyoryoku-2026-portal"


def at(day: int, hour: int = 9):
    return time_machine.travel(dt.datetime(2027, 4, day, hour, 0, tzinfo=JST), tick=False)


def link(to: str, pattern: str) -> str:
    message = [m for m in mail.outbox if m.to == [to]][-1]
    return re.search(rf"https?://[^/\s]+({pattern})", message.body).group(1)


def emails_in(response) -> set[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {a.get_text() for a in soup.select("#result_list tbody th a")}


def test_april_hand_over_reconfirmation_and_the_stale_list(db, django_capture_on_commit_callbacks):
    def committed(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=JST), tick=False):
        sakai = MemberFactory(email="sakai-2026@city.sakai.lg.jp", full_name="坂井 太郎")
        shinagawa = LiaisonFactory(email="shinagawa@city.shinagawa.example.jp")
        tsurui = MemberFactory(email="tsurui@vill.tsurui.example.jp", municipality_id="016675")
        leaver = MemberFactory(email="leaver@town.example.jp", municipality_id="016675")
        thread = PostFactory(author=shinagawa, title="品川区の参加募集")
        ThreadWatch.objects.create(user=sakai, post=thread, mode="watch")
        secretariat = SecretariatFactory(email="kaiin@tokyo-23city.example.jp")

    # 1 April, 07:00: the daily task asks everyone for this 年度.
    with at(1, 7):
        done = committed(run_account_lifecycle.call)
    assert done["requested"] == 4
    asked = {m.to[0] for m in mail.outbox if "登録情報の確認のお願い（令和9年度（2027年度））" in m.subject}
    assert asked == {sakai.email, shinagawa.email, tsurui.email, leaver.email}

    with at(1, 10):
        # 品川区 confirms 「変更なし」 from the mail, without logging in.
        committed(Client().post, link(shinagawa.email, r"/members/reconfirm/\S+/"))
        # 坂井市's member has moved: names the successor, leaving today.
        sakai_client = Client()
        sakai_client.force_login(sakai)
        committed(sakai_client.post, "/members/handover/", {"successor_email": "sakai-2027@city.sakai.lg.jp",
                                                            "deactivate_on": "2027-04-01"})
        committed(Client().post, link("sakai-2027@city.sakai.lg.jp", r"/members/handover/accept/\S+/"), {
            "department": "総合政策部 企画政策課", "full_name": "坂井 花子", "phone": "0776-50-3001",
            "password1": PASSWORD, "password2": PASSWORD, "agree_privacy": "on"})
        # Someone leaves.
        leaver_client = Client()
        leaver_client.force_login(leaver)
        committed(leaver_client.post, "/members/leave/", {"confirm": "on"})

    with at(2):
        secretariat_client = Client()
        secretariat_client.force_login(secretariat)  # a session of April (sessions expire)
        # The Secretariat's admin: one hand-over waits; it confirms with one click.
        handover = Handover.objects.get(predecessor=sakai)
        committed(secretariat_client.post, f"/admin/portal/handover/{handover.pk}/confirm/")
        successor = User.objects.get(email="sakai-2027@city.sakai.lg.jp")
        assert successor.approval_status == User.Approval.APPROVED
        assert ThreadWatch.objects.filter(user=successor, post=thread).exists()
        sakai.refresh_from_db()
        assert not sakai.is_active
        # Who is stale this 年度: only 鶴居村 (the successor's approval counts as confirmed).
        assert emails_in(secretariat_client.get("/admin/portal/user/?reconfirmed=no")) == {tsurui.email}

    mail.outbox.clear()
    with at(15, 7):
        assert committed(run_account_lifecycle.call)["reminded"] == 1
    with at(29, 7):
        assert committed(run_account_lifecycle.call)["reminded"] == 1
    assert [m.to[0] for m in mail.outbox] == [tsurui.email, tsurui.email]
    assert all(m.subject.startswith("[特別区全国連携プロジェクト] 【再送】") for m in mail.outbox)

    with at(30):
        secretariat_client.force_login(secretariat)
        index = BeautifulSoup(secretariat_client.get("/admin/").content, "html.parser")
        row = index.find("a", href="/admin/portal/user/?reconfirmed=no").find_parent("tr")
        assert "1人" in row.get_text()
        committed(secretariat_client.post, "/admin/portal/user/", {"action": "deactivate", "_selected_action": [tsurui.pk]})
        assert emails_in(secretariat_client.get("/admin/portal/user/?reconfirmed=no")) == set()
    tsurui.refresh_from_db()
    assert not tsurui.is_active
