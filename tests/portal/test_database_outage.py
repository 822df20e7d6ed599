"""While the database is down: /healthz says 503, pages say so in Japanese, typed text comes back."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(settings):
    settings.DEBUG = False  # handler500 is used only with DEBUG off, as in production

    def refuse(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


@pytest.fixture
def unraising(client):
    client.raise_request_exception = False
    return client


def test_healthz_answers_503_while_the_database_is_down(unraising, database_down):
    response = unraising.get("/healthz")
    assert response.status_code == 503


def test_a_public_page_answers_503_in_japanese_with_retry_after(unraising, database_down):
    response = unraising.get("/about/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("html")["lang"] == "ja"
    assert soup.h1.get_text(strip=True) == "ただいま一時的に利用できません"


def test_a_form_sent_while_the_database_is_down_hands_back_the_typed_text(member_client, database_down):
    member_client.raise_request_exception = False
    body = "坂井市の観光資源を活かした連携イベントを提案します。\n<script>alert(1)</script>"

    response = member_client.post(
        "/members/profile/",
        {"title": "連携の提案", "body": body, "password": "secret-value", "csrfmiddlewaretoken": "x"},
    )

    assert response.status_code == 503
    soup = BeautifulSoup(response.content, "html.parser")
    typed = {area.find_previous("label").get_text(strip=True): area.get_text() for area in soup.find_all("textarea")}
    assert typed == {"件名": "連携の提案", "本文": body}
    assert "<script>alert(1)</script>" not in response.content.decode()  # escaped, not echoed raw
    assert "secret-value" not in response.content.decode()


def test_other_errors_get_a_plain_japanese_500(client, settings, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False
    from portal import views

    monkeypatch.setattr(views.AboutView, "get", lambda *args, **kwargs: 1 / 0)
    response = client.get("/about/")
    assert response.status_code == 500
    assert BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True) == "エラーが発生しました"
