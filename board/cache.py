"""The shared parts of the board's pages, under the "board" namespace of the versioned cache.

A member's board page is mostly what every member sees: the index's rows and count, a thread's head
and replies. Those parts are kept in each process's memory under the board's version
(core/caching.py), which the writes of everything a board page shows bump (declared in
board/apps.py). The personal parts — unread marks, edit links on one's own replies, the
Secretariat's buttons, forms with CSRF tokens — are never in these parts, or the part is keyed by
the member.

The header's unread count is a member's own, and small: kept under the versions of the board (a
post hidden since drops its entries) and of the notifications (NOTICES: bumped when entries are
written or read), so a page costs no query for it once counted.

Writes that bypass model signals (QuerySet.update(), bulk_create) on the shown models must call
`BOARD.bump()` themselves (the board's services only update counters next to a signalled save).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from core.caching import BOARD, NOTICES

T = TypeVar("T")


def get_or_build(request, parts: Hashable, build: Callable[[], T], *, small: bool = False) -> T:
    """The part identified by `parts` under the request's board version, built (and kept) when
    missing. `build` returning None keeps nothing. `small` parts (a member's flags) go to the
    "fragments" cache, so that many members' flags do not push the large shared parts out."""
    return BOARD.get_or_build(parts, build, request=request, using="fragments" if small else "fragment_blocks")


def unread_count(request) -> int:
    """The member's unread notifications (the header's badge, the thread page): counted once per
    version of the board and of the notifications, in this process's memory; once per request."""
    count = getattr(request, "_unread_notifications", None)
    if count is None:
        from board import selectors

        user = request.user
        count = NOTICES.get_or_build(
            ("unread", user.pk, BOARD.version_for(request)),
            lambda: selectors.unread_notification_count(user=user),
            request=request, using="fragments",
        )
        request._unread_notifications = count
    return count


def unread_post_ids(request) -> frozenset[int]:
    """The threads the member has unread notifications about (opening one marks them read), kept
    like the count; none are looked for when the count is 0."""
    if not unread_count(request):
        return frozenset()
    from board import selectors

    user = request.user
    return NOTICES.get_or_build(
        ("unread-posts", user.pk, BOARD.version_for(request)),
        lambda: selectors.unread_notification_post_ids(user=user),
        request=request, using="fragments",
    )


def forget_unread_count(request) -> None:
    """After the member marked entries read in this request (the page shows the new count)."""
    request.__dict__.pop("_unread_notifications", None)
    request.__dict__.pop("_cache_versions", None)
