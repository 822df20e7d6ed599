"""An account's whole life in the browser, on a phone (375 px): sign up with 坂井市 by its reading →
the pending page → the Secretariat's mail and the admin's pending count → approval in the admin,
pressing its buttons → the member's mail names the portal → login → the yearly reconfirmation from
its mail → a hand-over to a successor (人事異動) that ends with the successor approved, watching the
same threads, and the predecessor unable to log in.

Screenshots at 375 px and 1280 px of the sign-up, pending, reconfirmation and admin pending pages go
to $E2E_SCREENSHOTS (or the test's temporary directory)."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
from django.core import mail

from tests.e2e.conftest import open_menu

pytestmark = pytest.mark.e2e

PASSWORD = "Kyoryoku-2026-portal"
APPLICANT = "e2e-sakai@city.sakai.lg.jp"
SUCCESSOR = "e2e-successor@city.sakai.lg.jp"
SECRETARIAT_MAILBOX = "e2e-kaiin@tokyo-23city.example.jp"
PHONE = {"width": 375, "height": 800}
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def shots(tmp_path) -> Path:
    directory = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def screenshot(page, directory: Path, name: str) -> None:
    """The page at 375 px and at 1280 px (full length); the phone must not scroll sideways."""
    size = page.viewport_size
    for label, viewport in (("375", PHONE), ("1280", DESK)):
        page.set_viewport_size(viewport)
        if label == "375":
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{name} scrolls sideways at 375 px"
        page.screenshot(path=str(directory / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)


def link_in_last_mail(to: str, pattern: str) -> str:
    message = [m for m in mail.outbox if to in m.to][-1]
    return re.search(rf"https?://[^/\s]+({pattern})", message.body).group(1)


def totp_code(user) -> str:
    from allauth.mfa.totp.internal.auth import hotp_value
    from allauth.mfa.utils import decrypt

    secret = user.authenticator_set.get(type="totp").wrap().instance.data["secret"]
    return f"{hotp_value(decrypt(secret), int(time.time()) // 30):06d}"


def log_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/")
    open_menu(page)
    page.click("header >> text=会員ログイン")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def world(committed, settings):
    from board.models import Post, ThreadWatch
    from portal.models import Handover, User
    from tests.factories import LiaisonFactory, PostFactory, SecretariatFactory

    settings.PORTAL_SECRETARIAT_EMAILS = [SECRETARIAT_MAILBOX]
    secretariat = SecretariatFactory(email="e2e-lifecycle-secretariat@example.jp")
    officer = LiaisonFactory(email="e2e-lifecycle-shinagawa@example.jp")
    thread = PostFactory(author=officer, title="【E2E交代】品川区のイベント参加募集")
    yield {"secretariat": secretariat, "thread": thread}
    emails = [APPLICANT, SUCCESSOR, secretariat.email, officer.email]
    ThreadWatch.objects.filter(user__email__in=emails).delete()
    Handover.objects.filter(predecessor__email__in=emails).delete()
    Post.objects.filter(title__startswith="【E2E交代】").delete()
    User.objects.filter(email__in=emails).delete()


def test_sign_up_approval_reconfirmation_and_hand_over_on_a_phone(live_server, chrome, world, shots):
    from board.models import ThreadWatch
    from portal import services
    from portal.models import User

    base = live_server.url
    mail.outbox.clear()
    member = chrome.new_context(locale="ja-JP", viewport=PHONE).new_page()

    # 1. From the footer's link, sign up with 坂井市 by its reading (さかいし fits 堺市 too: choose).
    member.goto(base + "/")
    member.click("footer >> text=会員登録（自治体の方）")
    assert "登録・利用は無料です" in member.inner_text("main")
    member.fill("input[name=email]", APPLICANT)
    member.fill("input[name=municipality_name]", "さかいし")
    member.fill("input[name=department]", "総合政策部 企画政策課")
    member.fill("input[name=full_name]", "坂井 太郎")
    member.fill("input[name=full_name_kana]", "さかい たろう")
    member.fill("input[name=phone]", "0776-50-3000")
    member.fill("input[name=password1]", PASSWORD)
    member.fill("input[name=password2]", PASSWORD)
    member.check("input[name=agree_privacy]")
    screenshot(member, shots, "signup")
    member.click("main form.account-form button[type=submit]")
    member.wait_for_load_state()
    assert member.locator("fieldset.candidates").is_visible()
    assert member.input_value("input[name=department]") == "総合政策部 企画政策課"  # nothing typed is lost
    member.check("fieldset.candidates input[value='182109']")
    member.fill("input[name=password1]", PASSWORD)
    member.fill("input[name=password2]", PASSWORD)
    screenshot(member, shots, "signup-candidates")
    member.click("main form.account-form button[type=submit]")
    member.wait_for_load_state()
    assert member.url.endswith("/members/pending/")
    assert "申請を受け付けました" in member.inner_text("main")
    user = User.objects.get(email=APPLICANT)
    assert user.municipality_id == "182109" and user.approval_status == User.Approval.PENDING

    # 2. The confirmation mail's link; then the pending page says the Secretariat is deciding.
    member.goto(base + link_in_last_mail(APPLICANT, r"/accounts/confirm-email/\S+/"))
    member.click("main form button[type=submit]")
    member.wait_for_load_state()
    assert member.url.endswith("/members/pending/")
    assert "メールアドレスの確認が済みました" in member.inner_text("main")
    screenshot(member, shots, "pending")
    to_secretariat = [m for m in mail.outbox if m.to == [SECRETARIAT_MAILBOX]]
    assert to_secretariat and to_secretariat[-1].subject == "[特別区全国連携プロジェクト] 会員登録の申請：福井県坂井市 坂井 太郎"

    # 3. The Secretariat logs in (two-factor), sees the pending count and approves with the button.
    staff = chrome.new_context(locale="ja-JP", viewport=PHONE).new_page()
    log_in(staff, base, world["secretariat"].email, "pass-for-tests-2026")
    staff.fill("input[name=code]", totp_code(world["secretariat"]))
    staff.click("main form button[type=submit]")
    staff.wait_for_load_state()
    staff.goto(base + "/admin/")  # the Secretariat's own entry point
    screenshot(staff, shots, "admin-index")
    pending_row = staff.locator("#account-tasks tr", has_text="承認待ちの申請")
    assert pending_row.locator(".count").inner_text() == "1"
    pending_row.locator("a").click()
    staff.wait_for_load_state()
    screenshot(staff, shots, "admin-pending-list")
    staff.click(f"#result_list >> text={APPLICANT}")
    staff.wait_for_load_state()
    assert "lg.jp（地方公共団体）のアドレスです" in staff.inner_text("section.decision")
    screenshot(staff, shots, "admin-applicant")
    staff.click("section.decision >> text=承認する")
    staff.wait_for_load_state()
    assert "を承認し" in staff.inner_text(".messagelist")
    approved = [m for m in mail.outbox if m.to == [APPLICANT] and "承認されました" in m.subject][-1]
    assert "特別区全国連携プロジェクト 会員専用ホームページ" in approved.body
    from django.conf import settings

    assert settings.PORTAL_SITE_URL + "/accounts/login/" in approved.body and "example.com" not in approved.body

    # 4. The member logs in and reaches the board; watches a thread.
    open_menu(member)
    member.click("text=ログアウト")
    member.wait_for_load_state()
    log_in(member, base, APPLICANT, PASSWORD)
    assert member.url.endswith("/board/")
    user.refresh_from_db()
    ThreadWatch.objects.create(user=user, post=world["thread"], mode=ThreadWatch.Mode.WATCH)

    # 5. Next 1 April the yearly job asks for a reconfirmation; 「変更なし」 from the mail, no login needed.
    today = dt.date.today()
    next_april = dt.datetime(today.year + (today.month >= 4), 4, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    services.account_lifecycle(now=next_april)
    reconfirm = chrome.new_context(locale="ja-JP", viewport=PHONE).new_page()
    reconfirm.goto(base + link_in_last_mail(APPLICANT, r"/members/reconfirm/\S+/"))
    assert "総合政策部 企画政策課" in reconfirm.inner_text("main")
    screenshot(reconfirm, shots, "reconfirm")
    reconfirm.click("text=変更なし（このまま確認する）")
    reconfirm.wait_for_load_state()
    assert "確認しました" in reconfirm.inner_text("main")
    assert user.reconfirmations.get(fiscal_year=next_april.year).confirmed_via == "link"

    # 6. 人事異動: from マイページ the member names a successor.
    open_menu(member)
    member.click("header >> text=マイページ")
    member.click("main >> text=担当者の交代（人事異動）")
    member.fill("input[name=successor_email]", SUCCESSOR)
    member.fill("textarea[name=message]", "4月から担当をお願いします。")
    member.click("main form.account-form button[type=submit]")
    member.wait_for_load_state()
    assert "後任者の登録待ち" in member.inner_text("main")

    # 7. The successor signs up from the invitation, already linked to 坂井市.
    successor = chrome.new_context(locale="ja-JP", viewport=PHONE).new_page()
    successor.goto(base + link_in_last_mail(SUCCESSOR, r"/members/handover/accept/\S+/"))
    assert "福井県坂井市" in successor.inner_text("main")
    successor.fill("input[name=department]", "総合政策部 企画政策課")
    successor.fill("input[name=full_name]", "坂井 花子")
    successor.fill("input[name=phone]", "0776-50-3001")
    successor.fill("input[name=password1]", PASSWORD)
    successor.fill("input[name=password2]", PASSWORD)
    successor.check("input[name=agree_privacy]")
    successor.click("main form.account-form button[type=submit]")
    successor.wait_for_load_state()
    assert successor.url.endswith("/members/pending/")
    assert "メールアドレスの確認が済みました" in successor.inner_text("main")

    # 8. The Secretariat confirms the hand-over with one click, the predecessor shown.
    staff.goto(base + "/admin/")
    staff.locator("#account-tasks tr", has_text="担当者の交代").locator("a").click()
    staff.wait_for_load_state()
    staff.click("#result_list tbody th a")
    staff.wait_for_load_state()
    assert "坂井 太郎" in staff.inner_text("section.decision")
    staff.click("text=交代を確認する（後任者を承認）")
    staff.wait_for_load_state()
    assert "交代を確認しました" in staff.inner_text(".messagelist")

    # 9. The successor is approved and watches the same thread; the predecessor cannot log in.
    new = User.objects.get(email=SUCCESSOR)
    assert new.approval_status == User.Approval.APPROVED and new.municipality_id == "182109"
    assert ThreadWatch.objects.filter(user=new, post=world["thread"], mode="watch").exists()
    successor.goto(base + "/")  # still logged in since the sign-up: now the board opens
    open_menu(successor)
    successor.click("header >> text=掲示板")
    successor.wait_for_load_state()
    assert successor.url.endswith("/board/")
    gone = chrome.new_context(locale="ja-JP", viewport=PHONE).new_page()
    log_in(gone, base, APPLICANT, PASSWORD)
    assert not gone.url.endswith("/board/")
    gone.goto(base + "/board/")
    assert "/accounts/login/" in gone.url
