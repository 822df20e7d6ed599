"""The anonymous public-page cache: served from memory, never stale after an edit, never personal."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from agreements.models import CorporatePartner
from core.caching import CONTENT
from municipalities.models import Area, Municipality, Ward
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE = True


def _partner_names(response) -> set[str]:
    return {cell.get_text(strip=True) for cell in BeautifulSoup(response.content, "html.parser").find_all(["td", "th"])}


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    first = client.get("/agreements/")
    assert first["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get("/agreements/")

    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Headers added outside the view (CSP, nosniff) are on cached pages too.
    assert "Content-Security-Policy" in second
    assert second["X-Content-Type-Options"] == "nosniff"


def test_page_is_not_stale_after_the_secretariat_edits_in_the_admin(client, secretariat_client):
    partner = CorporatePartner.objects.order_by("pk").first()
    client.get("/agreements/")
    assert client.get("/agreements/")["X-Page-Cache"] == "hit"

    change_url = reverse("admin:agreements_corporatepartner_change", args=[partner.pk])
    form = secretariat_client.get(change_url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["name"] = "株式会社テスト改称後"
    data["signed_on"] = partner.signed_on.isoformat()
    response = secretariat_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    after = client.get("/agreements/")
    assert after["X-Page-Cache"] == "miss"
    assert "株式会社テスト改称後" in after.content.decode()


def test_orm_saves_and_many_to_many_changes_bump_the_version():
    before = CONTENT.version()
    partner = CorporatePartner.objects.order_by("pk").first()
    partner.note = "更新"
    partner.save()
    saved = CONTENT.version()
    assert saved != before

    area = Area.objects.create(name="テスト地域", prefecture_id=18, paired_ward=Ward.objects.first())
    version = CONTENT.version()
    area.municipalities.add(Municipality.objects.get(code="182109"))
    assert CONTENT.version() != version


def test_saving_a_user_does_not_invalidate_public_pages():
    user = MemberFactory()
    before = CONTENT.version()
    user.last_login = None
    user.save()
    assert CONTENT.version() == before


def test_signed_in_visitors_never_get_or_fill_the_cache(client, member_client):
    anonymous = client.get("/agreements/")
    assert anonymous["X-Page-Cache"] == "miss"

    personal = member_client.get("/agreements/")

    assert "X-Page-Cache" not in personal
    soup = BeautifulSoup(personal.content, "html.parser")
    assert soup.find("button", string="ログアウト") is not None
    # …and what they saw is not handed to the next anonymous visitor.
    assert "ログアウト" not in client.get("/agreements/").content.decode()


@pytest.mark.parametrize("path", ["/board/", "/members/profile/", "/accounts/login/", "/healthz"])
def test_private_paths_are_never_cached(client, path):
    client.get(path)
    assert "X-Page-Cache" not in client.get(path)


def test_visitors_with_pending_messages_get_a_fresh_page():
    client = Client()
    client.get("/agreements/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get("/agreements/")


def test_query_strings_are_cached_separately(client):
    assert client.get("/municipalities/?prefecture=18")["X-Page-Cache"] == "miss"
    assert client.get("/municipalities/?prefecture=13")["X-Page-Cache"] == "miss"
    assert client.get("/municipalities/?prefecture=18")["X-Page-Cache"] == "hit"


def test_load_seed_invalidates_every_page(client):
    from django.core.management import call_command

    client.get("/")
    call_command("load_seed", stdout=open("/dev/null", "w"))
    assert client.get("/")["X-Page-Cache"] == "miss"


# --- The hit is answered before the session, CSRF, auth and messages middleware (issue 19) ---------

PUBLIC_PAGES = ["/", "/events/", "/municipalities/", "/agreements/", "/wards/", "/news/", "/disaster-support/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_hit_sends_every_header_the_miss_sent(path):
    client = Client()
    miss = client.get(path, secure=True)
    assert miss.status_code == 200
    assert miss["X-Page-Cache"] == "miss"

    hit = client.get(path, secure=True)

    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == miss.content
    headers_of = lambda response: {k: v for k, v in response.items() if k != "X-Page-Cache"}  # noqa: E731
    assert headers_of(hit) == headers_of(miss)
    # The ones the page cannot do without, named, so that a header missing from both fails too.
    for name in (
        "Content-Type", "Content-Security-Policy", "Permissions-Policy", "X-Frame-Options",
        "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy", "Vary",
    ):
        assert hit.has_header(name), name
    # The same address shows a member their own header: a shared HTTP cache must keep them apart.
    assert "Cookie" in hit["Vary"]
    assert hit["Content-Type"] == "text/html; charset=utf-8"


def test_a_hit_skips_the_session_auth_and_messages_middleware(client):
    miss = client.get("/events/")
    hit = client.get("/events/")

    assert hasattr(miss.wsgi_request, "session") and hasattr(miss.wsgi_request, "user")
    assert hit["X-Page-Cache"] == "hit"
    for attribute in ("session", "user", "_messages", "LANGUAGE_CODE"):
        assert not hasattr(hit.wsgi_request, attribute), attribute


def test_a_hit_costs_one_round_trip_to_a_database_cache(client, settings, django_assert_num_queries):
    # The embedded default keeps the shared cache in a database table: a hit reads the versions of
    # every namespace in one query, and nothing else.
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache",
    }}
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)  # the migration made it only for the cache then configured
    client.get("/events/")
    with django_assert_num_queries(1) as ctx:
        hit = client.get("/events/")
    assert hit["X-Page-Cache"] == "hit"
    assert "portal_cache" in ctx.captured_queries[0]["sql"]


def test_a_cached_page_is_refused_to_a_host_outside_allowed_hosts(client):
    assert client.get("/events/")["X-Page-Cache"] == "miss"
    assert client.get("/events/")["X-Page-Cache"] == "hit"

    response = client.get("/events/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400
    assert "X-Page-Cache" not in response


def test_hostile_input_is_refused_before_the_cache(client):
    client.get("/events/")
    assert client.get("/events/?q=%00").status_code == 400


def test_a_page_that_sets_a_cookie_is_not_kept(client):
    # The sign-up page puts a CSRF token in its form: the cookie is personal, the page is not kept.
    first = Client().get("/accounts/signup/")
    assert first.cookies
    assert "X-Page-Cache" not in Client().get("/accounts/signup/")
