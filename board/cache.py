"""The shared parts of the board's pages, kept in each process's memory under the board's version.

A member's board page is mostly what every member sees: the index's rows and count, a thread's head
and replies. Those parts are cached (in the "fragment_blocks" cache, per process) under a key that
starts with the *board version*, kept in the shared (database) cache: every save, delete or
many-to-many change of something a board page shows — posts, replies, attachments, engagements,
categories, a member's or a municipality's name, an event a proposal became — sets a new version,
so every worker of every app server stops using the old parts at once (immediately, and again after
the commit, so that a part built between the save and the commit is not kept). The personal parts —
unread marks, edit links on one's own replies, the Secretariat's buttons, forms with CSRF tokens —
are never in these parts, or the part is keyed by the member.

Writes that bypass model signals (QuerySet.update(), bulk_create) on these models must call
`bump_version()` themselves (the board's services only update counters next to a signalled save).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")
VERSION_KEY = "board:version"
TIMEOUT = 24 * 60 * 60
# Models whose rows appear on board pages (by app, or one by one), and the per-member ones that don't.
SHOWN_APPS = frozenset({"board", "municipalities"})
SHOWN_MODELS = frozenset({"portal.user", "events.event"})
# (Watching a thread does bump the version: the thread page shows the member's watch, cached.)
PER_MEMBER = frozenset({"board.readmark", "board.notification", "board.categorysubscription"})


def version() -> int:
    """The board's current version (one read of the shared cache)."""
    return cache.get(VERSION_KEY, 0)


def version_for(request) -> int:
    """The board's version as this request first read it (one read per request, which also reads
    the public content's version that every page's footer is cached under: portal/page_cache.py)."""
    if not hasattr(request, "_board_version"):
        from portal import page_cache

        found = cache.get_many([VERSION_KEY, page_cache.VERSION_KEY])
        request._board_version = found.get(VERSION_KEY, 0)
        if not hasattr(request, "_content_version"):
            request._content_version = found.get(page_cache.VERSION_KEY, 0)
    return request._board_version


def bump_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def _invalidate(sender, **kwargs) -> None:
    if sender.__module__ == "__fake__":
        # A migration's historical model: the cache table may not exist yet, and the processes that
        # hold cached parts are restarted by the deploy that runs the migration.
        return
    label = sender._meta.label_lower
    if label in PER_MEMBER or (sender._meta.app_label not in SHOWN_APPS and label not in SHOWN_MODELS):
        return
    update_fields = kwargs.get("update_fields")
    if label == "portal.user" and update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login changes nothing a board page shows
    bump_version()
    transaction.on_commit(bump_version)


def connect() -> None:
    """Connect the invalidation receivers to every model (called from BoardConfig.ready)."""
    post_save.connect(_invalidate, dispatch_uid="board.cache:save")
    post_delete.connect(_invalidate, dispatch_uid="board.cache:delete")
    m2m_changed.connect(_invalidate, dispatch_uid="board.cache:m2m")


def get_or_build(request, parts: Hashable, build: Callable[[], T], *, small: bool = False) -> T:
    """The part identified by `parts` under the request's board version, built (and kept) when
    missing. `build` returning None keeps nothing. `small` parts (a member's flags) go to the
    "fragments" cache, so that many members' flags do not push the large shared parts out."""
    key = "board:" + hashlib.blake2b(repr((version_for(request), parts)).encode(), digest_size=16).hexdigest()
    blocks = caches["fragments" if small else "fragment_blocks"]
    value = blocks.get(key)
    if value is None:
        value = build()
        if value is not None:
            blocks.set(key, value, TIMEOUT)
    return value
