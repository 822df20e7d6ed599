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


def _typed(response) -> dict[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {area.find_previous("label").get_text(strip=True): area.get_text() for area in soup.find_all("textarea")}


def test_a_form_sent_while_the_database_is_down_hands_back_the_typed_text(member_client, database_down):
    member_client.raise_request_exception = False
    body = "坂井市の観光資源を活かした連携イベントを提案します。\n<script>alert(1)</script>"

    response = member_client.post(
        "/board/new/",
        {"category": "1", "title": "連携の提案", "body": body, "target_wards": ["131091"], "csrfmiddlewaretoken": "x"},
    )

    assert response.status_code == 503
    # Labelled as in the form (PostForm); the picked category and wards are not typed text.
    assert _typed(response) == {"件名": "連携の提案", "本文": body}
    text = response.content.decode()
    assert "<script>alert(1)</script>" not in text  # escaped, not echoed raw
    assert "category" not in BeautifulSoup(text, "html.parser").get_text()


def test_the_outage_page_uses_the_labels_of_the_form_the_view_picks(member_client, database_down):
    member_client.raise_request_exception = False
    response = member_client.post(
        "/members/organization/",
        {"contact_department": "企画課", "pr_text": "坂井市のPR", "introduction": "区の紹介", "password": "secret-value"},
    )
    assert response.status_code == 503
    assert _typed(response) == {"担当部署": "企画課", "PR文": "坂井市のPR", "紹介": "区の紹介"}
    assert "secret-value" not in response.content.decode()


def test_the_outage_page_labels_admin_fields_by_their_model(secretariat_client, database_down):
    secretariat_client.raise_request_exception = False
    response = secretariat_client.post("/admin/events/event/add/", {"title": "交流会", "summary": "概要の下書き"})
    assert response.status_code == 503
    assert _typed(response) == {"名称": "交流会", "概要": "概要の下書き"}


def test_other_errors_get_a_plain_japanese_500(client, settings, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False
    from portal import views

    monkeypatch.setattr(views.AboutView, "get", lambda *args, **kwargs: 1 / 0)
    response = client.get("/about/")
    assert response.status_code == 500
    assert BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True) == "エラーが発生しました"
