"""Benchmark helpers run inside Django: a member's session cookie, the 200-reply thread, query counts.

    python bench/prepare.py session EMAIL     → prints a session key for EMAIL (logged in)
    python bench/prepare.py cookie EMAIL      → prints the Cookie header of a browser logged in as EMAIL:
                                                the session and a CSRF cookie, as a browser keeps them
    python bench/prepare.py thread            → prints the pk of a thread with ≥200 replies
    python bench/prepare.py queries URL…      → prints "URL count" for each URL (uncached render)
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from board.models import Post  # noqa: E402
from core import caching, fragments  # noqa: E402
from portal.models import User  # noqa: E402


def session(email: str) -> str:
    user = User.objects.get(email=email)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def cookie(email: str) -> str:
    from django.middleware.csrf import _get_new_csrf_string

    return f"{settings.SESSION_COOKIE_NAME}={session(email)}; {settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"


def thread() -> int:
    return Post.objects.filter(reply_count__gte=200, is_hidden=False).order_by("-reply_count", "pk").values_list("pk", flat=True)[0]


def queries(urls: list[str], email: str) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    anonymous, member = Client(), Client()
    member.force_login(User.objects.get(email=email))
    for url in urls:
        client = member if url.startswith("/board/") else anonymous
        for alias in ("default", "pages"):
            caches[alias].clear()
        fragments.clear()
        # The cache versions are created once after a clear (and read in one query by every request
        # after): count what rendering the page costs, not that one-time set-up.
        caching.read_versions(caching.namespaces())
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url, secure=True).status_code
        print(f"{url} {len(ctx.captured_queries)} {status}")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "session":
        print(session(sys.argv[2]))
    elif command == "cookie":
        print(cookie(sys.argv[2]))
    elif command == "thread":
        print(thread())
    else:
        queries(sys.argv[2:], "sakai@example.jp")
