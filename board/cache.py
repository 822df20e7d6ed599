"""The shared parts of the board's pages, under the "board" namespace of the versioned cache.

A member's board page is mostly what every member sees: the index's rows and count, a thread's head
and replies. Those parts are kept in each process's memory under the board's version
(core/caching.py), which the writes of everything a board page shows bump (declared in
board/apps.py). The personal parts — unread marks, edit links on one's own replies, the
Secretariat's buttons, forms with CSRF tokens — are never in these parts, or the part is keyed by
the member.

Writes that bypass model signals (QuerySet.update(), bulk_create) on the shown models must call
`BOARD.bump()` themselves (the board's services only update counters next to a signalled save).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from core.caching import BOARD

T = TypeVar("T")


def get_or_build(request, parts: Hashable, build: Callable[[], T], *, small: bool = False) -> T:
    """The part identified by `parts` under the request's board version, built (and kept) when
    missing. `build` returning None keeps nothing. `small` parts (a member's flags) go to the
    "fragments" cache, so that many members' flags do not push the large shared parts out."""
    return BOARD.get_or_build(parts, build, request=request, using="fragments" if small else "fragment_blocks")
