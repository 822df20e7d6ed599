"""Error pages that render without the database, so they work when it is the database that failed,
and before the session and the user are known (the request guards, core/request_guards.py)."""

from __future__ import annotations

import sys
from urllib.parse import urlencode, urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template import Context, loader
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve

from core.request_guards import body_limit, has_unstorable, without_unstorable
from portal.context_processors import site

# Form fields never echoed back: secrets, and the CSRF token (a fresh one comes with the form).
HIDDEN_FIELDS = ("csrfmiddlewaretoken", "password", "password1", "password2", "oldpassword", "code")
# Fields whose value the visitor typed (not picked from a list, ticked or uploaded): those come back.
TYPED_WIDGETS = (forms.TextInput, forms.Textarea, forms.EmailInput, forms.URLInput, forms.NumberInput)
UNKNOWN_LABEL = "入力内容"


def _render(template_name: str, request: HttpRequest, status: int, **extra) -> HttpResponse:
    # A plain Context (no context processors): the auth and messages processors would read the
    # session from the database. The page is rendered as seen by an anonymous visitor, with the
    # main menu (but not the footer's contacts, which come from the database).
    names = site(request)
    context = Context(
        {
            "request": request,
            "user": AnonymousUser(),
            "messages": [],
            "PORTAL_NAME": settings.PORTAL_NAME,
            "PORTAL_NAME_EN": settings.PORTAL_NAME_EN,
            "nav_current": names["nav_current"],
            "nav_items": names["nav_items"],
            **extra,
        }
    )
    content = loader.get_template(template_name).template.render(context)
    return HttpResponse(content, status=status)


def _form_fields(request: HttpRequest) -> dict[str, forms.Field] | None:
    """The fields of the form(s) the request was sent to, found from its URL without the database:
    a view's `form_class` (or `form_classes`, when it picks one per user), or the admin's model form."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is not None:
        model_fields = model_admin.model._meta.get_fields()
        form_fields = {f.name: f.formfield() for f in model_fields if getattr(f, "editable", False) and not f.auto_created}
        return {name: field for name, field in form_fields.items() if field is not None}
    view_class = getattr(match.func, "view_class", None)
    form_classes = getattr(view_class, "form_classes", None) or [getattr(view_class, "form_class", None)]
    fields: dict[str, forms.Field] = {}
    for form_class in form_classes:
        for name, field in getattr(form_class, "base_fields", {}).items():
            fields.setdefault(name, field)
    return fields or None


def _typed_text(request: HttpRequest) -> list[tuple[str, str]]:
    """What the visitor typed in the form they sent, labelled as in that form, to hand back to them
    (without characters that cannot be stored)."""
    if request.method != "POST":
        return []
    try:
        items = list(request.POST.lists())
    except Exception:  # a broken upload: nothing to hand back  # noqa: BLE001
        return []
    fields = _form_fields(request)
    typed = []
    for name, values in items:
        if name in HIDDEN_FIELDS or "password" in name:
            continue
        if fields is None:
            label = UNKNOWN_LABEL
        elif name in fields and isinstance(fields[name].widget, TYPED_WIDGETS):
            label = str(fields[name].label or UNKNOWN_LABEL)
        else:
            continue  # a choice, a tick box, a button: nothing typed to lose
        for value in values:
            value = without_unstorable(value)
            if value.strip():
                typed.append((label, value))
    return typed


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage answers 503, anything else a plain 500; both hand back the typed text."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        response = _render("errors/503_database.html", request, 503, typed=_typed_text(request))
        response["Retry-After"] = "30"
        return response
    return _render("errors/500.html", request, 500, typed=_typed_text(request))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a request Django refused (a broken form, too many fields, an unknown host …);
    a form whose text fields are too large while being read gets the 413 page."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request, limit=body_limit(request))
    return _render("errors/400.html", request, 400)


def request_too_large(request: HttpRequest, *, limit: int) -> HttpResponse:
    """REQUEST_TOO_LARGE_VIEW: the body is larger than the limit (nothing of it was read)."""
    return _render(
        "errors/413.html", request, 413,
        limit=filesizeformat(limit), file_limit=filesizeformat(settings.BOARD_MAX_UPLOAD_MB * 1024 * 1024),
        is_upload=request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"),
    )


def _cleaned_url(request: HttpRequest) -> str:
    """The page asked for, without the characters that cannot be stored (same site: one leading slash)."""
    path = "/" + without_unstorable(request.path).lstrip("/")
    query = [
        (without_unstorable(key), without_unstorable(value))
        for key, values in request.GET.lists() for value in values
    ]
    query = [(key, value) for key, value in query if key]
    return path + (f"?{urlencode(query)}" if query else "")


def unstorable_input(request: HttpRequest) -> HttpResponse:
    """UNSTORABLE_INPUT_VIEW: a URL or form with a character no database can store (NUL): a 400 page
    that offers the page without it, or hands back what was typed in the form."""
    in_url = has_unstorable(request.path) or any(
        has_unstorable(key) or any(has_unstorable(v) for v in values) for key, values in request.GET.lists()
    )
    cleaned_url = _cleaned_url(request) if request.method == "GET" else ""
    typed = _typed_text(request)
    # The page's own search box shows the query's words, without the refused characters.
    request.GET = QueryDict(urlsplit(_cleaned_url(request)).query)
    return _render(
        "errors/400_unstorable.html", request, 400, in_url=in_url, cleaned_url=cleaned_url, typed=typed
    )

