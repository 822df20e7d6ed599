"""/sitemap.xml (every public page and detail page) and /robots.txt."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from agreements.models import Federation
from disaster_support.models import Disaster
from events.models import Event
from municipalities.models import Municipality, Ward
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]


def test_sitemap_lists_every_public_page_and_detail_page_on_the_public_address(client, settings):
    settings.PORTAL_SITE_URL = "https://collabo.example.jp"
    hidden = EventFactory(title="非公開", is_published=False)
    locations = sitemap_locations(client)
    assert all(url.startswith("https://collabo.example.jp/") for url in locations)
    paths = {urlsplit(url).path for url in locations}
    for page in ("/", "/about/", "/about/history/", "/wards/", "/municipalities/", "/agreements/", "/events/",
                 "/disaster-support/", "/news/", "/opendata/", "/contact/", "/faq/", "/privacy/",
                 "/accessibility/", "/accessibility/results/"):
        assert page in paths
    for event in Event.objects.filter(is_published=True):
        assert event.get_absolute_url() in paths
    assert hidden.get_absolute_url() not in paths
    assert {f"/wards/{code}/" for code in Ward.objects.values_list("municipality_id", flat=True)} <= paths
    assert {f"/municipalities/{code}/" for code in Municipality.objects.values_list("code", flat=True)} <= paths
    assert {f.get_absolute_url() for f in Federation.objects.all()} <= paths
    assert {d.get_absolute_url() for d in Disaster.objects.all()} <= paths
    assert not [p for p in paths if p.startswith(("/board/", "/members/", "/admin/", "/accounts/"))]


def test_every_sitemap_page_answers(client):
    for url in sitemap_locations(client)[:40]:
        assert client.get(urlsplit(url).path).status_code == 200, url


def test_sitemap_has_a_fixed_query_budget(client, django_assert_max_num_queries):
    for n in range(30):
        EventFactory(title=f"予算の催し{n}")
    # Six sections, each counted and then read once by the sitemap's paginator, whatever their size.
    with django_assert_max_num_queries(13):
        client.get("/sitemap.xml")


def test_robots_txt_keeps_search_engines_out_of_the_member_area_and_names_the_sitemap(client, settings):
    settings.PORTAL_SITE_URL = "https://collabo.example.jp"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = [line.strip() for line in response.content.decode().splitlines()]
    assert "User-agent: *" in lines
    disallowed = {line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow:")}
    assert disallowed == {"/board/", "/members/", "/admin/", "/accounts/"}
    assert "Sitemap: https://collabo.example.jp/sitemap.xml" in lines
