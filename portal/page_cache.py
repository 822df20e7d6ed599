"""Whole-page cache for anonymous visitors of the public pages, invalidated on every content edit.

Public pages change only when the Secretariat edits content, so a rendered page can be reused until
the next edit. Each cached page is keyed by the version of the "content" namespace of the versioned
cache (core/caching.py), which every public app bumps on the writes of its models (their
AppConfig.ready), so every worker of every app server stops serving the old pages at once. The
rendered pages themselves live in each process's memory ("pages" cache): cheap to rebuild, never
shared, never stale because their key carries the version.

Only requests that cannot carry anything personal are served from or stored in the cache: GET or
HEAD, no session or messages cookie, paths outside the member area, 200 responses that set no cookie.

Where it sits (config/settings.py MIDDLEWARE): after the security headers, the CSP, the
Permissions-Policy, WhiteNoise and the request guards, which therefore run on every hit too, and
before the session, CSRF, auth, messages and history middleware, which a hit skips: a hit
costs one read of the shared cache (the versions) and one of this process's memory. What those inner
middleware add to a response (Vary, X-Frame-Options, Cache-Control …) is stored
with the page on the miss and sent again with every hit, so a hit carries the same headers as the
response it was made from (tests/portal/test_page_cache.py compares them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from core.caching import CONTENT, read_versions

PRIVATE_PREFIXES = ("/board/", "/members/", "/accounts/", "/admin/", "/healthz", "/static/", "/media/")
MARKER = "X-Page-Cache"


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(PRIVATE_PREFIXES):
        return False
    # A session may hold a login or messages; a messages cookie holds messages.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Content-Disposition")
        and "no-cache" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


def _key(request: HttpRequest, version: str) -> str:
    # get_host() also refuses a Host outside ALLOWED_HOSTS (DisallowedHost → 400) before anything
    # is served: CommonMiddleware, which would otherwise check it, runs only on a miss.
    where = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"page:{version}:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the cache (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.pages = caches["pages"]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PORTAL_PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        # Only the content's version (one key, one round trip); a miss reads the others when it needs them.
        request._cache_versions = versions = read_versions([CONTENT])
        key = _key(request, versions[CONTENT.name])
        cached = self.pages.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            response[MARKER] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = [(name, value) for name, value in response.items() if name != MARKER]
            self.pages.set(key, (response.content, headers), settings.PORTAL_PAGE_CACHE_SECONDS)
            response[MARKER] = "miss"
        return response
