"""/robots.txt and /sitemap.xml, for search engines."""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.shortcuts import render
from django.urls import reverse

from core.site import absolute_url
from portal.sitemaps import SITEMAPS


def robots_txt(request):
    """The member area, the admin and the accounts pages are not for search engines."""
    context = {"sitemap_url": absolute_url(reverse("sitemap"))}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def sitemap(request):
    return sitemap_view(request, sitemaps=SITEMAPS)
