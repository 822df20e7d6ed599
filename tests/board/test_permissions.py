"""Who may do what on the board, URL by URL and role by role, including what each must NOT do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from board.models import Category, Engagement, Post, Reply, WardAnswer
from tests.factories import (
    AttachmentFactory,
    LiaisonFactory,
    MemberFactory,
    PendingFactory,
    PostFactory,
    ReplyFactory,
    SecretariatFactory,
)

pytestmark = pytest.mark.django_db

SECRET_TITLE = "非公開の連携提案（会員限定）"


@pytest.fixture
def world():
    """A post by 坂井市's member, a reply by 品川区's officer, an attachment on each, a hidden post."""
    author = MemberFactory()
    officer = LiaisonFactory()
    post = PostFactory(author=author, title=SECRET_TITLE)
    reply = ReplyFactory(post=post, author=officer)
    hidden = PostFactory(author=MemberFactory(), title="非表示の投稿", is_hidden=True)
    request = PostFactory(
        author=author, category=Category.objects.get(slug="pamphlet"), deadline=timezone.localdate() + dt.timedelta(days=9),
    )
    return {
        "author": author, "officer": officer, "post": post, "reply": reply, "hidden": hidden, "request": request,
        "post_file": AttachmentFactory(post=post), "reply_file": AttachmentFactory(post=None, reply=reply, uploaded_by=officer),
        "hidden_file": AttachmentFactory(post=hidden),
    }


def client_as(role: str, world) -> Client:
    client = Client()
    user = {
        "anonymous": None,
        "pending": lambda: PendingFactory(),
        "member": lambda: MemberFactory(),
        "author": lambda: world["author"],
        "liaison": lambda: LiaisonFactory(municipality_id="131016"),
        "officer": lambda: world["officer"],
        "secretariat": lambda: SecretariatFactory(),
    }[role]
    if user:
        client.force_login(user())
    return client


def url(name: str, world) -> str:
    post, reply = world["post"], world["reply"]
    return {
        "index": "/board/", "new": "/board/new/", "thread": f"/board/{post.pk}/",
        "edit": f"/board/{post.pk}/edit/", "delete": f"/board/{post.pk}/delete/",
        "reply_edit": f"/board/replies/{reply.pk}/edit/", "reply_delete": f"/board/replies/{reply.pk}/delete/",
        "file": f"/board/files/{world['post_file'].pk}/", "reply_file": f"/board/files/{world['reply_file'].pk}/",
        "hidden_thread": f"/board/{world['hidden'].pk}/", "hidden_file": f"/board/files/{world['hidden_file'].pk}/",
        "subscriptions": "/board/subscriptions/", "drafts": "/board/drafts/",
        "report": f"/board/{post.pk}/report/", "reply_report": f"/board/replies/{reply.pk}/report/",
        "answers_csv": f"/board/{world['request'].pk}/answers.csv", "proposal_csv": f"/board/{post.pk}/answers.csv",
        "hidden_report": f"/board/{world['hidden'].pk}/report/",
    }[name]


# Expected status of a GET per role. 302 = sent to login (anonymous) or the pending page.
GET_MATRIX = {
    #                anonymous pending member author liaison officer secretariat
    "index":          (302, 302, 200, 200, 200, 200, 200),
    "new":            (302, 302, 200, 200, 200, 200, 200),
    "thread":         (302, 302, 200, 200, 200, 200, 200),
    "edit":           (302, 302, 403, 200, 403, 403, 200),
    "delete":         (302, 302, 403, 200, 403, 403, 200),
    "reply_edit":     (302, 302, 403, 403, 403, 200, 200),
    "reply_delete":   (302, 302, 403, 403, 403, 200, 200),
    "file":           (302, 302, 200, 200, 200, 200, 200),
    "reply_file":     (302, 302, 200, 200, 200, 200, 200),
    "hidden_thread":  (302, 302, 404, 404, 404, 404, 200),
    "hidden_file":    (302, 302, 404, 404, 404, 404, 200),
    "subscriptions":  (302, 302, 200, 200, 200, 200, 200),
    "drafts":         (302, 302, 200, 200, 200, 200, 200),
    # Reporting: not one's own writing; the Secretariat moderates directly.
    "report":         (302, 302, 200, 403, 200, 200, 403),
    "reply_report":   (302, 302, 200, 200, 200, 403, 403),
    "hidden_report":  (302, 302, 404, 404, 404, 404, 403),
    # The answers' CSV: the requester and the Secretariat; a post without answers has none.
    "answers_csv":    (302, 302, 403, 200, 403, 403, 200),
    "proposal_csv":   (302, 302, 404, 404, 404, 404, 404),
}
ROLES = ["anonymous", "pending", "member", "author", "liaison", "officer", "secretariat"]
CASES = [(page, role, expected[i]) for page, expected in GET_MATRIX.items() for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("page", "role", "expected"), CASES)
def test_get_matrix(world, page, role, expected):
    response = client_as(role, world).get(url(page, world))
    assert response.status_code == expected
    if expected == 302:
        target = "/accounts/login/" if role == "anonymous" else "/members/pending/"
        assert response["Location"].startswith(target)
    if expected != 200:
        # Outsiders learn nothing: not even a title.
        assert SECRET_TITLE.encode() not in response.content
        assert "非表示の投稿".encode() not in response.content


@pytest.mark.parametrize("role", ["anonymous", "pending"])
def test_outsiders_cannot_post_or_reply(world, role):
    client = client_as(role, world)
    proposal = Category.objects.get(slug="proposal").pk
    client.post("/board/new/", {"category": proposal, "title": "x", "body": "y"})
    client.post(f"/board/{world['post'].pk}/reply/", {"body": "y"})
    assert Post.objects.count() == 3 and Reply.objects.count() == 1


@pytest.mark.parametrize("role", ["member", "liaison", "officer"])
def test_others_cannot_edit_or_delete_the_post(world, role):
    client = client_as(role, world)
    post = world["post"]
    assert client.post(f"/board/{post.pk}/edit/", {"title": "改ざん", "body": "改ざん"}).status_code == 403
    assert client.post(f"/board/{post.pk}/delete/").status_code == 403
    post.refresh_from_db()
    assert post.title == SECRET_TITLE


@pytest.mark.parametrize("role", ["member", "author", "liaison"])
def test_others_cannot_edit_or_delete_the_reply(world, role):
    client = client_as(role, world)
    reply = world["reply"]
    assert client.post(f"/board/replies/{reply.pk}/edit/", {"body": "改ざん"}).status_code == 403
    assert client.post(f"/board/replies/{reply.pk}/delete/").status_code == 403
    assert Reply.objects.get(pk=reply.pk).body != "改ざん"


def test_a_member_who_is_not_the_author_cannot_change_the_status(world):
    client = client_as("member", world)
    assert client.post(f"/board/{world['post'].pk}/status/", {"status": "closed"}).status_code == 403
    assert Post.objects.get(pk=world["post"].pk).status == Post.Status.OPEN


@pytest.mark.parametrize(
    ("role", "expected"),
    # The officer of 品川区 only replied (no 区の対応) to a proposal that targets no ward: not theirs to close.
    [("author", 302), ("officer", 403), ("liaison", 403), ("secretariat", 302), ("member", 403), ("pending", 302)],
)
def test_status_change_by_role(world, role, expected):
    response = client_as(role, world).post(f"/board/{world['post'].pk}/status/", {"status": "closed"})
    assert response.status_code == expected
    closed = Post.objects.get(pk=world["post"].pk).status == Post.Status.CLOSED
    assert closed is (role in ("author", "secretariat"))
    if expected == 403:
        assert "状況を変更できるのは" in response.content.decode()  # the Japanese reason, on the 403 page


def test_officers_of_a_targeted_or_engaged_ward_may_close_another_municipalitys_proposal(world):
    from municipalities.models import Ward

    post = world["post"]
    assert client_as("officer", world).post(f"/board/{post.pk}/status/", {"status": "closed"}).status_code == 403
    post.target_wards.set([Ward.objects.get(pk="131091")])  # targets 品川区
    assert client_as("officer", world).post(f"/board/{post.pk}/status/", {"status": "closed"}).status_code == 302
    assert Post.objects.get(pk=post.pk).status == Post.Status.CLOSED
    chiyoda = LiaisonFactory(municipality_id="131016")
    client = Client()
    client.force_login(chiyoda)
    assert client.post(f"/board/{post.pk}/status/", {"status": "open"}).status_code == 403
    Engagement.objects.create(post=post, ward_id="131016", stage="taken_up", marked_by=chiyoda)  # 千代田区 answered
    assert client.post(f"/board/{post.pk}/status/", {"status": "open"}).status_code == 302


def test_a_liaison_cannot_mark_another_wards_engagement(world):
    client = client_as("officer", world)  # 品川区
    response = client.post(f"/board/{world['post'].pk}/engagement/", {"ward": "131016", "stage": "taken_up"})
    assert response.status_code == 403
    assert not Engagement.objects.exists()


def test_a_member_cannot_mark_any_engagement(world):
    client = client_as("member", world)
    response = client.post(f"/board/{world['post'].pk}/engagement/", {"ward": "131091", "stage": "taken_up"})
    assert response.status_code == 403
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("role", ["member", "author", "officer"])
@pytest.mark.parametrize("action", ["hide", "lock", "pin", "move"])
def test_only_the_secretariat_moderates(world, role, action):
    post = world["post"]
    data = {"action": action, "category": Category.objects.get(slug="notice").pk}
    assert client_as(role, world).post(f"/board/{post.pk}/moderate/", data).status_code == 403
    post.refresh_from_db()
    assert (post.is_hidden, post.is_locked, post.is_pinned, post.category.slug) == (False, False, False, "proposal")


def test_attachment_ids_cannot_be_guessed_into_hidden_threads_or_replies(world):
    client = client_as("member", world)
    world["reply"].is_hidden = True
    world["reply"].save()
    assert client.get(url("reply_file", world)).status_code == 404
    assert client.get("/board/files/999999/").status_code == 404


def test_watching_a_hidden_thread_is_not_possible(world):
    client = client_as("member", world)
    assert client.post(f"/board/subscriptions/threads/{world['hidden'].pk}/", {"mode": "watch"}).status_code == 404


def test_watch_redirect_stays_on_the_site(world):
    client = client_as("member", world)
    response = client.post(f"/board/subscriptions/threads/{world['post'].pk}/", {"mode": "watch", "next": "https://evil.example/"})
    assert response["Location"] == world["post"].get_absolute_url()


@pytest.mark.parametrize("role", ["member", "author", "liaison", "officer", "secretariat"])
def test_permalinks_and_first_unread_redirect_into_the_thread_for_every_member(world, role):
    client = client_as(role, world)
    post, reply = world["post"], world["reply"]
    assert client.get(f"/board/replies/{reply.pk}/")["Location"] == f"{post.get_absolute_url()}#reply-{reply.pk}"
    assert client.get(f"/board/{post.pk}/unread/")["Location"].startswith(post.get_absolute_url())


@pytest.mark.parametrize("role", ["anonymous", "pending"])
def test_outsiders_get_no_permalink_no_answer_no_report(world, role):
    client = client_as(role, world)
    assert client.get(f"/board/replies/{world['reply'].pk}/")["Location"].startswith(("/accounts/login/", "/members/pending/"))
    client.post(f"/board/{world['request'].pk}/answer/", {"ward": "131091", "response": "no"})
    client.post(f"/board/{world['post'].pk}/report/", {"reason": "spam"})
    assert not WardAnswer.objects.exists()
    assert not world["post"].reports.exists()


@pytest.mark.parametrize(("role", "expected"), [("officer", 302), ("secretariat", 302), ("member", 403), ("author", 403), ("liaison", 403)])
def test_who_may_answer_for_shinagawa(world, role, expected):
    response = client_as(role, world).post(f"/board/{world['request'].pk}/answer/", {"ward": "131091", "response": "no"})
    assert response.status_code == expected
    assert WardAnswer.objects.filter(ward_id="131091").exists() is (expected == 302)
