from functools import lru_cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from core.site import absolute_url

# The main menu: (URL name, label, whether the pages below the URL belong to it too).
NAVIGATION = (
    ("home", "ホーム", False),
    ("about", "プロジェクトについて", True),
    ("municipalities:ward-list", "東京23区", True),
    ("municipalities:list", "連携自治体", True),
    ("agreements:index", "連携協定", False),
    ("events:list", "イベント・展示", True),
    ("disaster_support:list", "被災自治体への支援", True),
    ("news", "お知らせ", False),
)


@lru_cache(maxsize=8)
def _navigation(urlconf, script_prefix: str) -> tuple[tuple[str, str, str, bool], ...]:
    """The menu's (URL, label, name, below) — reversed once per URL configuration, not per page."""
    return tuple((reverse(name, urlconf=urlconf), label, name, below) for name, label, below in NAVIGATION)


def _navigation_now() -> tuple[tuple[str, str, str, bool], ...]:
    return _navigation(get_urlconf(), get_script_prefix())


def _current_section(path: str) -> str:
    for url, _label, name, below in _navigation_now():
        if path == url or (below and path.startswith(url)):
            return name
    return ""


class MemberMenu:
    """The header's member links (templates/base.html): the unread count is read only when shown,
    from the board's cache (board/cache.py: no query once counted)."""

    def __init__(self, request):
        self.request = request

    @property
    def unread(self) -> int:
        from board.cache import unread_count

        return unread_count(self.request)

    @property
    def open_reports(self) -> int:
        """The Secretariat's queue of reports (通報) not decided yet: 0 for everyone else."""
        from board.selectors import open_report_count
        from core.roles import is_secretariat

        return open_report_count() if is_secretariat(self.request.user) else 0


def _member_menu(request):
    from core.roles import can_use_board

    return MemberMenu(request) if can_use_board(request.user) else None


def site(request):
    """Names used by every page (the header, the title suffix), the main menu and what the cached
    parts of every page are keyed by (templates/base.html): the menu item of the current page and
    the public content's version (core/caching.py; read only when a cached part needs it)."""
    from core.caching import CONTENT

    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_NAME_EN": settings.PORTAL_NAME_EN,
        "nav_current": SimpleLazyObject(lambda: _current_section(request.path)),
        "nav_items": SimpleLazyObject(lambda: [(url, label, name) for url, label, name, _below in _navigation_now()]),
        "content_version": SimpleLazyObject(lambda: CONTENT.version_for(request)),
        # The canonical address of the page (no query string) and the share image, on the public address.
        "canonical_url": absolute_url(request.path),
        "share_image_url": SimpleLazyObject(lambda: absolute_url(static("img/ogp.png"))),
        "PORTAL_X_ACCOUNT": settings.PORTAL_X_ACCOUNT,
        # None for visitors and applicants: the header shows the member links only with it.
        "member_menu": SimpleLazyObject(lambda: _member_menu(request)),
    }
