"""Error pages that render without the database, so they work when it is the database that failed."""

from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import Context, loader

# Form fields never echoed back: secrets, and the CSRF token (a fresh one comes with the form).
HIDDEN_FIELDS = ("csrfmiddlewaretoken", "password", "password1", "password2", "oldpassword", "code")
FIELD_LABELS = {"title": "件名", "body": "本文", "text": "本文", "note": "補足", "status_note": "状況の補足"}


def _render(template_name: str, request: HttpRequest, status: int, **extra) -> HttpResponse:
    # A plain Context (no context processors): the auth and messages processors would read the
    # session from the database. The page is rendered as seen by an anonymous visitor.
    context = Context(
        {
            "request": request,
            "user": AnonymousUser(),
            "messages": [],
            "PORTAL_NAME": settings.PORTAL_NAME,
            "PORTAL_NAME_EN": settings.PORTAL_NAME_EN,
            **extra,
        }
    )
    content = loader.get_template(template_name).template.render(context)
    return HttpResponse(content, status=status)


def _typed_text(request: HttpRequest) -> list[tuple[str, str]]:
    """What the visitor typed in the form they sent, to hand back to them."""
    if request.method != "POST":
        return []
    try:
        items = request.POST.lists()
    except Exception:  # a broken upload: nothing to hand back  # noqa: BLE001
        return []
    typed = []
    for name, values in items:
        if name in HIDDEN_FIELDS or "password" in name:
            continue
        for value in values:
            if value.strip():
                typed.append((FIELD_LABELS.get(name, name), value))
    return typed


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage answers 503 with the typed text; anything else a plain 500."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        response = _render("errors/503_database.html", request, 503, typed=_typed_text(request))
        response["Retry-After"] = "30"
        return response
    return _render("errors/500.html", request, 500)
