"""The production shared cache: Redis (issue 19).

scripts/test.sh starts a throwaway server (scripts/redis.sh) for both phases and passes its URL as
PORTAL_TEST_REDIS_URL; a bare `pytest` without it skips this module (and says so in its summary).
"""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements.models import CorporatePartner
from core.caching import CONTENT

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_URL, reason="no PORTAL_TEST_REDIS_URL (scripts/test.sh starts Redis)"),
]


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "core.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }}
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def redis_commands(monkeypatch):
    """The commands this process sends to Redis, by name."""
    import redis

    sent: list[str] = []
    original = redis.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(str(args[0]).upper())
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    return sent


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_settings_keep_sessions_in_the_database_behind_the_cache():
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_a_redis_restart_logs_no_one_out(redis_cache, member):
    client = _logged_in(member)
    assert client.get("/members/").status_code == 200
    session_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert redis_cache.get(f"django.contrib.sessions.cached_db{session_key}") is not None

    # A real restart of the server (scripts/redis.sh restart: no persistence, every key gone).
    subprocess.run([str(ROOT / "scripts/redis.sh"), "restart"], check=True, capture_output=True)
    assert redis_cache.get(f"django.contrib.sessions.cached_db{session_key}") is None

    response = client.get("/members/")
    assert response.status_code == 200
    assert response.wsgi_request.user == member
    # …and the session is back in the cache for the next request.
    assert redis_cache.get(f"django.contrib.sessions.cached_db{session_key}") is not None


def test_a_members_request_reads_no_session_row(redis_cache, member):
    client = _logged_in(member)
    client.get("/board/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/board/").status_code == 200
    assert not [q for q in ctx.captured_queries if "django_session" in q["sql"]]


def test_an_anonymous_hit_is_one_redis_command_and_no_query(redis_cache, redis_commands, django_assert_num_queries):
    client = Client()
    assert client.get("/events/")["X-Page-Cache"] == "miss"
    redis_commands.clear()

    with django_assert_num_queries(0):
        hit = client.get("/events/")

    assert hit["X-Page-Cache"] == "hit"
    assert redis_commands == ["MGET"]


def test_an_edit_changes_the_version_in_redis_and_the_next_visit_is_fresh(redis_cache):
    client = Client()
    client.get("/agreements/")
    assert client.get("/agreements/")["X-Page-Cache"] == "hit"
    before = redis_cache.get(CONTENT.version_key)

    partner = CorporatePartner.objects.order_by("pk").first()
    partner.name = "株式会社レディス改称後"
    partner.save()

    assert redis_cache.get(CONTENT.version_key) not in (None, before)
    after = client.get("/agreements/")
    assert after["X-Page-Cache"] == "miss"
    assert "株式会社レディス改称後" in after.content.decode()
