"""Hostile and careless input: each answered with a clear Japanese message, the text kept, nothing stored."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from board.models import Attachment, Category, Post, Reply
from tests.factories import PDF_BYTES, PostFactory

pytestmark = pytest.mark.django_db

SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def new_post(client, **overrides):
    data = {
        "category": Category.objects.get(slug="proposal").pk,
        "title": "連携のご提案",
        "body": "本文です。入力した文章は消えません。",
        **overrides,
    }
    return client.post("/board/new/", data)


def form_values(response) -> tuple[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    # (A newline right after <textarea> is not part of its value in HTML.)
    return soup.select_one("#id_title")["value"], soup.select_one("#id_body").get_text().removeprefix("\n")


def test_script_in_title_and_body_is_escaped_or_removed(member_client):
    response = new_post(
        member_client,
        title='<script>alert("x")</script>提案',
        body='<img src=x onerror="alert(1)"> [リンク](javascript:alert(1)) <a href="#" onclick="alert(2)">押す</a> <iframe src="https://evil.example"></iframe>',
    )
    post = Post.objects.get()
    page = member_client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;提案" in page
    rendered = BeautifulSoup(post.body_html, "html.parser")
    assert not rendered.find_all(["script", "img", "iframe", "svg"])
    for element in rendered.find_all(True):
        assert not any(attr.startswith("on") for attr in element.attrs)
        assert not element.get("href", "").lower().startswith("javascript:")
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", HTML_PAGE, "中身がPDFではありません"),
        ("map.svg", SVG_WITH_SCRIPT, "添付できない種類のファイルです"),
        ("page.html", HTML_PAGE, "添付できない種類のファイルです"),
        ("photo.png", PDF_BYTES, "中身が画像（PNG）ではありません"),
        ("empty.pdf", b"", "空です"),
    ],
)
def test_disguised_or_forbidden_uploads_are_refused_and_the_text_kept(member_client, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = new_post(member_client, files=[upload])
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "入力内容を確認してください" in text
    assert "もう一度選んでください" in text
    assert form_values(response) == ("連携のご提案", "本文です。入力した文章は消えません。")
    assert not Post.objects.exists() and not Attachment.objects.exists()


@override_settings(BOARD_MAX_UPLOAD_MB=1)
def test_oversized_upload_is_refused(member_client):
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 1), content_type="application/pdf")
    response = new_post(member_client, files=[big])
    assert "1ファイル 1.0\xa0MB までです" in response.content.decode() or "1ファイル 1.0 MB までです" in response.content.decode()
    assert not Post.objects.exists()


def test_too_many_files_are_refused(member_client):
    files = [SimpleUploadedFile(f"f{i}.pdf", PDF_BYTES, content_type="application/pdf") for i in range(6)]
    response = new_post(member_client, files=files)
    assert "5個までです" in response.content.decode()
    assert not Post.objects.exists()


def test_overlong_title_and_body(member_client):
    response = new_post(member_client, title="あ" * 121, body="い" * 20001)
    text = response.content.decode()
    assert response.status_code == 200
    assert "120 文字以下" in text or "120文字以下" in text
    assert "20000 文字以下" in text or "20000文字以下" in text
    title, body = form_values(response)
    assert title == "あ" * 121 and body == "い" * 20001
    assert not Post.objects.exists()


def test_missing_fields_are_named(member_client):
    response = member_client.post("/board/new/", {"title": "", "body": ""})
    text = response.content.decode()
    assert text.count("このフィールドは必須です。") >= 3
    assert 'href="#id_title"' in text  # the error summary links to the field


def test_unknown_category_and_ward(member_client):
    response = new_post(member_client, category="999", target_wards=["000000"])
    text = response.content.decode()
    assert "正しく選択してください" in text
    assert not Post.objects.exists()


def test_bad_reply_keeps_the_text_and_stores_nothing(member_client):
    post = PostFactory()
    response = member_client.post(
        f"/board/{post.pk}/reply/",
        {"body": "返信の下書き", "files": [SimpleUploadedFile("x.pdf", HTML_PAGE, content_type="application/pdf")]},
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_body").get_text().removeprefix("\n") == "返信の下書き"
    assert "中身がPDFではありません" in response.content.decode()
    assert not Reply.objects.exists()
    post.refresh_from_db()
    assert post.reply_count == 0


def test_a_failing_second_file_leaves_nothing_half_stored(member_client, monkeypatch):
    """The files are checked before anything is written; a storage failure rolls the post back too."""
    from board import services

    calls = {"n": 0}
    original = services.validate_upload

    def flaky(upload):
        calls["n"] += 1
        if calls["n"] == 2:
            from django.core.exceptions import ValidationError

            raise ValidationError("保存に失敗しました。")
        return original(upload)

    monkeypatch.setattr(services, "validate_upload", flaky)
    files = [SimpleUploadedFile(f"f{i}.pdf", PDF_BYTES, content_type="application/pdf") for i in range(2)]
    response = new_post(member_client, files=files)
    assert response.status_code == 200
    assert "保存に失敗しました。" in response.content.decode()
    assert not Post.objects.exists() and not Attachment.objects.exists()
