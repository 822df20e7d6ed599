"""マイページ (/members/): one page that links to everything a member keeps, role by role; and the
header's member links. Also: staff without two-factor authentication have no staff power anywhere."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from board.models import Post
from tests.factories import LiaisonFactory, MemberFactory, PendingFactory, PostFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def links(user) -> dict[str, str]:
    page = BeautifulSoup(client_of(user).get("/members/").content, "html.parser")
    return {a.get_text(strip=True).rstrip("0123456789件の未読"): a["href"] for a in page.select(".mypage-link > a")}


def test_a_member_finds_notifications_profile_organisation_settings_own_posts_and_drafts():
    assert links(MemberFactory()) == {
        "通知": "/members/notifications/", "自分の投稿": "/board/mine/", "下書き": "/board/drafts/",
        "登録情報": "/members/profile/", "団体の情報（PRページ）": "/members/organization/",
        "通知の設定": "/board/subscriptions/", "担当者の交代（人事異動）": "/members/handover/",
    }


def test_the_drafts_link_counts_ones_own_drafts():
    from board import services

    member = MemberFactory()
    services.draft_save(user=member, category=None, title="書きかけ", body="")
    services.draft_save(user=MemberFactory(), category=None, title="他人の下書き", body="")
    page = BeautifulSoup(client_of(member).get("/members/").content, "html.parser")
    link = page.select_one(".mypage-link > a[href='/board/drafts/']")
    assert link.select_one(".count-badge").get_text() == "1件"


def test_an_officer_finds_the_wards_workspace_and_page():
    found = links(LiaisonFactory())
    assert found["担当の投稿"] == "/board/mine/" and found["区の紹介ページ"] == "/members/organization/"
    assert "管理画面" not in found


def test_only_the_secretariat_finds_the_admin():
    assert links(SecretariatFactory(municipality_id="131016"))["管理画面"] == "/admin/"
    assert "管理画面" not in links(MemberFactory())


@pytest.mark.parametrize(("who", "expected"), [("anonymous", "/accounts/login/"), ("pending", "/members/pending/")])
def test_mypage_is_for_approved_members(who, expected):
    client = Client() if who == "anonymous" else client_of(PendingFactory())
    response = client.get("/members/")
    assert response.status_code == 302 and response["Location"].startswith(expected)


def test_the_header_links_to_mypage_and_the_approval_mail_names_it(mailoutbox, django_capture_on_commit_callbacks, settings):
    page = BeautifulSoup(client_of(MemberFactory()).get("/events/").content, "html.parser")
    assert page.select_one(".site-header a[href='/members/']").get_text() == "マイページ"
    from portal.services import membership_approve

    applicant = PendingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        membership_approve(user=applicant, decided_by=SecretariatFactory())
    body = next(m for m in mailoutbox if m.to == [applicant.email]).body
    assert "「マイページ」の「登録情報」" in body
    assert f"{settings.PORTAL_SITE_URL}/members/" in body.split()


# ---- Staff without two-factor authentication: no staff power on the board either ----


@pytest.fixture
def staff_without_2fa():
    return SecretariatFactory(totp=False)


def test_staff_without_two_factor_are_sent_to_set_it_up_from_the_board_and_the_admin(staff_without_2fa):
    client = client_of(staff_without_2fa)
    for path in ("/board/", "/members/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/", path


@pytest.mark.parametrize(
    ("path", "data"),
    [("moderate/", {"action": "pin"}), ("moderate/", {"action": "hide", "reason": "x"}), ("edit/", {"title": "改ざん", "body": "改ざん"})],
)
def test_staff_without_two_factor_cannot_pin_hide_or_edit(staff_without_2fa, path, data):
    post = PostFactory(title="元の件名")
    response = client_of(staff_without_2fa).post(f"/board/{post.pk}/{path}", data)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    post = Post.objects.get(pk=post.pk)
    assert (post.is_pinned, post.is_hidden, post.title) == (False, False, "元の件名")


def test_staff_without_two_factor_who_are_also_members_act_as_members_only(staff_without_2fa):
    staff_without_2fa.municipality_id = "131091"
    staff_without_2fa.save()
    client = client_of(staff_without_2fa)
    post = PostFactory(title="元の件名")
    assert client.get("/board/").status_code == 200  # an officer of 品川区 may read the board…
    assert client.post(f"/board/{post.pk}/moderate/", {"action": "pin"}).status_code == 403  # …not moderate
    page = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    assert page.select_one("#moderation-title") is None
    assert not Post.objects.get(pk=post.pk).is_pinned


def test_the_pending_page_tells_staff_without_two_factor_to_set_it_up(staff_without_2fa):
    page = BeautifulSoup(client_of(staff_without_2fa).get("/members/pending/").content, "html.parser")
    assert page.h1.get_text() == "2段階認証を設定してください"
    assert page.find("a", href="/accounts/2fa/totp/activate/") is not None
