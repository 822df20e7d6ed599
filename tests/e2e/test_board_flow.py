"""The board's main flow in the browser: sign up, confirm the e-mail, wait for approval, get approved,
post a proposal with a PDF to 品川区, 品川区's officer replies, the author moves the status, and the
notification e-mails go out."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

PASSWORD = "Kyoryoku-2026-portal"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(committed):
    from board.models import Post
    from portal.models import User
    from tests.factories import LiaisonFactory, SecretariatFactory

    officer = LiaisonFactory(email="e2e-shinagawa@example.jp")
    secretariat = SecretariatFactory(email="e2e-secretariat@example.jp")
    yield {"officer": officer, "secretariat": secretariat}
    Post.objects.filter(title__startswith="【E2E】").delete()
    User.objects.filter(email__in=["e2e-applicant@example.jp", officer.email, secretariat.email]).delete()


def test_sign_up_to_proposal_reply_and_notifications(live_server, chrome, people, tmp_path):
    from board.models import Notification, Post
    from portal.models import User

    base = live_server.url
    mail.outbox.clear()
    applicant = chrome.new_context(locale="ja-JP")
    page = applicant.new_page()

    # 1. Sign up, choosing 坂井市 by its reading.
    page.goto(f"{base}/accounts/signup/")
    page.fill("input[name=email]", "e2e-applicant@example.jp")
    page.fill("input[name=municipality_name]", "福井県さかいし")
    page.fill("input[name=department]", "総合政策部 企画政策課")
    page.fill("input[name=full_name]", "坂井 次郎")
    page.fill("input[name=phone]", "0776-50-3000")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=agree_privacy]")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    user = User.objects.get(email="e2e-applicant@example.jp")
    assert user.municipality_id == "182109" and user.approval_status == User.Approval.PENDING

    # 2. Confirm the address with the link of the e-mail.
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    # 3. Logged in (confirming may already log in) but not approved: the pending page, nothing of the board.
    page.goto(f"{base}/board/")
    if "/accounts/login/" in page.url:
        login(page, base, "e2e-applicant@example.jp", PASSWORD)
        page.goto(f"{base}/board/")
    assert "/members/pending/" in page.url

    # 4. The Secretariat approves in the admin (bulk action); the applicant is told by e-mail.
    admin = Client()
    admin.force_login(people["secretariat"])
    response = admin.post("/admin/portal/user/", {"action": "approve", "_selected_action": [user.pk]})
    assert response.status_code == 302
    assert any("e2e-applicant@example.jp" in m.to for m in mail.outbox[-2:])

    # 5. Post a proposal with a PDF, for 品川区.
    pdf = tmp_path / "黄金がにPR企画書.pdf"
    pdf.write_bytes(PDF)
    page.goto(f"{base}/board/new/")
    page.select_option("select[name=category]", label="新たな連携・交流事業の提案")
    page.fill("input[name=title]", "【E2E】黄金がにのPRイベントのご提案")
    page.fill("textarea[name=body]", "区内の水族館で**黄金がに**のPRをしませんか。")
    page.check("input[name=target_wards][value='131091']")
    page.set_input_files("input[name=files]", str(pdf))
    page.click("main form.board-form button[value=publish]")  # (プレビュー and 下書き保存 come first)
    page.wait_for_load_state()
    post = Post.objects.get(title="【E2E】黄金がにのPRイベントのご提案")
    assert page.url.endswith(post.get_absolute_url())
    assert page.locator(".files").inner_text().startswith("黄金がにPR企画書.pdf")
    assert page.locator(".post__body strong").inner_text() == "黄金がに"

    # 6. 品川区's officer was notified and replies.
    assert Notification.objects.get(post=post, user=people["officer"]).kind == Notification.Kind.TARGETED
    officer = chrome.new_context(locale="ja-JP").new_page()
    login(officer, base, people["officer"].email, "pass-for-tests-2026")
    officer.goto(base + post.get_absolute_url())
    officer.fill("#id_body", "品川区です。しながわ水族館での開催を検討します。")
    officer.click("form[action$='/reply/'] button[type=submit]")
    officer.wait_for_load_state()
    assert "しながわ水族館での開催を検討します" in officer.locator(".replies").inner_text()

    # 7. The author sees the reply and moves the proposal to 調整中.
    page.goto(base + post.get_absolute_url())
    page.select_option("select[name=status]", "coordinating")
    page.click("form[action$='/status/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".status-steps [aria-current=step]").inner_text() == "調整中"

    # 8. Every notification was sent by the task queue (immediate backend in tests).
    notifications = Notification.objects.filter(post=post)
    assert {(n.user.email, n.kind) for n in notifications} >= {
        (people["officer"].email, Notification.Kind.TARGETED),
        ("e2e-applicant@example.jp", Notification.Kind.REPLY),
    }
    assert all(n.state == Notification.State.SENT for n in notifications if n.state != Notification.State.DIGEST)
    recipients = {address for m in mail.outbox for address in m.to}
    assert {people["officer"].email, "e2e-applicant@example.jp"} <= recipients
