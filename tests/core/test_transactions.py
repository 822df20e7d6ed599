"""core.transactions.AtomicWritesMiddleware: a transaction for the requests that write, none for reads."""

import pytest
from django.test import Client

from municipalities.models import Prefecture

# Each test runs in a transaction of its own (the seed stays for the next tests), so the views report
# how many atomic blocks they run in and the tests compare that with the test's own.
pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_transactions")]


@pytest.fixture
def hokkaido():
    return Prefecture.objects.get(code="01")


@pytest.fixture
def outside():
    from django.db import connection

    return len(connection.atomic_blocks)


def _depth(response) -> int:
    return int(response.content)


def test_pages_that_only_read_open_no_transaction(client, outside):
    assert _depth(client.get("/state/")) == outside
    assert client.head("/state/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_requests_that_write_run_in_one_transaction(client, method, outside):
    assert _depth(getattr(client, method)("/state/")) == outside + 1


def test_a_failing_post_leaves_nothing_behind(hokkaido):
    client = Client(raise_request_exception=False)
    response = client.post("/state/", {"rename": "書き換え後", "fail": "1"})

    assert response.status_code == 500
    hokkaido.refresh_from_db()
    assert hokkaido.name != "書き換え後"


def test_a_successful_post_is_committed(client, hokkaido):
    assert client.post("/state/", {"rename": "書き換え後"}).status_code == 200
    hokkaido.refresh_from_db()
    assert hokkaido.name == "書き換え後"


def test_a_write_of_a_get_is_kept_on_its_own(hokkaido):
    # A page that records something while it is read (a read mark) commits that one statement.
    client = Client(raise_request_exception=False)
    client.get("/state/", {"rename": "閲覧中の記録", "fail": "1"})
    hokkaido.refresh_from_db()
    assert hokkaido.name == "閲覧中の記録"


def test_a_view_marked_non_atomic_gets_no_transaction_even_for_a_post(client, outside):
    assert _depth(client.post("/exempt/")) == outside


def test_a_refused_post_rolls_back_and_still_renders_its_error_page(hokkaido):
    # PermissionDenied after a write: the Japanese 403 page (which reads the database for the
    # header) is rendered, and the write is undone.
    client = Client(raise_request_exception=False)
    response = client.post("/state/", {"rename": "拒否の前の書き込み", "deny": "1"})

    assert response.status_code == 403
    hokkaido.refresh_from_db()
    assert hokkaido.name != "拒否の前の書き込み"
