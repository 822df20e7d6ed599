"""The portal's public address (settings.PORTAL_SITE_URL): canonical URLs in pages, feeds, sitemap, open data."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """/events/1/ → https://collabo.example.jp/events/1/ (on the public address, whatever host was asked)."""
    return f"{settings.PORTAL_SITE_URL}{path}"
