"""The signed-in user of a request, kept in this process's memory between requests.

`django.contrib.auth.middleware.AuthenticationMiddleware` loads the user's row on every request of a
signed-in member (`bench/profile.sh /board/ member`: a tenth of the page's CPU). This middleware takes
its place and keeps the loaded user under the version of the `ACCOUNTS` namespace (core/caching.py),
which every save of a user bumps (portal/apps.py; a login's `last_login` does not): a deactivation, a
rejection, a password or address change, a new group reach every process at once, as the board's
cached parts do. The version is read in the same round trip as the request's other versions.

What is checked on each request is what Django checks: the session's user id and backend, and the
session's hash against the user's password hash (a password change logs the other sessions out).
Anything unusual — no such user, another backend, a hash made with an old SECRET_KEY — goes through
`django.contrib.auth.get_user` itself. The user is stored the moment it is loaded, before any
permission was cached on it, so a hit never carries stale permissions.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import caches
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from core.caching import ACCOUNTS, set_owner

TIMEOUT = 60 * 60


def _key(request, user_id) -> str:
    return ACCOUNTS.key(ACCOUNTS.version_for(request), ("user", str(user_id)))


def get_user(request):
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    if user_id is None or session.get(auth.BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    # The member's personal cache versions (read marks) come in the same read as the shared ones.
    set_owner(request, user_id)
    store = caches["fragments"]
    key = _key(request, user_id)
    user = store.get(key)
    if user is not None:
        session_hash = session.get(auth.HASH_SESSION_KEY)
        if session_hash and constant_time_compare(session_hash, user.get_session_auth_hash()):
            return user
        return auth.get_user(request)
    user = auth.get_user(request)
    if user.is_authenticated:
        store.set(key, user, TIMEOUT)
    return user


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware with `request.user` from `get_user` above (the async
    `request.auser` stays Django's: nothing here runs under ASGI)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))
