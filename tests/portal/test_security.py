"""Security headers, two-factor authentication for staff, throttled logins."""

import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from bs4 import BeautifulSoup

from tests.factories import SecretariatFactory


def test_pages_carry_a_strict_content_security_policy(client, db):
    csp = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp


def test_pages_forbid_framing_sniffing_and_leaky_referrers(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_turn_off_the_browser_features_the_portal_does_not_use(client, db):
    policy = dict(
        item.strip().split("=", 1) for item in client.get("/")["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert policy[feature] == "()"


def test_hsts_and_secure_cookies_are_on_in_production(settings):
    # DEBUG off gives these defaults in config/settings.py; the deploy check (manage.py check --deploy) relies on them.
    import importlib
    import os

    from config import settings as portal_settings

    env = {"DJANGO_DEBUG": "off", "DJANGO_SECRET_KEY": "x" * 60, "DJANGO_SECURE_COOKIES": "", "DJANGO_SECURE_SSL_REDIRECT": ""}
    old = {k: os.environ.get(k) for k in env}
    try:
        os.environ.update({k: v for k, v in env.items() if v})
        os.environ.pop("DJANGO_SECURE_COOKIES", None)
        os.environ.pop("DJANGO_SECURE_SSL_REDIRECT", None)
        reloaded = importlib.reload(portal_settings)
        assert reloaded.SECURE_HSTS_SECONDS >= 31536000
        assert reloaded.SECURE_HSTS_INCLUDE_SUBDOMAINS and reloaded.SECURE_HSTS_PRELOAD
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
        assert reloaded.SESSION_COOKIE_HTTPONLY
        assert reloaded.SECURE_SSL_REDIRECT
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        importlib.reload(portal_settings)


def test_staff_without_two_factor_are_sent_to_set_it_up(client, db):
    staff = SecretariatFactory(totp=False)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_staff_with_two_factor_reach_the_admin(secretariat_client):
    assert secretariat_client.get("/admin/").status_code == 200


def test_admin_login_page_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/events/event/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/events/event/")


def test_admin_login_does_not_redirect_offsite(client, db):
    response = client.get("/admin/login/?next=https://evil.example.com/")
    assert "evil" not in response["Location"]


def test_staff_login_asks_for_the_authenticator_code(client, db):
    staff = SecretariatFactory()
    response = client.post("/accounts/login/", {"login": staff.email, "password": "pass-for-tests-2026"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    secret = staff.authenticator_set.get(type="totp").wrap().instance.data["secret"]
    import time

    from allauth.mfa.utils import decrypt

    code = f"{hotp_value(decrypt(secret), int(time.time()) // 30):06d}"
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_repeated_wrong_passwords_are_throttled(client, member):
    for _ in range(5):
        client.post("/accounts/login/", {"login": member.email, "password": "wrong-password"})
    response = client.post("/accounts/login/", {"login": member.email, "password": "pass-for-tests-2026"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert soup.get_text().strip()


@pytest.mark.parametrize("path", ["/admin/", "/admin/portal/user/"])
def test_admin_needs_staff(member_client, path):
    assert member_client.get(path).status_code == 403


def test_plain_http_is_redirected_except_the_health_check(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True  # the production default (tests run over plain http)
    response = client.get("/about/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/about/"
    assert client.get("/healthz").status_code == 200  # load balancers' checks over plain http
    assert client.get("/about/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
