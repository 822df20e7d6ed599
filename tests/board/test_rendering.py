"""Markdown of posts and replies: raw HTML shown as typed, "<" shown once (also inside code)."""

from importlib import import_module

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

from board.models import Category
from board.rendering import render_markdown
from tests.factories import PostFactory, ReplyFactory


def _text(html: str, selector: str) -> str:
    return BeautifulSoup(html, "html.parser").select_one(selector).get_text()


def test_a_code_span_shows_less_than_once():
    html = render_markdown("比較は `a < b && c > d` です。")
    assert _text(html, "code") == "a < b && c > d"
    assert "&amp;lt;" not in html


def test_indented_and_fenced_code_blocks_show_less_than_once():
    indented = render_markdown("例:\n\n    if x < 10:\n        print('<br>')\n")
    fenced = render_markdown("```\n<table>\n  <tr>\n```\n")
    assert _text(indented, "pre code") == "if x < 10:\n    print('<br>')\n"
    assert _text(fenced, "pre code") == "<table>\n  <tr>\n"


def test_raw_html_outside_code_is_text_not_markup():
    html = render_markdown('<b>太字</b> 1 < 2\n\n<div onclick="alert(1)">ブロック</div>')
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["b", "div"])
    assert soup.get_text() == '<b>太字</b> 1 < 2\n<div onclick="alert(1)">ブロック</div>'


def test_markdown_and_typed_entities_still_work():
    html = render_markdown("**強調** と <https://example.jp/?a=1&b=2> と &lt;")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.strong.get_text() == "強調"
    assert soup.a["href"] == "https://example.jp/?a=1&b=2"
    assert soup.get_text().endswith("と <")


@pytest.mark.django_db
def test_the_thread_page_shows_code_as_typed(member_client):
    response = member_client.post("/board/new/", {
        "category": Category.objects.get(slug="proposal").pk, "title": "コード", "body": "`<tag>` を使います",
    })
    page = member_client.get(response["Location"])
    code = BeautifulSoup(page.content, "html.parser").select_one(".post__body code")
    assert code.get_text() == "<tag>"


@pytest.mark.django_db
def test_the_migration_renders_stored_posts_and_replies_again():
    migration = import_module("board.migrations.0007_rerender_code_with_lt")
    post = PostFactory(body="`a<b`", body_html="<p><code>a&amp;lt;b</code></p>")
    reply = ReplyFactory(body="`x<y`", body_html="<p><code>x&amp;lt;y</code></p>")
    untouched = PostFactory(body="ふつうの本文", body_html="<p>ふつうの本文</p>")

    migration.rerender(apps, None)

    post.refresh_from_db(), reply.refresh_from_db(), untouched.refresh_from_db()
    assert post.body_html == "<p><code>a&lt;b</code></p>"
    assert reply.body_html == "<p><code>x&lt;y</code></p>"
    assert untouched.body_html == "<p>ふつうの本文</p>"
