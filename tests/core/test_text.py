"""Japanese text (core/text.py): one normalisation, kana folding and query parsing for every search box."""

from __future__ import annotations

import pytest

from core import text


@pytest.mark.parametrize(
    ("typed", "hiragana", "katakana"),
    [("さかい", "さかい", "サカイ"), ("ｻｶｲ", "さかい", "サカイ"), ("ヴィレッジ", "ゔぃれっじ", "ヴィレッジ"), ("京都", "京都", "京都")],
)
def test_kana_is_folded_after_nfkc(typed, hiragana, katakana):
    normalised = text.normalize(typed)
    assert text.to_hiragana(normalised) == hiragana
    assert text.to_katakana(normalised) == katakana


def test_name_queries_lose_their_spaces_and_width():
    assert text.name_query("　坂井 市 ") == "坂井市"
    assert text.name_query("ＡＢＣ") == "ABC"


def test_queries_are_split_deduplicated_and_bounded():
    query = text.parse_query("　ｻｶｲ　京都 京都")
    assert query.terms == ["サカイ", "京都"]
    assert query.variants == ["さかい", "サカイ", "京都"]  # longest first, then in code-point order
    long = text.parse_query("あ" * (text.MAX_QUERY_LENGTH + 50))
    assert long.truncated and len(long.text) == text.MAX_QUERY_LENGTH
    many = text.parse_query(" ".join(f"語{n}" for n in range(text.MAX_TERMS + 2)))
    assert len(many.terms) == text.MAX_TERMS and many.dropped_terms == 2
    assert not text.parse_query("   ")
