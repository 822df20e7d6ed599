"""The signed-in user kept between requests (portal/authentication.py): never a stale permission."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.models import User

pytestmark = pytest.mark.django_db


def _user_queries(client, path="/members/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response, [q for q in ctx.captured_queries if 'FROM "portal_user"' in q["sql"] and '"portal_user"."id" =' in q["sql"]]


def test_a_members_second_request_reads_no_user_row(member_client, member):
    first, loaded = _user_queries(member_client)
    assert first.status_code == 200 and loaded
    second, loaded = _user_queries(member_client)
    assert second.status_code == 200
    assert second.wsgi_request.user == member
    assert not loaded


def test_two_members_each_get_their_own_user(member_client, member, liaison_client, liaison):
    for _ in range(2):
        assert member_client.get("/members/").wsgi_request.user.pk == member.pk
        assert liaison_client.get("/members/").wsgi_request.user.pk == liaison.pk


def test_a_deactivated_member_is_signed_out_at_the_next_request(member_client, member):
    member_client.get("/members/")
    member.is_active = False
    member.save()

    response = member_client.get("/members/")

    assert not response.wsgi_request.user.is_authenticated
    assert response.status_code == 302


def test_a_rejected_member_loses_the_board_at_once(member_client, member):
    assert member_client.get("/board/").status_code == 200
    member.approval_status = User.Approval.REJECTED
    member.save()
    assert member_client.get("/board/").status_code != 200


def test_a_password_changed_elsewhere_signs_this_session_out(member_client, member):
    member_client.get("/members/")
    other = User.objects.get(pk=member.pk)
    other.set_password("an-entirely-new-passphrase-2026")
    other.save()

    assert not member_client.get("/members/").wsgi_request.user.is_authenticated


def test_a_session_hash_that_does_not_match_is_not_served_from_the_cache(member):
    client = Client()
    client.force_login(member)
    client.get("/members/")  # the user is kept
    session = client.session
    session["_auth_user_hash"] = "0" * 64  # e.g. a session of an earlier password
    session.save()

    assert not client.get("/members/").wsgi_request.user.is_authenticated


def test_a_new_group_reaches_the_users_next_request(member_client, member):
    member_client.get("/members/")
    group = Group.objects.create(name="テスト用グループ")
    member.groups.add(group)

    user = member_client.get("/members/").wsgi_request.user
    assert list(user.groups.values_list("name", flat=True)) == ["テスト用グループ"]
    # …and the kept copy carries no permission cache from an earlier request.
    assert not hasattr(User.objects.get(pk=member.pk), "_perm_cache")
    assert not hasattr(user, "_perm_cache") and not hasattr(user, "_group_perm_cache")


def test_a_login_alone_keeps_the_kept_users(member):
    # last_login is saved on every login: it does not make every kept user obsolete.
    from core.caching import ACCOUNTS

    before = ACCOUNTS.version()
    Client().force_login(member)
    assert ACCOUNTS.version() == before
