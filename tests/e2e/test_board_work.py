"""The board as municipal staff use it, in headless Chromium on a 375 px phone: the new-post form's ward
grid, preview then post, a draft across a session end, a pamphlet request answered by two wards with
the total, and 「最初の未読へ」 on a 200-reply thread. Every step follows rendered links and buttons."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.e2e.conftest import login, open_menu

pytestmark = pytest.mark.e2e

PASSWORD = "pass-for-tests-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONE = {"width": 375, "height": 800}


@pytest.fixture
def people(committed):
    from board.models import Draft, Post
    from portal.models import User
    from tests.factories import LiaisonFactory, MemberFactory

    made = {
        "sakai": MemberFactory(email="e2e-work-sakai@example.jp", full_name="坂井 花子"),
        "shinagawa": LiaisonFactory(email="e2e-work-shinagawa@example.jp", full_name="品川 一郎"),
        "minato": LiaisonFactory(email="e2e-work-minato@example.jp", municipality_id="131032", full_name="港 次郎"),
    }
    yield made
    Post.objects.filter(title__startswith="【E2E業務】").delete()
    Draft.objects.filter(author__in=made.values()).delete()
    User.objects.filter(pk__in=[u.pk for u in made.values()]).delete()


def phone(chrome):
    return chrome.new_context(locale="ja-JP", viewport=PHONE).new_page()


def open_new_post_form(page) -> None:
    open_menu(page)
    page.click(".site-header a:has-text('掲示板')")
    page.click("main a:has-text('新規投稿')")
    page.wait_for_load_state()


LINE_BOXES = """() => {
  const fieldset = document.querySelector('fieldset.ward-field').getBoundingClientRect();
  return [...document.querySelectorAll('fieldset.ward-field label.checkbox')].map(label => {
    const name = label.querySelector('.ward-name');
    const range = document.createRange();
    range.selectNodeContents(name);
    // One line box per distinct top among the text's rectangles (a stacked name has one per character).
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    const box = label.getBoundingClientRect();
    return {name: name.textContent, lines: tops.size,
            inside: box.left >= fieldset.left - 0.5 && box.right <= fieldset.right + 0.5};
  });
}"""


def test_the_ward_grid_reads_on_one_line_per_ward_at_375px(live_server, chrome, people):
    page = phone(chrome)
    login(page, live_server.url, people["sakai"].email, PASSWORD)
    open_new_post_form(page)
    labels = page.evaluate(LINE_BOXES)
    assert len(labels) == 23
    assert [label for label in labels if label["lines"] != 1] == []
    assert [label["name"] for label in labels if not label["inside"]] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # 坂井市 and 品川区 held the しながわ水族館 event together: suggested, with the reason, not ticked.
    suggestion = page.locator(".ward-suggestions > li").first
    assert suggestion.locator(".ward-name").inner_text() == "品川区"
    assert "しながわ水族館" in suggestion.locator(".ward-reasons").inner_text()
    assert not suggestion.locator("input").is_checked()


def test_preview_then_post(live_server, chrome, people):
    from board.models import Post

    page = phone(chrome)
    login(page, live_server.url, people["sakai"].email, PASSWORD)
    open_new_post_form(page)
    page.select_option("select[name=category]", label="新たな連携・交流事業の提案")
    page.fill("input[name=title]", "【E2E業務】三国湊の食のフェアのご提案")
    page.fill("textarea[name=body]", "**越前がに**を @品川区 さんと一緒に紹介したいと考えています。")
    page.check("input[name=target_wards][value='131091']")
    page.click("button[value=preview]")
    page.wait_for_load_state()
    preview = page.locator("section.preview")
    assert preview.locator("strong").inner_text() == "越前がに"
    assert preview.locator("a.mention").inner_text() == "@品川区"
    assert not Post.objects.filter(title="【E2E業務】三国湊の食のフェアのご提案").exists()
    assert page.input_value("textarea[name=body]").startswith("**越前がに**")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click("button[value=publish]")
    page.wait_for_load_state()
    post = Post.objects.get(title="【E2E業務】三国湊の食のフェアのご提案")
    assert page.url.endswith(post.get_absolute_url())
    assert page.locator(".post__body strong").inner_text() == "越前がに"
    assert list(post.target_wards.values_list("pk", flat=True)) == ["131091"]


def test_a_draft_survives_the_end_of_the_session(live_server, chrome, people, tmp_path):
    from board.models import Draft, Post

    pdf = tmp_path / "フェア企画書.pdf"
    pdf.write_bytes(PDF)
    page = phone(chrome)
    login(page, live_server.url, people["sakai"].email, PASSWORD)
    open_new_post_form(page)
    page.fill("input[name=title]", "【E2E業務】書きかけの提案")
    page.fill("textarea[name=body]", "ここまで書きました。")
    page.set_input_files("input[name=files]", str(pdf))
    page.click("button[value=draft]")
    page.wait_for_load_state()
    assert "下書きを保存しました" in page.locator(".messages").inner_text()
    open_menu(page)
    page.click(".site-header button:has-text('ログアウト')")
    page.wait_for_load_state()
    page.context.close()

    page = phone(chrome)  # a new browser session
    login(page, live_server.url, people["sakai"].email, PASSWORD)
    open_new_post_form(page)
    page.click("main a:has-text('下書きの一覧')")
    page.click(".drafts a:has-text('【E2E業務】書きかけの提案')")
    page.wait_for_load_state()
    assert page.input_value("textarea[name=body]") == "ここまで書きました。"
    assert "フェア企画書.pdf" in page.locator("form.board-form").inner_text()
    page.select_option("select[name=category]", label="新たな連携・交流事業の提案")
    page.fill("textarea[name=body]", "ここまで書きました。続きも書きました。")
    page.click("button[value=publish]")
    page.wait_for_load_state()
    post = Post.objects.get(title="【E2E業務】書きかけの提案")
    assert page.url.endswith(post.get_absolute_url())
    assert page.locator(".files").inner_text().startswith("フェア企画書.pdf")
    assert not Draft.objects.filter(author=people["sakai"]).exists()


def test_a_pamphlet_request_answered_by_two_wards_shows_the_total(live_server, chrome, people):
    from board.models import Post

    base = live_server.url
    deadline = timezone.localdate() + dt.timedelta(days=10)
    requester = phone(chrome)
    login(requester, base, people["sakai"].email, PASSWORD)
    open_new_post_form(requester)
    requester.select_option("select[name=category]", label="パンフレット配布依頼（締切日あり）")
    requester.fill("input[name=title]", "【E2E業務】観光パンフレットの配架のお願い")
    requester.fill("textarea[name=body]", "区の施設に配架していただける区を募集します。")
    requester.fill("input[name=deadline]", deadline.isoformat())
    requester.check("input[name=target_wards][value='131091']")
    requester.check("input[name=target_wards][value='131032']")
    requester.click("button[value=publish]")
    requester.wait_for_load_state()
    post = Post.objects.get(title="【E2E業務】観光パンフレットの配架のお願い")
    assert requester.locator(".post__head .deadline").inner_text() == "締切まであと10日"

    for officer, copies, place in (("shinagawa", "300", "区役所本庁舎"), ("minato", "150", "区民センター")):
        page = phone(chrome)
        login(page, base, people[officer].email, PASSWORD)
        open_menu(page)
        page.click(".site-header a:has-text('掲示板')")
        page.click(".thread__title a:has-text('【E2E業務】観光パンフレットの配架のお願い')")
        page.check("form.answer-form input[name=response][value=yes]")
        page.fill("form.answer-form input[name=copies]", copies)
        page.fill("form.answer-form input[name=place]", place)
        page.fill("form.answer-form textarea[name=ship_to]", f"{place}（{officer}）")
        page.click("form.answer-form button[type=submit]")
        page.wait_for_load_state()
        assert "回答を登録しました" in page.locator(".messages").inner_text()
        page.context.close()

    requester.reload()
    table = requester.locator(".answer-table")
    assert table.locator("tbody tr").count() == 2
    assert table.locator("tfoot [data-label=部数]").inner_text() == "450部"
    assert "配布部数の合計 450部" in requester.locator(".answer-summary").inner_text()
    assert requester.evaluate("document.documentElement.scrollWidth") <= 375
    assert post.answers.count() == 2


def test_first_unread_on_a_200_reply_thread_lands_on_the_right_reply(live_server, chrome, people):
    from board.models import Post, ReadMark, Reply
    from core.caching import BOARD
    from tests.factories import PostFactory

    officer = people["shinagawa"]
    post = PostFactory(title="【E2E業務】返信の多い相談", author=people["minato"])
    start = timezone.now() - dt.timedelta(days=1)
    Reply.objects.bulk_create(
        Reply(post=post, author=officer, organization_id=officer.municipality_id, body=f"返信その{i + 1}",
              body_html=f"<p>返信その{i + 1}</p>", created_at=start + dt.timedelta(minutes=i))
        for i in range(200)
    )
    Post.objects.filter(pk=post.pk).update(reply_count=200, last_activity_at=start + dt.timedelta(minutes=200))
    BOARD.bump()
    replies = list(post.replies.order_by("created_at", "pk"))
    ReadMark.objects.create(user=people["sakai"], post=post, read_at=replies[129].created_at)  # read up to 130

    page = phone(chrome)
    login(page, live_server.url, people["sakai"].email, PASSWORD)
    open_menu(page)
    page.click(".site-header a:has-text('掲示板')")
    page.click(".thread--unread .thread__title a:has-text('【E2E業務】返信の多い相談')")
    page.wait_for_load_state()
    target = replies[130]
    assert page.url.endswith(f"?page=3#reply-{target.pk}")
    reply = page.locator(f"#reply-{target.pk}")
    assert reply.locator(".reply__number").inner_text() == "#131"
    assert "返信その131" in reply.inner_text()
    box = reply.bounding_box()
    assert 0 <= box["y"] < PHONE["height"]  # scrolled to it
    assert page.locator("h1").inner_text() == "【E2E業務】返信の多い相談"  # the post is on every page
