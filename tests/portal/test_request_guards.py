"""Hostile requests on every URL: NUL bytes (which PostgreSQL refuses) in a parameter, the path or a
form field, and bodies over the size limit — answered with a Japanese 400 or 413 page, never a 5xx.
Runs on SQLite and, in `make test`'s PostgreSQL phase, on PostgreSQL."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from board.models import Post
from tests.factories import AttachmentFactory, EventFactory, PostFactory, ReplyFactory

pytestmark = pytest.mark.django_db

# The URL contract of SPEC.md: every path is requested whether or not it is implemented yet.
CONTRACT = [
    "/", "/about/", "/about/history/", "/about/outcomes/", "/wards/", "/wards/131016/", "/municipalities/",
    "/municipalities/182109/", "/agreements/", "/events/", "/events/feed.ics", "/events/feed.xml",
    "/disaster-support/", "/news/", "/news/feed.xml", "/search/?q=連携", "/accessibility/",
    "/accessibility/results/", "/accounts/login/", "/accounts/signup/", "/accounts/logout/",
    "/accounts/password/reset/", "/board/", "/board/new/", "/board/mine/", "/members/", "/members/profile/",
    "/members/organization/", "/members/notifications/", "/sitemap.xml", "/robots.txt", "/opendata/",
    "/opendata/events.csv", "/opendata/events.json", "/contact/", "/faq/", "/privacy/", "/admin/", "/healthz",
    # allauth's keyed pages (regular-expression routes)
    "/accounts/confirm-email/abc123/", "/accounts/password/reset/key/1-abc123/",
]


def _samples() -> dict[str, str]:
    """A real value for each URL parameter, so that each URL names an existing object."""
    from agreements.models import Federation
    from disaster_support.models import Disaster

    post = PostFactory()
    reply = ReplyFactory(post=post)
    attachment = AttachmentFactory(post=post)
    return {
        "post_id": str(post.pk), "reply_id": str(reply.pk), "attachment_id": str(attachment.pk),
        "code": "131091", "slug": getattr(Federation.objects.order_by("pk").first(), "slug", "abc123"),
        "event_pk": str(EventFactory().pk), "disaster_pk": str(Disaster.objects.order_by("pk").first().pk),
        "path": "pr/pamphlet.pdf",
    }


def _patterns(resolvers, prefix: str = ""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin's ~200 model pages: /admin/ itself is in the contract
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), {**entry.pattern.converters}, entry


def every_url() -> list[str]:
    """Every URL the site routes (filled with real objects) and every URL of the contract."""
    samples = _samples()
    urls = set(CONTRACT)
    for route, converters, entry in _patterns(get_resolver().url_patterns):
        if route.startswith("^") or "(?P" in route:
            continue  # allauth's regex routes for keys: their plain siblings are requested
        module = getattr(entry.callback, "__module__", "")

        def fill(match: re.Match, module=module, converters=converters) -> str:
            name = match.group(2)
            if name == "pk":
                return samples["event_pk" if module.startswith("events") else "disaster_pk"]
            if name in samples:
                return samples[name]
            return "1" if isinstance(converters.get(name), IntConverter) else "abc123"

        urls.add("/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route))
    return sorted(urls)


def _with_nul_in_path(url: str) -> str:
    """The URL with %00 in its last path segment (a value segment when there is one)."""
    path, _, query = url.partition("?")
    if path == "/":
        return "/%00/" + (f"?{query}" if query else "")
    segments = path.rstrip("/").split("/")
    segments[-1] = (segments[-1] or "") + "%00"
    return "/".join(segments) + ("/" if path.endswith("/") else "") + (f"?{query}" if query else "")


def _with_nul_in_parameter(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "q=a%00b&page=%00&" + quote("x\0") + "=1"


def _assert_refused(response, url: str) -> None:
    assert response.status_code == 400, f"{url} → {response.status_code}"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "使用できない文字が含まれています", url
    assert "\0" not in response.content.decode(), url


@pytest.fixture
def clients(client, member_client, liaison_client):
    client.raise_request_exception = False
    for each in (member_client, liaison_client):
        each.raise_request_exception = False
    return {"anonymous": client, "member": member_client, "liaison": liaison_client}


def test_every_url_with_a_nul_byte_in_a_parameter_or_the_path_gets_the_japanese_400_page(clients):
    urls = every_url()
    assert len(urls) >= len(CONTRACT) + 10  # the routed URLs were found, not only the contract's
    for url in urls:
        for role, client in clients.items():
            for hostile in (_with_nul_in_parameter(url), _with_nul_in_path(url)):
                _assert_refused(client.get(hostile), f"{role} GET {hostile}")
            _assert_refused(client.post(url, {"body": "本文\0", "title": "件名"}), f"{role} POST {url}")


def test_the_same_urls_without_the_nul_byte_answer_without_a_server_error(clients):
    """The refusals above are the guard's, not a broken page: each URL works (or is absent/forbidden)."""
    for url in every_url():
        for role, client in clients.items():
            response = client.get(url)
            assert response.status_code < 500, f"{role} GET {url} → {response.status_code}"


def test_the_400_page_offers_the_page_without_the_bad_character(client):
    response = client.get("/search/?q=%E9%80%A3%00%E6%90%BA")
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.find("a", string="その文字を取り除いたアドレスで開く")
    assert link["href"] == "/search/?q=%E9%80%A3%E6%90%BA"
    assert soup.select_one("#site-search-q")["value"] == "連携"
    assert client.get(link["href"]).status_code == 200


def test_the_offered_page_never_leaves_the_site(client):
    response = client.get("/", PATH_INFO="//evil.example/\0")
    link = BeautifulSoup(response.content, "html.parser").find("a", string="その文字を取り除いたアドレスで開く")
    assert link["href"] == "/evil.example/"


def test_a_form_with_a_nul_byte_stores_nothing_and_hands_back_the_text(member_client):
    from board.models import Category

    response = member_client.post("/board/new/", {
        "category": Category.objects.get(slug="proposal").pk, "title": "連携の\0ご提案", "body": "本文です。\0貼り付け",
    })
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    typed = {area.find_previous("label").get_text(strip=True): area.get_text() for area in soup.find_all("textarea")}
    assert typed == {"件名": "連携のご提案", "本文": "本文です。貼り付け"}
    assert "送信された内容は保存されていません" in soup.get_text()
    assert not Post.objects.exists()


def test_a_file_name_with_a_nul_byte_loses_it(member_client):
    """Django removes unprintable characters from an upload's name before the form sees it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from board.models import Attachment, Category
    from tests.factories import PDF_BYTES

    upload = SimpleUploadedFile("a\0b.pdf", PDF_BYTES, content_type="application/pdf")
    response = member_client.post("/board/new/", {
        "category": Category.objects.get(slug="proposal").pk, "title": "件名", "body": "本文", "files": [upload],
    })
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "ab.pdf"


def test_a_session_cookie_with_a_nul_byte_is_ignored(client):
    client.cookies["sessionid"] = "abcdefgh12345678\0"
    response = client.get("/board/")
    assert response.status_code == 302  # an anonymous visitor, sent to the login page
    assert response["Location"].startswith("/accounts/login/")


class _Unreadable(io.RawIOBase):
    """A request body that must not be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def _oversized(client, path: str, *, content_type: str, length: int):
    return client.generic(
        "POST", path, CONTENT_TYPE=content_type, CONTENT_LENGTH=str(length), **{"wsgi.input": _Unreadable()}
    )


def test_an_upload_over_the_limit_gets_a_413_before_its_body_is_read(member_client, settings):
    limit = settings.REQUEST_BODY_MAX_BYTES
    assert limit == (settings.BOARD_MAX_UPLOAD_MB * settings.BOARD_MAX_FILES + 1) * 1024 * 1024  # 51 MB
    response = _oversized(member_client, "/board/new/", content_type="multipart/form-data; boundary=x", length=limit + 1)
    assert response.status_code == 413
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "送信できる大きさを超えています"
    text = soup.get_text()
    assert "合計 51.0\xa0MB まで" in text and "1ファイル 10.0\xa0MB まで" in text
    assert not Post.objects.exists()


def test_a_form_over_the_limit_gets_a_413_before_its_body_is_read(client, settings):
    response = _oversized(
        client, "/accounts/login/", content_type="application/x-www-form-urlencoded",
        length=settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1,
    )
    assert response.status_code == 413
    assert "合計 5.0\xa0MB まで" in BeautifulSoup(response.content, "html.parser").get_text()


def test_an_upload_whose_text_fields_are_too_large_gets_the_413_page(member_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024  # Django counts the text fields while it reads them
    response = member_client.post("/board/new/", {"title": "件名", "body": "あ" * 2000, "files": []})
    assert response.status_code == 413
    assert not Post.objects.exists()


def test_an_upload_within_the_limit_is_read_and_checked_per_file(member_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import PDF_BYTES

    settings.BOARD_MAX_UPLOAD_MB = 1
    settings.REQUEST_BODY_MAX_BYTES = 3 * 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 1), content_type="application/pdf")
    response = member_client.post("/board/new/", {"title": "件名", "body": "本文", "files": [big]})
    assert response.status_code == 200  # the form, with the per-file message beside the field
    assert "添付できるのは1ファイル 1.0\xa0MB までです" in response.content.decode()


def test_other_bad_requests_get_a_japanese_400_page(client, settings):
    settings.ALLOWED_HOSTS = ["collabo.example.jp"]
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True) == "リクエストを処理できませんでした"
