"""Rendered rows of long member pages (board index, threads), cached by what they show.

A logged-in page cannot be cached whole (it carries the member's name, unread marks, CSRF token),
but most of it is rows that look the same to every member: a thread's 200 replies, an index's 20
posts. Each row is rendered once from a template and kept in this process's memory under a key
made of *everything the row shows* (ids, texts, timestamps, flags): when anything shown changes, the
key changes, so a cached row is never stale and nothing needs invalidating. Rows that differ per
viewer (own reply with edit links, the Secretariat's moderation buttons) return no key and are
rendered every time.

The cache is per process ("fragments", local memory): nothing personal is cached, and a deploy —
which restarts the processes — forgets rows rendered by old templates.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from django.core.cache import caches
from django.http import HttpRequest
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

Row = TypeVar("Row")
TIMEOUT = 24 * 60 * 60


def fields_key(obj, fields: tuple[str, ...]) -> tuple:
    """A row's cache key from the fields it shows, named as in the ORM (`organization__name`):
    one declaration serves the query (`.only(*fields)`) and the key."""
    values = []
    for name in fields:
        value = obj
        for part in name.split("__"):
            value = getattr(value, part)
        values.append(tuple(value) if isinstance(value, list) else value)
    return tuple(values)


def _cache_key(template_name: str, key: Hashable) -> str:
    digest = hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()
    return f"fragment:{template_name}:{digest}"


def render_rows(
    template_name: str,
    rows: Sequence[Row],
    *,
    key: Callable[[Row], Hashable | None],
    contexts: Callable[[list[Row]], list[dict | None]],
    request: HttpRequest | None = None,
) -> list[SafeString]:
    """The HTML of each row, from the cache or rendered.

    key(row): everything the rendered row shows (a tuple), or None when it must not be cached.
    contexts(missing rows): the template context of each row not found in the cache, in order;
    called once per page, so it can load what the rows need in one query. A None context drops the
    row (it vanished between the two queries).
    """
    cache = caches["fragments"]
    keys = [None if (k := key(row)) is None else _cache_key(template_name, k) for row in rows]
    found = cache.get_many([k for k in keys if k is not None])
    missing = [i for i, k in enumerate(keys) if k not in found]
    html: list[str | None] = [found.get(k) if k is not None else None for k in keys]
    if missing:
        template = get_template(template_name)
        fresh = {}
        for i, context in zip(missing, contexts([rows[i] for i in missing]), strict=True):
            if context is None:
                continue
            html[i] = template.render(context, request)
            if keys[i] is not None:
                fresh[keys[i]] = html[i]
        cache.set_many(fresh, TIMEOUT)
    return [mark_safe(h) for h in html if h is not None]  # noqa: S308 — our templates, autoescaped


def clear() -> None:
    """Forget every cached fragment and form choices (tests)."""
    caches["fragments"].clear()
    caches["fragment_blocks"].clear()
    _choices_seen.clear()


CHOICES_TTL = 60  # seconds
_choices_seen: dict[tuple, tuple[float, tuple]] = {}


def _choices_of(form) -> tuple:
    """Every field's choices, as (value, label) strings; remembered per form class for CHOICES_TTL
    seconds (reading them costs a query and model instances per field)."""
    form_key = (form.__class__.__module__, form.__class__.__qualname__, form.prefix)
    now = time.monotonic()
    seen = _choices_seen.get(form_key)
    if seen is None or now - seen[0] >= CHOICES_TTL:
        read = []
        for name, field in form.fields.items():
            if hasattr(field, "choices"):
                # Read once (a comprehension: list() would COUNT first); the widget renders from this
                # list if the form has to be rendered now.
                field.widget.choices = [choice for choice in field.choices]  # noqa: C416
                read.append((name, tuple((str(value), str(label)) for value, label in field.widget.choices)))
        seen = _choices_seen[form_key] = (now, tuple(read))
    return seen[1]


def render_page_links(template_name: str, page, request: HttpRequest, **extra) -> SafeString:
    """A list's page links (previous, numbers with ellipses, next, "N件中 a〜b件"), cached by what
    they show: the page's path and query string (kept in every link), the page number, the number
    of pages and of items. The same on every visit to that page of that list: building the elided
    range and a query string per link cost more than the rest of the page frame. `page` in the
    template is `page_obj`; `extra` (the thread's "上"/"下" position) is passed on and keyed too."""
    paginator = page.paginator
    key = (request.path, sorted(request.GET.lists()), page.number, paginator.num_pages, paginator.count,
           sorted(extra.items()))
    return render_rows(
        template_name, [page], key=lambda _: key, contexts=lambda pages: [{"page_obj": p, **extra} for p in pages],
        request=request,
    )[0]


def render_form(template_name: str, form, request: HttpRequest) -> SafeString:
    """A GET form (the list pages' filters) as HTML, cached by what it shows: the submitted values,
    the page's path and every field's choices. Rendering ~80 <option>s through Django's widget
    templates costs more than the rest of a board page. The choices (categories, prefectures, wards
    — edited in the admin) are part of the key and re-read every CHOICES_TTL seconds, so an admin
    edit shows in the filters within a minute."""
    data = tuple(
        (name, tuple(form.data.getlist(name)) if hasattr(form.data, "getlist") else form.data.get(name))
        for name in form.fields
    )
    key = (form.__class__.__module__, form.__class__.__qualname__, form.prefix, request.path, data, _choices_of(form))
    return render_rows(
        template_name, [form], key=lambda _: key, contexts=lambda forms: [{"form": f} for f in forms],
        request=request,
    )[0]
