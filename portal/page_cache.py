"""Whole-page cache for anonymous visitors of the public pages, invalidated on every content edit.

Public pages change only when the Secretariat edits content, so a rendered page can be reused until
the next edit. Each cached page is keyed by the version of the "content" namespace of the versioned
cache (core/caching.py), which every public app bumps on the writes of its models (their
AppConfig.ready), so every worker of every app server stops serving the old pages at once. The
rendered pages themselves live in each process's memory ("pages" cache): cheap to rebuild, never
shared, never stale because their key carries the version.

Only requests that cannot carry anything personal are served from or stored in the cache: GET or
HEAD, no session or messages cookie, paths outside the member area, 200 responses that set no cookie.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from core.caching import CONTENT

PRIVATE_PREFIXES = ("/board/", "/members/", "/accounts/", "/admin/", "/healthz", "/static/", "/media/")


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(PRIVATE_PREFIXES):
        return False
    # A session may hold a login or messages; a messages cookie holds messages.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _key(request: HttpRequest, version: str) -> str:
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
        key = _key(request, CONTENT.version_for(request))
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
