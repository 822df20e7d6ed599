"""/sitemap.xml (django.contrib.sitemaps): every public page and every public detail page.

URLs are absolute on PORTAL_SITE_URL (the portal's public address, also the canonical URL of every
page), not on the sites framework's Site row, which the Secretariat never edits.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from agreements.models import Federation
from disaster_support.models import Disaster
from events.models import Event
from municipalities.models import Municipality, Ward

# The public pages without a parameter, in the order of the site's menu and footer.
STATIC_PAGES = (
    "home", "about", "history", "municipalities:ward-list", "municipalities:list", "agreements:index",
    "outcomes", "events:list", "disaster_support:list", "news", "opendata", "contact", "faq", "privacy",
    "accessibility", "accessibility-results",
)


class PortalSitemap(Sitemap):
    def get_domain(self, site=None) -> str:
        return urlsplit(settings.PORTAL_SITE_URL).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.PORTAL_SITE_URL).scheme or "https"


class StaticPageSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self) -> tuple[str, ...]:
        return STATIC_PAGES

    def location(self, item: str) -> str:
        return reverse(item)


class WardSitemap(PortalSitemap):
    def items(self):
        return Ward.objects.order_by("sort_order", "municipality_id").only("municipality_id")

    def location(self, item: Ward) -> str:
        return reverse("municipalities:ward-detail", kwargs={"code": item.municipality_id})


class MunicipalitySitemap(PortalSitemap):
    def items(self):
        return Municipality.objects.order_by("code").only("code")

    def location(self, item: Municipality) -> str:
        return reverse("municipalities:detail", kwargs={"code": item.code})


class FederationSitemap(PortalSitemap):
    def items(self):
        return Federation.objects.order_by("sort_order", "pk").only("slug")


class EventSitemap(PortalSitemap):
    def items(self):
        return Event.objects.filter(is_published=True).order_by("-start_date", "-pk").only("pk", "updated_at")

    def lastmod(self, item: Event):
        return item.updated_at


class DisasterSitemap(PortalSitemap):
    def items(self):
        return Disaster.objects.order_by("-date", "-pk").only("pk")


SITEMAPS = {
    "pages": StaticPageSitemap,
    "wards": WardSitemap,
    "municipalities": MunicipalitySitemap,
    "federations": FederationSitemap,
    "events": EventSitemap,
    "disasters": DisasterSitemap,
}
