"""Request guards that run before any view: the body's size, and characters no database column can
store. Generic (no project imports): the pages they answer with are views named in the settings, as
Django's CSRF_FAILURE_VIEW, so the project renders them in its own language and layout."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.module_loading import import_string

# What no text column can hold: NUL (PostgreSQL refuses it) and lone surrogates (not encodable as
# UTF-8). Django decodes broken UTF-8 in URLs and forms as U+FFFD, so in practice it is NUL (%00).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def has_unstorable(text: str) -> bool:
    return UNSTORABLE.search(text) is not None


def without_unstorable(text: str) -> str:
    return UNSTORABLE.sub("", text)


def _form_body(request) -> bool:
    content_type = request.META.get("CONTENT_TYPE", "")
    return content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded"))


def body_limit(request) -> int:
    """The largest body accepted: uploads (multipart) up to REQUEST_BODY_MAX_BYTES, anything else up
    to DATA_UPLOAD_MAX_MEMORY_SIZE (which Django itself applies to such bodies)."""
    if request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        return settings.REQUEST_BODY_MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestBodyLimitMiddleware:
    """Refuses a body larger than the limit by its declared Content-Length, before reading any of it
    (Django's own checks count uploaded files only after receiving them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then either
        limit = body_limit(request)
        if length > limit:
            return import_string(settings.REQUEST_TOO_LARGE_VIEW)(request, limit=limit)
        return self.get_response(request)


class UnstorableInputMiddleware:
    """Refuses a path, query parameter or form field (name or value) with a character no
    text column can store, before any view looks it up in the database; a cookie with one is
    dropped (treated as absent). One place for every URL, instead of a check in every view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if has_unstorable(name + value)]:
            del request.COOKIES[name]
        if self._refused(request):
            return import_string(settings.UNSTORABLE_INPUT_VIEW)(request)
        return self.get_response(request)

    @staticmethod
    def _refused(request) -> bool:
        if has_unstorable(request.path):
            return True
        if any(has_unstorable(key) or any(has_unstorable(v) for v in values) for key, values in request.GET.lists()):
            return True
        if request.method == "POST" and _form_body(request):
            # (Django removes unprintable characters from uploaded files' names itself.)
            return any(has_unstorable(key) or any(has_unstorable(v) for v in values) for key, values in request.POST.lists())
        return False
