"""Every public page (and the member pages) in headless Chromium: no serious or critical axe-core
violation (WCAG 2.1 AA), no pa11y error (HTML_CodeSniffer, WCAG2AA: it finds what axe does not, such as
tables of several header levels without headers/id), valid HTML for the Nu checker, and no
horizontal scrolling on a 375 px phone."""

from __future__ import annotations

import json
import os
import subprocess
from urllib.parse import unquote

import pytest

from tests.e2e.conftest import AXE, CHROMIUM, PA11Y_RUNNER, VNU, login

pytestmark = pytest.mark.e2e

PASSWORD = "pass-for-tests-2026"


def public_paths() -> list[str]:
    from disaster_support.models import Disaster
    from events.models import Event

    event = Event.objects.filter(is_published=True, speakers__isnull=False).order_by("-start_date").first()
    disaster = Disaster.objects.get(name="東日本大震災")
    noto = Disaster.objects.get(name="令和6年能登半島地震")  # dispatch by term → task → destination
    return [
        "/", "/about/", "/about/history/", "/about/outcomes/", "/wards/", "/wards/131091/", "/municipalities/",
        "/municipalities/?region=hokkaido&member=yes", "/municipalities/182109/", "/agreements/", "/events/",
        "/events/?kind=exhibition&nendo=2024", f"/events/{event.pk}/", "/disaster-support/",
        f"/disaster-support/{disaster.pk}/", f"/disaster-support/{noto.pk}/", "/news/", "/search/?q=連携", "/accessibility/",
        "/accessibility/results/", "/opendata/", "/contact/", "/faq/", "/privacy/", "/agreements/hokkaido-chosonkai/",
        "/agreements/kyoto-shichokai/",
        "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
    ]


MEMBER_PATHS = [
    "/board/", "/board/new/", "/board/subscriptions/", "/board/mine/", "/board/?show=mine", "/members/",
    "/members/notifications/", "/members/profile/", "/members/organization/", "/members/handover/", "/members/leave/",
]


@pytest.fixture
def paths(live_server, committed):
    return public_paths()


@pytest.fixture
def member_thread(committed):
    """A member and a thread with a reply and an attachment, for the member pages (deleted after)."""
    from board import services
    from portal.models import User
    from tests.factories import AttachmentFactory, LiaisonFactory, MemberFactory, PostFactory

    member = MemberFactory(email="e2e-member@example.jp")
    post = PostFactory(author=member, title="ブラウザテストの提案")
    # Through the service: the member's notification centre then has an entry.
    reply = services.reply_create(user=LiaisonFactory(), post=post, body="品川区です。**検討**します。")
    AttachmentFactory(post=post)
    yield member, post
    post.delete()
    User.objects.filter(pk__in=[member.pk, reply.author_id]).delete()


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check(page, base: str, path: str, problems: dict, html_dir) -> None:
    response = page.goto(base + path)
    assert response.status == 200, f"{path}: {response.status}"
    assert unquote(page.url) == base + path, f"{path}: redirected to {page.url}"
    html = response.text()  # as served, before axe-core is injected
    if violations := axe_violations(page):
        problems.setdefault(path, []).append(("axe", violations))
    page.set_viewport_size({"width": 375, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    if overflow > 375:
        problems.setdefault(path, []).append(("phone", f"scrollWidth {overflow}px > 375px"))
    page.set_viewport_size({"width": 1280, "height": 900})
    name = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-") or "home"
    (html_dir / f"{name}.html").write_text(html, encoding="utf-8")


def nu_errors(html_dir) -> list[str]:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(html_dir)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').rsplit('/', 1)[-1]}: {m.get('message')} [{m.get('extract', '')[:80]}]" for m in messages]


def pa11y_errors(base: str, paths: list[str], page=None) -> list[dict]:
    """pa11y's errors on the pages (tests/e2e/pa11y.cjs), signed in as `page`'s user when given."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies()) if page else ""
    result = subprocess.run(
        ["node", str(PA11Y_RUNNER)], input=json.dumps({"urls": [base + p for p in paths], "cookie": cookie}),
        capture_output=True, text=True, timeout=600, env={**os.environ, "CHROMIUM": CHROMIUM},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_public_pages_are_accessible_valid_and_fit_a_phone(server, tab, paths, tmp_path):
    problems: dict = {}
    for path in paths:
        check(tab, server.url, path, problems, tmp_path)
    errors = nu_errors(tmp_path)
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    assert not errors, "\n".join(errors)
    assert not (found := pa11y_errors(server.url, paths)), json.dumps(found, ensure_ascii=False, indent=1)


def test_member_pages_are_accessible_valid_and_fit_a_phone(server, tab, member_thread, tmp_path):
    member, post = member_thread
    login(tab, server.url, member.email, PASSWORD)
    problems: dict = {}
    from board import unsubscribe

    unsubscribe_path = unsubscribe.url_for(user_id=member.pk, setting=("topic", "own")).split("/", 3)[3]
    paths = [*MEMBER_PATHS, post.get_absolute_url(), f"/board/{post.pk}/edit/", f"/{unsubscribe_path}"]
    for path in paths:
        check(tab, server.url, path, problems, tmp_path)
    errors = nu_errors(tmp_path)
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    assert not errors, "\n".join(errors)
    # pa11y signed in as the member: every page is the member's, not the login page it would redirect to.
    assert not (found := pa11y_errors(server.url, paths, tab)), json.dumps(found, ensure_ascii=False, indent=1)


@pytest.fixture
def account_pages(committed):
    """A pending applicant, and the signed links of a reconfirmation and a hand-over invitation."""
    from portal import services
    from portal.models import ContactReconfirmation, Handover, User
    from tests.factories import MemberFactory, PendingFactory

    pending = PendingFactory(email="e2e-pending@example.jp", applied_at="2026-04-02T10:00:00+09:00")
    member = MemberFactory(email="e2e-reconfirm@example.jp")
    row = ContactReconfirmation.objects.create(user=member, fiscal_year=2026)
    handover = services.handover_invite(predecessor=member, successor_email="e2e-next@example.jp")
    paths = [f"/members/reconfirm/{services.reconfirmation_token(row)}/",
             f"/members/handover/accept/{services.handover_token(handover)}/"]
    yield pending, paths
    Handover.objects.filter(pk=handover.pk).delete()
    User.objects.filter(pk__in=[pending.pk, member.pk]).delete()


def test_account_pages_are_accessible_valid_and_fit_a_phone(server, tab, account_pages, tmp_path):
    pending, signed = account_pages
    problems: dict = {}
    for path in signed:
        check(tab, server.url, path, problems, tmp_path)
    login(tab, server.url, pending.email, PASSWORD)
    check(tab, server.url, "/members/pending/", problems, tmp_path)
    errors = nu_errors(tmp_path)
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    assert not errors, "\n".join(errors)
    found = pa11y_errors(server.url, signed) + pa11y_errors(server.url, ["/members/pending/"], tab)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.fixture
def board_work(committed):
    """A pamphlet request with two wards' answers, a 60-reply thread, a draft and a reply to report,
    for the pages of issue 14 (deleted after)."""
    import datetime as dt

    from django.utils import timezone

    from board import services
    from board.models import Category, Post, Reply
    from core.caching import BOARD
    from municipalities.models import Ward
    from portal.models import User
    from tests.factories import LiaisonFactory, MemberFactory, PostFactory

    member = MemberFactory(email="e2e-pages-member@example.jp")
    officers = [LiaisonFactory(email=f"e2e-pages-{code}@example.jp", municipality_id=code) for code in ("131091", "131032")]
    request = services.post_create(
        user=member, category=Category.objects.get(slug="pamphlet"), title="ブラウザテストの配布依頼", body="配架のお願い",
        target_wards=list(Ward.objects.filter(pk__in=["131091", "131032", "131105"])),
        deadline=timezone.localdate() + dt.timedelta(days=5),
    )
    for officer, copies in zip(officers, (300, 150), strict=True):
        services.answer_record(user=officer, post=request, ward=Ward.objects.get(pk=officer.municipality_id),
                               response="yes", copies=copies, place="区役所本庁舎", ship_to="〒000-0000 区役所 企画課")
    long = PostFactory(title="ブラウザテストの長いスレッド")
    Reply.objects.bulk_create(
        Reply(post=long, author=officers[i % 2], organization_id=officers[i % 2].municipality_id, body=f"返信{i}",
              body_html=f"<p>返信{i}</p>", created_at=timezone.now() - dt.timedelta(minutes=100 - i))
        for i in range(60)
    )
    Post.objects.filter(pk=long.pk).update(reply_count=60)
    BOARD.bump()
    draft = services.draft_save(user=member, category=None, title="ブラウザテストの下書き", body="書きかけ")
    yield member, request, long, draft
    Post.objects.filter(pk__in=[request.pk, long.pk]).delete()
    User.objects.filter(pk__in=[member.pk, long.author_id, *(o.pk for o in officers)]).delete()


def test_the_board_work_pages_are_accessible_valid_and_fit_a_phone(server, tab, board_work, tmp_path):
    member, request, long, draft = board_work
    login(tab, server.url, member.email, PASSWORD)
    reply = long.replies.order_by("pk").first()
    problems: dict = {}
    for path in ["/board/drafts/", draft.get_absolute_url(), request.get_absolute_url(),
                 f"{long.get_absolute_url()}?page=2", f"/board/replies/{reply.pk}/report/", f"/board/{long.pk}/report/"]:
        check(tab, server.url, path, problems, tmp_path)
    # The preview is the answer to a POST: checked as rendered.
    tab.goto(server.url + "/board/new/")
    tab.select_option("select[name=category]", label="新たな連携・交流事業の提案")
    tab.fill("input[name=title]", "プレビューの確認")
    tab.fill("textarea[name=body]", "**太字**と @品川区 と\n\n- 箇条書き")
    tab.click("button[value=preview]")
    tab.wait_for_load_state()
    (tmp_path / "preview.html").write_text(tab.content(), encoding="utf-8")  # before axe-core is injected
    if violations := axe_violations(tab):
        problems.setdefault("preview", []).append(("axe", violations))
    errors = nu_errors(tmp_path)
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    assert not errors, "\n".join(errors)
