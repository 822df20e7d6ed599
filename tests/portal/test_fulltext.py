"""Japanese search of the board: same results as a substring search, and on PostgreSQL served by the
bigram GIN index, also for two-character words (京都, 連携)."""

from __future__ import annotations

from functools import reduce
from operator import or_

import pytest
from django.db import connection
from django.db.models import Q

from board.models import Post
from core import fulltext, text
from tests.factories import MemberFactory, PostFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    ("京都府の観光PR", "お茶の京都を紹介します"),
    ("連携事業のご提案", "区との連携を希望します"),
    ("物産展の出店募集", "ジャガイモ詰め大会も開催"),
    ("さかいし の紹介", "サカイシ のパンフレット"),
    ("Ｅｘｐｏ２０２５", "万博の取組"),
    ("京", "一文字だけのタイトル"),
]


@pytest.fixture
def posts():
    author = MemberFactory()
    return [PostFactory(author=author, title=t, body=b) for t, b in TEXTS]


def titles(qs) -> set[str]:
    return set(qs.values_list("title", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("京都", {"京都府の観光PR"}),
        ("連携", {"連携事業のご提案"}),
        ("京", {"京都府の観光PR", "京"}),
        ("さかいし", {"さかいし の紹介"}),
        ("出店 ジャガイモ", {"物産展の出店募集"}),
        ("EXPO", set()),  # the stored text is full-width; the query is NFKC-normalised, not the rows
        ("存在しない", set()),
        ("", {t for t, _ in TEXTS}),
    ],
)
def test_results_equal_a_substring_search(posts, query, expected):
    assert titles(fulltext.search(Post.objects.all(), query)) == expected


def test_terms_are_normalised_and_bounded():
    assert text.parse_query("ｻｶｲ　京都 ").terms == ["サカイ", "京都"]
    assert len(text.parse_query(" ".join(f"語{n}" for n in range(20))).terms) == text.MAX_TERMS
    assert text.parse_query("連携 連携").terms == ["連携"]  # a repeated term counts once


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index exists on PostgreSQL only")
@pytest.mark.parametrize("query", ["京都", "連携", "観光PR"])
def test_postgresql_uses_the_bigram_index_for_two_character_words(posts, query):
    # Unordered: with the board's order, a handful of test rows is best read in index order.
    qs = fulltext.search(Post.objects.order_by(), query)
    with connection.cursor() as cursor:
        # A few rows would be scanned anyway: disable sequential scans to see whether the index *can* serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "board_post_bigrams" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_bigram_function_is_immutable_and_handles_short_text():
    with connection.cursor() as cursor:
        cursor.execute("SELECT portal_bigrams('京'), portal_bigrams('京都'), portal_bigrams('ABab')")
        one, two, mixed = cursor.fetchone()
    assert one == [] and two == ["京都"] and set(mixed) == {"ab", "ba"}
    assert fulltext.bigrams("ABab") == ["ab", "ba"]  # the query's side, computed in Python


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.parametrize("text", ["全国連携", "京都と東京の連携（Ａ区）", "ab cD\nえ", "a", "", "特別区全国連携プロジェクト 2026年度"])
def test_the_sql_and_python_bigrams_agree(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT portal_bigrams(%s)", [text])
        (in_sql,) = cursor.fetchone()
    assert sorted(set(in_sql)) == fulltext.bigrams(text)


def test_board_search_keeps_the_latest_activity_first(member_client):
    author = MemberFactory()
    PostFactory(author=author, title="京都の物産展", body="本文")
    PostFactory(author=author, title="お知らせ", body="京都との連携です")
    PostFactory(author=author, title="無関係", body="本文")
    response = member_client.get("/board/?q=京都")
    from bs4 import BeautifulSoup

    order = [a.get_text(strip=True) for a in BeautifulSoup(response.content, "html.parser").select(".thread__title a")]
    assert order == ["お知らせ", "京都の物産展"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index exists on PostgreSQL only")
def test_postgresql_finds_events_of_the_site_search_through_their_bigram_index():
    from events.models import Event

    fields = Event.SEARCH_FIELDS
    qs = fulltext.indexed_filter(
        Event.objects.order_by(), fields, [["まちづくり", "マチヅクリ"]],
        [reduce(or_, (Q(**{f"{f}__icontains": "まちづくり"}) for f in fields))],
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "events_event_bigrams" in plan, plan
