"""Loop 1 of SPEC.md in the browser, on a 375 px phone, following rendered links and pressing rendered
buttons only: 坂井市's member posts a proposal to 品川区 → 品川区's officer sees the count in the
header and the post in the workspace (/board/mine/) → answers (区の対応, 調整中) and replies → the
member sees the count in the header, the e-mail is in the outbox, the notification centre leads to
the exact reply → the officer sets 実現 with the event → the member's notice links the event.

Screenshots of the header, the notification centre, マイページ and the workspace at 375 px and
1280 px go to $E2E_SCREENSHOT_DIR (else the test's temporary directory)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core import mail

from tests.e2e.conftest import open_menu
from tests.e2e.test_pages import axe_violations

pytestmark = pytest.mark.e2e

PASSWORD = "pass-for-tests-2026"
TITLE = "【E2E】黄金がにのPRイベントを区内の水族館で開催しませんか"
PHONE = {"width": 375, "height": 800}


@pytest.fixture
def people(committed):
    from board.models import Post
    from portal.models import User
    from tests.factories import LiaisonFactory, MemberFactory

    member = MemberFactory(email="e2e-loop-sakai@example.jp", full_name="坂井 花子", department="企画政策課")
    officer = LiaisonFactory(email="e2e-loop-shinagawa@example.jp", full_name="品川 一郎", department="企画調整課")
    yield {"member": member, "officer": officer}
    Post.objects.filter(title=TITLE).delete()
    User.objects.filter(pk__in=[member.pk, officer.pk]).delete()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("E2E_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page, shots: Path, name: str, *, only: str = "") -> None:
    """The page (or the element `only`) at 375 px and 1280 px, then back to the phone; nothing wider
    than the phone."""
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        path = str(shots / f"{name}-{width}.png")
        page.locator(only).screenshot(path=path) if only else page.screenshot(path=path, full_page=True)
        if width == 375:
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    page.set_viewport_size(PHONE)


def log_in(page, base: str, user) -> None:
    page.goto(base + "/")  # the only address typed: the portal's home
    open_menu(page)
    page.locator(".site-header").get_by_role("link", name="会員ログイン").click()
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/board/")


def header_count(page) -> str:
    badge = page.locator(".site-header a[href='/members/notifications/'] .count-badge")
    return badge.text_content() if badge.count() else ""


def test_a_proposal_becomes_a_project_and_the_proposer_hears_of_every_step(live_server, chrome, people, shots):
    from board.models import Notification, Post, Reply
    from events.models import Event

    base = live_server.url
    mail.outbox.clear()
    # bypass_csp: axe-core is injected as a script, which the portal's strict CSP would refuse.
    sakai = chrome.new_context(locale="ja-JP", viewport=PHONE, bypass_csp=True).new_page()
    shinagawa = chrome.new_context(locale="ja-JP", viewport=PHONE, bypass_csp=True).new_page()

    # 1. 坂井市's member posts a proposal for 品川区 from the board.
    log_in(sakai, base, people["member"])
    sakai.get_by_role("link", name="新規投稿").first.click()
    sakai.select_option("select[name=category]", label="新たな連携・交流事業の提案")
    sakai.fill("input[name=title]", TITLE)
    sakai.fill("textarea[name=body]", "坂井市の**黄金がに**を、区内の水族館でPRしませんか。")
    sakai.get_by_label("品川区", exact=True).check()
    sakai.locator("main form.board-form button[value=publish]").click()  # 投稿する (プレビュー comes first)
    sakai.wait_for_load_state()
    post = Post.objects.get(title=TITLE)
    assert sakai.url.endswith(post.get_absolute_url())

    # 2. 品川区's officer: the count in the header, the post waiting in the workspace.
    log_in(shinagawa, base, people["officer"])
    assert header_count(shinagawa) == "1件の未読"
    screenshot(shinagawa, shots, "header-officer", only=".site-header")
    shinagawa.get_by_role("link", name="担当の投稿").click()
    shinagawa.wait_for_url("**/board/mine/")
    waiting = shinagawa.locator("section[aria-labelledby=unanswered]")
    assert waiting.locator("h2").inner_text() == "品川区が未回答の提案（1件）"
    assert waiting.locator(".badge--accent").inner_text() == "0日経過"
    assert not axe_violations(shinagawa)
    screenshot(shinagawa, shots, "workspace-officer")

    # 3. …answers it (区の対応: 検討・調整中, which moves it to 調整中) and replies.
    waiting.get_by_role("link", name=TITLE).click()
    shinagawa.wait_for_url(f"**{post.get_absolute_url()}")
    shinagawa.select_option("select[name=stage]", label="区が検討・調整中")
    shinagawa.fill("form[action$='/engagement/'] input[name=note]", "しながわ水族館で11月の開催を検討します")
    shinagawa.get_by_role("button", name="区の対応を登録").click()
    shinagawa.wait_for_load_state()
    assert shinagawa.locator(".status-steps [aria-current=step]").inner_text() == "調整中"
    shinagawa.fill("#id_body", "品川区 企画調整課です。しながわ水族館と日程を調整します。")
    shinagawa.get_by_role("button", name="返信する").click()
    shinagawa.wait_for_load_state()
    reply = Reply.objects.get(post=post)
    assert shinagawa.url.endswith(f"#reply-{reply.pk}")
    # The answered proposal has left the officer's waiting list.
    open_menu(shinagawa)
    shinagawa.get_by_role("link", name="マイページ").click()
    shinagawa.get_by_role("link", name="担当の投稿").click()
    assert shinagawa.locator("section[aria-labelledby=unanswered] h2").inner_text() == "品川区が未回答の提案（0件）"

    # 4. The proposer sees it in the header; the e-mails are in the outbox.
    open_menu(sakai)
    sakai.get_by_role("link", name="掲示板", exact=True).first.click()
    assert header_count(sakai) == "2件の未読"
    screenshot(sakai, shots, "header-member", only=".site-header")
    to_sakai = [m for m in mail.outbox if m.to == [people["member"].email]]
    assert {m.subject for m in to_sakai} == {
        f"【掲示板】品川区があなたの投稿「{TITLE}」に区の対応を登録しました：区が検討・調整中",
        f"【掲示板】あなたの投稿「{TITLE}」に返信がありました",
    }
    assert all(m.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in to_sakai)

    # 5. …opens the notification centre and follows the entry to the exact reply.
    open_menu(sakai)
    sakai.get_by_role("link", name="マイページ").click()
    sakai.wait_for_url("**/members/")
    assert not axe_violations(sakai)
    screenshot(sakai, shots, "mypage-member")
    open_menu(sakai)
    sakai.locator(".site-header").get_by_role("link", name="通知").click()
    sakai.wait_for_url("**/members/notifications/")
    entries = sakai.locator(".notice-list > li")
    assert entries.count() == 2 and entries.locator(".unread").count() == 2
    assert "しながわ水族館と日程を調整します" in entries.nth(0).inner_text()  # the reply, newest first
    assert "しながわ水族館で11月の開催を検討します" in entries.nth(1).inner_text()  # the answer
    assert not axe_violations(sakai)
    screenshot(sakai, shots, "notifications-member")
    entries.nth(0).get_by_role("link").first.click()  # the newest: the reply
    sakai.wait_for_url(f"**{post.get_absolute_url()}#reply-{reply.pk}")
    assert sakai.locator(f"#reply-{reply.pk}").is_visible()
    assert "しながわ水族館と日程を調整します" in sakai.locator(f"#reply-{reply.pk}").inner_text()
    assert header_count(sakai) == ""  # reading the thread read its notifications

    # 6. The officer sets 実現 with the event at しながわ水族館.
    event = Event.objects.get(title="しながわ水族館 坂井市の黄金がにPRイベント")
    shinagawa.get_by_role("link", name=TITLE).first.click()
    shinagawa.select_option("select[name=status]", label="実現")
    option = shinagawa.locator("select[name=realised_event] option", has_text="しながわ水族館 坂井市の黄金がにPRイベント")
    shinagawa.select_option("select[name=realised_event]", option.get_attribute("value"))
    shinagawa.get_by_role("button", name="状況を変更").click()
    shinagawa.wait_for_load_state()
    assert shinagawa.locator(".status-steps [aria-current=step]").inner_text() == "実現"

    # 7. The proposer's notice says so and links the event.
    open_menu(sakai)
    sakai.get_by_role("link", name="掲示板", exact=True).first.click()
    assert header_count(sakai) == "1件の未読"
    open_menu(sakai)
    sakai.locator(".site-header").get_by_role("link", name="通知").click()
    latest = sakai.locator(".notice-list > li").first
    assert "の状況が「実現」になりました" in latest.inner_text()
    latest.get_by_role("link", name=event.title).click()
    sakai.wait_for_url(f"**{event.get_absolute_url()}")
    assert event.title in sakai.locator("h1").inner_text()
    kinds = set(Notification.objects.filter(post=post, user=people["member"]).values_list("kind", flat=True))
    assert kinds == {Notification.Kind.ENGAGEMENT, Notification.Kind.REPLY, Notification.Kind.STATUS}
