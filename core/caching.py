"""One versioned cache: named namespaces whose version is bumped by the writes of what they show.

A *namespace* ("content": the public pages; "board": the board's shared page parts) has a version
kept in the shared cache (`caches["default"]`: every worker of every app server reads the same
one). Whatever is cached for a namespace — rendered public pages, board index pages, the prefecture
map — is keyed by that version, so bumping the version makes all of it obsolete everywhere at once;
the old entries simply expire. Nothing is ever deleted key by key.

A missing version (a new cache, `cache.clear()` after a seed load, an evicted key) becomes a fresh
unique token, never a constant: parts cached under an earlier version can never become valid again
(with a constant 0, parts cached before the last clear came back to life).

Which writes bump which namespace is declared by the app that *shows* the data, in its
`AppConfig.ready()` — `caching.CONTENT.bump_on_write(Event, …)` — never by lists in this module.
Services that write in bulk (`QuerySet.update()`, `bulk_create`: no model signals) call `bump()`
themselves. A save bumps at once and again after the commit, so that a part built between the save
and the commit (from the old data) is not kept.

Modelled on pretix's NamespacedCache and Misago's cache versions; this module imports no project app.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.core.cache import cache as shared_cache
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")
TIMEOUT = 24 * 60 * 60


def _token() -> str:
    return uuid.uuid4().hex


class Namespace:
    """A named part of the cache with one version (see the module docstring)."""

    _all: dict[str, Namespace] = {}

    def __init__(self, name: str):
        self.name = name
        self.version_key = f"cache-version:{name}"
        self._senders: set[str] = set()
        Namespace._all[name] = self

    def __repr__(self) -> str:
        return f"<Namespace {self.name}>"

    # --- version ------------------------------------------------------------------------------
    def version(self) -> str:
        """The current version (one read of the shared cache); a missing one becomes a new token."""
        return read_versions([self])[self.name]

    def version_for(self, request) -> str:
        """The version as this request first read it (every namespace in one read, see `read_versions`,
        with the personal ones of the request's owner when it is known: `set_owner`)."""
        versions = getattr(request, "_cache_versions", None)
        if versions is None or self.name not in versions:
            versions = _read_for(request)
        return versions[self.name]

    def bump(self) -> None:
        """Make everything cached under this namespace obsolete, in every process."""
        shared_cache.set(self.version_key, _token(), None)

    def bump_now_and_on_commit(self) -> None:
        self.bump()
        transaction.on_commit(self.bump)

    # --- invalidation by model writes ------------------------------------------------------------
    def bump_on_write(self, *models, ignore_fields: Iterable[str] = ()) -> None:
        """Bump the version on every save, delete and many-to-many change of these models (and of
        their many-to-many tables). A save that changes only `ignore_fields` (given as
        `update_fields`, e.g. a login's `last_login`) does not bump."""
        ignored = frozenset(ignore_fields)

        def receiver(sender, **kwargs) -> None:
            if sender.__module__ == "__fake__":
                # A migration's historical model: the cache table may not exist yet, and the
                # processes that hold cached parts are restarted by the deploy that runs it.
                return
            update_fields = kwargs.get("update_fields")
            if ignored and update_fields is not None and set(update_fields) <= ignored:
                return
            self.bump_now_and_on_commit()

        for model in models:
            label = model._meta.label_lower
            uid = f"core.caching:{self.name}:{label}"
            post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}:save", weak=False)
            post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}:delete", weak=False)
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(receiver, sender=through, dispatch_uid=f"{uid}:{field.name}:m2m", weak=False)
            self._senders.add(label)

    def watches(self, model) -> bool:
        """True when writes of `model` bump this namespace (tests, docs)."""
        return model._meta.label_lower in self._senders

    # --- cached values -------------------------------------------------------------------------
    def key(self, version: str, parts: Hashable) -> str:
        digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
        return f"{self.name}:{version}:{digest}"

    def get_or_build(
        self, parts: Hashable, build: Callable[[], T], *, request=None, using: str = "fragment_blocks",
        timeout: int = TIMEOUT,
    ) -> T:
        """The value identified by `parts` under the current version (the request's, when given),
        built and kept when missing. `build` returning None keeps nothing. `using` names the cache
        that holds the values (per-process memory by default; "default" to share them)."""
        version = self.version_for(request) if request is not None else self.version()
        key = self.key(version, parts)
        store = caches[using]
        value = store.get(key)
        if value is None:
            value = build()
            if value is not None:
                store.set(key, value, timeout)
        return value


class PersonalNamespace:
    """A version per owner (a member), for what only that member sees and others' writes never change:
    their read marks. Bumped by the owner's own writes (`bump_on_write(Model, owner=…)`), read in
    the same round trip as the shared namespaces once the request's owner is known
    (`set_owner(request, user_id)`, done where the session's user is read: portal/authentication.py).
    Versions of owners not seen for a day expire (TIMEOUT) and come back as new tokens."""

    _all: dict[str, PersonalNamespace] = {}

    def __init__(self, name: str):
        self.name = name
        PersonalNamespace._all[name] = self

    def __repr__(self) -> str:
        return f"<PersonalNamespace {self.name}>"

    def version_key(self, owner) -> str:
        return f"cache-version:{self.name}:{owner}"

    def version_for(self, request, owner) -> str:
        if str(owner) != str(getattr(request, "_cache_owner", None)):
            # Another member's (a test, an admin view): read on its own.
            return _read_keys({self.version_key(owner): TIMEOUT})[self.version_key(owner)]
        versions = getattr(request, "_cache_versions", None)
        if versions is None or self.version_key(owner) not in versions:
            versions = _read_for(request)
        return versions[self.version_key(owner)]

    def bump(self, owner) -> None:
        shared_cache.set(self.version_key(owner), _token(), TIMEOUT)

    def bump_now_and_on_commit(self, owner) -> None:
        self.bump(owner)
        transaction.on_commit(lambda: self.bump(owner))

    def bump_on_write(self, model, *, owner: Callable) -> None:
        """Bump the owner's version (`owner(instance)`) on every save and delete of `model`."""

        def receiver(sender, instance, **kwargs) -> None:
            if sender.__module__ != "__fake__":
                self.bump_now_and_on_commit(owner(instance))

        uid = f"core.caching:{self.name}:{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}:delete", weak=False)

    def get_or_build(self, request, owner, parts: Hashable, build: Callable[[], T], *, using: str = "fragments",
                     timeout: int = TIMEOUT) -> T:
        """Like Namespace.get_or_build, under the owner's version."""
        key = f"{self.name}:{owner}:{self.version_for(request, owner)}:" + hashlib.blake2b(
            repr(parts).encode(), digest_size=16).hexdigest()
        store = caches[using]
        value = store.get(key)
        if value is None:
            value = build()
            if value is not None:
                store.set(key, value, timeout)
        return value


def set_owner(request, owner) -> None:
    """Whose personal versions this request reads with the shared ones (the signed-in user's id)."""
    request._cache_owner = owner


def _read_for(request) -> dict[str, str]:
    """Every shared namespace's version and the personal ones of the request's owner, in one read."""
    versions = getattr(request, "_cache_versions", None) or {}
    wanted = {ns.version_key: None for ns in namespaces() if ns.name not in versions}
    owner = getattr(request, "_cache_owner", None)
    if owner is not None:
        wanted.update({ns.version_key(owner): TIMEOUT for ns in PersonalNamespace._all.values()})
    found = _read_keys(wanted)
    shared = {ns.name: found[ns.version_key] for ns in namespaces() if ns.version_key in found}
    personal = {key: value for key, value in found.items() if key not in {ns.version_key for ns in namespaces()}}
    request._cache_versions = {**versions, **shared, **personal}
    return request._cache_versions


def _read_keys(wanted: dict[str, int | None]) -> dict[str, str]:
    """These version keys in one read; a missing one is set to a new token (`add`, so that two
    processes starting at once agree on the one that won), kept for its timeout (None: for ever)."""
    found = shared_cache.get_many(list(wanted))
    for key, timeout in wanted.items():
        if found.get(key) is None:
            shared_cache.add(key, _token(), timeout)
            found[key] = shared_cache.get(key) or _token()
    return found


def read_versions(namespaces: Iterable[Namespace]) -> dict[str, str]:
    """The versions of these namespaces in one read of the shared cache (missing ones: new tokens)."""
    namespaces = list(namespaces)
    found = _read_keys({ns.version_key: None for ns in namespaces})
    return {ns.name: found[ns.version_key] for ns in namespaces}


def namespaces() -> list[Namespace]:
    return list(Namespace._all.values())


def clear_all() -> None:
    """Forget everything cached, in this process and in the shared cache (after bulk loads). The
    versions disappear with it and come back as new tokens: nothing cached before stays valid."""
    shared_cache.clear()
    for alias in ("pages", "fragments", "fragment_blocks"):
        caches[alias].clear()


# The public pages (rendered whole for anonymous visitors, and the footer's contact points).
CONTENT = Namespace("content")
# The board's shared page parts: index pages, thread heads, reply lists, members' small flags.
BOARD = Namespace("board")
# Signed-in users as loaded for their requests (portal/authentication.py): bumped by every save of
# a user (portal/apps.py).
ACCOUNTS = Namespace("accounts")
# A member's read marks (the index's unread markers, a thread's 「最初の未読へ」): bumped by their own
# marks' writes (board/apps.py).
READS = PersonalNamespace("reads")
# Members' unread notification counts (the header's badge): bumped when notifications are written
# or read. Tiny, so a read mark of one member may make every member's count be counted again.
NOTICES = Namespace("notices")
