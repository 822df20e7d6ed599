"""Rate limits behind the production load balancer: the client's address from X-Forwarded-For with
a trusted-proxy setting, and login failures that cannot lock out another address or everyone."""

import ipaddress

import pytest
from django.test import Client, RequestFactory

from portal.adapters import client_ip
from tests.factories import MemberFactory

LB = "10.0.0.5"  # the load balancer, the only address the app servers see
PASSWORD = "pass-for-tests-2026"


def request_from(xff=None, remote=LB):
    headers = {"HTTP_X_FORWARDED_FOR": xff} if xff is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_the_connecting_address_counts(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7")) == LB


def test_with_one_trusted_proxy_the_client_address_is_used(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("203.0.113.7")) == "203.0.113.7"


def test_addresses_the_client_wrote_itself_are_not_believed(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The client sent "X-Forwarded-For: 198.51.100.1"; the balancer appended the real address.
    assert client_ip(request_from("198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2  # CDN + balancer
    assert client_ip(request_from("198.51.100.1, 203.0.113.7, 192.0.2.10")) == "203.0.113.7"


def test_a_short_or_broken_header_falls_back_safely(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("")) == LB
    assert client_ip(request_from("not-an-address")) == LB
    assert client_ip(request_from("2001:db8::1")) == "2001:db8::1"


def test_trusted_networks_ignore_the_header_from_anyone_else(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network("10.0.0.0/24")]
    assert client_ip(request_from("203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("203.0.113.7", remote="198.51.100.9")) == "198.51.100.9"


def login_from(address, email, password):
    client = Client(REMOTE_ADDR=LB, HTTP_X_FORWARDED_FOR=address)
    client.post("/accounts/login/", {"login": email, "password": password})
    return "_auth_user_id" in client.session


@pytest.fixture
def behind_the_balancer(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_failed_logins_from_one_address_do_not_block_anyone_elses_login(behind_the_balancer, member):
    for n in range(40):  # more than the per-address limit, against many accounts
        login_from("203.0.113.7", f"nobody{n}@example.jp", "wrong-password")
    assert not login_from("203.0.113.7", member.email, PASSWORD)  # that address is throttled
    assert login_from("198.51.100.20", member.email, PASSWORD)  # everyone else is not


def test_failed_logins_against_an_account_do_not_lock_its_owner_out_elsewhere(behind_the_balancer, member):
    for _ in range(12):
        login_from("203.0.113.7", member.email, "wrong-password")
    assert not login_from("203.0.113.7", member.email, PASSWORD)
    assert login_from("198.51.100.20", member.email, PASSWORD)


def test_a_distributed_attack_on_one_account_is_still_stopped(behind_the_balancer, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_account": "8/h/key"}
    target = MemberFactory(email="target@example.jp")
    for n in range(8):
        login_from(f"203.0.113.{n + 1}", target.email, "wrong-password")
    assert not login_from("198.51.100.20", target.email, PASSWORD)


def test_sign_ups_are_limited_per_client_not_site_wide(behind_the_balancer, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    data = {"municipality_name": "坂井市", "department": "企画課", "full_name": "試験", "phone": "0776-00-0000",
            "password1": "Kyoryoku-2026-portal", "password2": "Kyoryoku-2026-portal", "agree_privacy": "on"}
    one = Client(REMOTE_ADDR=LB, HTTP_X_FORWARDED_FOR="203.0.113.7")
    statuses = [one.post("/accounts/signup/", {**data, "email": f"a{n}@example.jp"}).status_code for n in range(3)]
    assert statuses[-1] == 429
    other = Client(REMOTE_ADDR=LB, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.post("/accounts/signup/", {**data, "email": "b@example.jp"}).status_code == 302
