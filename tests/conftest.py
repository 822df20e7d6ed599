"""Shared fixtures. The seed data is loaded once per test database, so every test sees it."""

import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))


@pytest.fixture(autouse=True)
def _japanese():
    with translation.override("ja"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits (allauth), page caches and cached rows live in caches: no test sees another's.
    from django.core.cache import caches

    from core import fragments

    for alias in ("default", "pages"):
        caches[alias].clear()
    fragments.clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()
    fragments.clear()


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def member(db):
    from tests.factories import MemberFactory

    return MemberFactory()


@pytest.fixture
def liaison(db):
    from tests.factories import LiaisonFactory

    return LiaisonFactory()


@pytest.fixture
def pending_user(db):
    from tests.factories import PendingFactory

    return PendingFactory()


@pytest.fixture
def secretariat(db):
    from tests.factories import SecretariatFactory

    return SecretariatFactory()


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def liaison_client(liaison):
    return _client_for(liaison)


@pytest.fixture
def pending_client(pending_user):
    return _client_for(pending_user)


@pytest.fixture
def secretariat_client(secretariat):
    return _client_for(secretariat)
