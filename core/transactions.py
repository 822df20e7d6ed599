"""One transaction per request that may write; none for the requests that only read.

Django's `ATOMIC_REQUESTS` wraps every view in a transaction, so every page a member opens costs two
extra round trips to the database (BEGIN and COMMIT) around its two queries (`bench/profile.sh
/board/ member`). Pages requested with GET or HEAD change nothing that needs to be all-or-nothing —
at most a read mark or a notification marked as read, each a single statement that autocommits — and
the services that do write several rows declare their own `transaction.atomic`. So this middleware,
the innermost one, gives POST, PUT, PATCH and DELETE what ATOMIC_REQUESTS gave every request: the view
runs in one transaction, rolled back when the view raises (noted in `process_exception`, undone once
the error page is rendered), and
leaves GET and HEAD in autocommit. A view marked `@transaction.non_atomic_requests` gets none.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AtomicWritesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in READ_ONLY_METHODS or _non_atomic(request):
            return self.get_response(request)
        request._atomic_writes = True
        with transaction.atomic():
            response = self.get_response(request)
            if getattr(request, "_view_failed", False):
                # Only now: the error page (403, 404, 500) was rendered inside the transaction and
                # may have read from it; what the view wrote is undone here.
                transaction.set_rollback(True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        # The view raised: its writes are rolled back when the request leaves __call__ (even when
        # another middleware, e.g. allauth's, turns the exception into a response).
        request._view_failed = True
        return None


def _non_atomic(request: HttpRequest) -> bool:
    """Whether the view this request goes to is marked `@transaction.non_atomic_requests`."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return DEFAULT_DB_ALIAS in getattr(match.func, "_non_atomic_requests", ())
