"""The board's rules (board/permissions.py) for every role — what each may do and what it must not."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from board import permissions
from board.models import Category, Post
from core.roles import Role, role_of
from tests.factories import LiaisonFactory, MemberFactory, PendingFactory, PostFactory, ReplyFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    author = MemberFactory()
    return {
        "author": author,
        "other_member": MemberFactory(),
        "liaison": LiaisonFactory(),
        "secretariat": SecretariatFactory(municipality_id="131016"),
        "pending": PendingFactory(),
        "anonymous": AnonymousUser(),
    }


def _pairs(user, check, can, *args):
    """`can_*` and `check_*` agree: yes ⇔ no exception."""
    allowed = can(user, *args)
    try:
        check(user, *args)
    except PermissionDenied as exc:
        assert not allowed
        assert str(exc)  # a Japanese reason
    else:
        assert allowed
    return allowed


@pytest.mark.parametrize(
    ("who", "expected"),
    [("author", True), ("other_member", True), ("liaison", True), ("secretariat", True), ("pending", False), ("anonymous", False)],
)
def test_who_may_post(people, who, expected):
    assert _pairs(people[who], lambda u: permissions.check_post(u), lambda u: permissions.can_post(u)) is expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("author", True), ("other_member", False), ("liaison", False), ("secretariat", True)],
)
def test_only_the_author_and_the_secretariat_edit_a_post_or_reply(people, who, expected):
    post = PostFactory(author=people["author"])
    reply = ReplyFactory(post=post, author=people["author"])
    user = people[who]
    assert _pairs(user, permissions.check_edit_post, permissions.can_edit_post, post) is expected
    assert _pairs(user, permissions.check_edit_reply, permissions.can_edit_reply, reply) is expected
    assert permissions.can_see_hidden_reply(user, reply) is expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("author", False), ("other_member", False), ("liaison", False), ("secretariat", True)],
)
def test_a_locked_thread_takes_replies_from_the_secretariat_only(people, who, expected):
    post = PostFactory(author=people["author"], is_locked=True)
    assert _pairs(people[who], permissions.check_reply, permissions.can_reply, post) is expected
    open_post = PostFactory(author=people["author"])
    assert permissions.can_reply(people[who], open_post)


@pytest.mark.parametrize(
    ("who", "expected"),
    # `liaison` is 品川区's officer; the proposal targets no ward and no ward has answered it.
    [("author", True), ("other_member", False), ("liaison", False), ("secretariat", True)],
)
def test_who_moves_a_proposals_status(people, who, expected):
    post = PostFactory(author=people["author"])
    assert _pairs(people[who], permissions.check_set_status, permissions.can_set_status, post) is expected


@pytest.mark.parametrize("how", ["targeted", "engaged"])
def test_an_officer_moves_the_status_of_a_proposal_that_targets_or_was_answered_by_their_ward(people, how):
    from board.models import Engagement
    from municipalities.models import Ward

    post = PostFactory(author=people["author"])
    if how == "targeted":
        post.target_wards.set([Ward.objects.get(pk="131091")])
    else:
        Engagement.objects.create(post=post, ward_id="131091", stage="taken_up", marked_by=people["liaison"])
    post = Post.objects.prefetch_related("target_wards", "engagements").get(pk=post.pk)
    assert _pairs(people["liaison"], permissions.check_set_status, permissions.can_set_status, post) is True
    chiyoda = LiaisonFactory(municipality_id="131016")
    assert _pairs(chiyoda, permissions.check_set_status, permissions.can_set_status, post) is False
    assert _pairs(people["other_member"], permissions.check_set_status, permissions.can_set_status, post) is False


def test_staff_without_two_factor_have_no_staff_power_on_the_board(people):
    staff = SecretariatFactory(totp=False, municipality_id=None)
    post = PostFactory(author=people["author"], is_locked=True)
    for can, check, *args in [
        (permissions.can_moderate, permissions.check_moderate),
        (permissions.can_set_status, permissions.check_set_status, post),
        (permissions.can_edit_post, permissions.check_edit_post, post),
        (permissions.can_reply, permissions.check_reply, post),
        (permissions.can_engage, permissions.check_engage, "131091"),
    ]:
        assert _pairs(staff, check, can, *args) is False, can.__name__
    assert role_of(staff) is Role.PENDING
    assert role_of(people["secretariat"]) is Role.SECRETARIAT


def test_a_notice_without_workflow_has_no_status_for_anyone(people):
    notice = PostFactory(author=people["author"], category=Category.objects.filter(has_workflow=False).first())
    for user in (people["author"], people["liaison"], people["secretariat"]):
        assert _pairs(user, permissions.check_set_status, permissions.can_set_status, notice) is False


@pytest.mark.parametrize(
    ("who", "ward", "expected"),
    [
        ("liaison", "131091", True),  # 品川区's officer for 品川区
        ("liaison", "131016", False),  # …not for 千代田区
        ("author", "131091", False),
        ("secretariat", "131016", True),
    ],
)
def test_an_officer_answers_only_for_their_own_ward(people, who, ward, expected):
    assert _pairs(people[who], permissions.check_engage, permissions.can_engage, ward) is expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("author", False), ("liaison", False), ("secretariat", True), ("pending", False), ("anonymous", False)],
)
def test_only_the_secretariat_moderates(people, who, expected):
    assert _pairs(people[who], permissions.check_moderate, permissions.can_moderate) is expected
