"""Whole-page cache for anonymous visitors of the public pages, invalidated on every content edit.

Public pages change only when the Secretariat edits content, so a rendered page can be reused until
the next edit. Each cached page is keyed by a *content version* kept in the shared (database) cache;
any save, delete or many-to-many change of a public model bumps the version, so every worker of
every app server stops serving the old pages at once (immediately, and again after the commit so
that a page rendered between the save and the commit is not kept). The rendered pages themselves
live in each process's memory ("pages" cache): cheap to rebuild, never shared, never stale because
their key carries the version.

Only requests that cannot carry anything personal are served from or stored in the cache: GET or
HEAD, no session or messages cookie, paths outside the member area, 200 responses that set no cookie.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "portal:content-version"
PUBLIC_APPS = frozenset({"portal", "municipalities", "agreements", "events", "disaster_support", "admin"})
# Saved on every login or by the board: they change nothing a public page shows.
IGNORED_MODELS = frozenset({"portal.user", "portal.historicaluser"})
PRIVATE_PREFIXES = ("/board/", "/members/", "/accounts/", "/admin/", "/healthz", "/static/", "/media/")


def content_version() -> int:
    """The current content version; 0 until the first edit after the cache was emptied."""
    return cache.get(VERSION_KEY, 0)


def content_version_for(request: HttpRequest) -> int:
    """The content version as this request first read it (board pages read it with the board's
    version, in one query: board/cache.py)."""
    if not hasattr(request, "_content_version"):
        request._content_version = content_version()
    return request._content_version


def bump_content_version() -> None:
    """Make every cached public page obsolete (in all processes sharing the default cache)."""
    cache.set(VERSION_KEY, time.time_ns(), None)


def _invalidate(sender, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label not in PUBLIC_APPS or meta.label_lower in IGNORED_MODELS:
        return
    bump_content_version()
    transaction.on_commit(bump_content_version)


def connect() -> None:
    """Connect the invalidation receivers to every model (called from PortalConfig.ready)."""
    post_save.connect(_invalidate, dispatch_uid="portal.page_cache:save")
    post_delete.connect(_invalidate, dispatch_uid="portal.page_cache:delete")
    m2m_changed.connect(_invalidate, dispatch_uid="portal.page_cache:m2m")


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(PRIVATE_PREFIXES):
        return False
    # A session may hold a login or messages; a messages cookie holds messages.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _key(request: HttpRequest, version: int) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{version}:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the cache (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.pages = caches["pages"]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PORTAL_PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request, content_version())
        cached = self.pages.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Content-Disposition")
            and "no-cache" not in response.get("Cache-Control", "")
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            self.pages.set(key, (response.content, response["Content-Type"]), settings.PORTAL_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def clear_all() -> None:
    """Forget every cached page and figure (after bulk loads that send no signals)."""
    cache.clear()
    caches["pages"].clear()
    bump_content_version()
