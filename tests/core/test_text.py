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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("にっぽりマルシェ「北海道・釧路!旬!秋の味覚市」を開催(釧路管内 8市町村:釧路市)",
         "にっぽりマルシェ「北海道・釧路！旬！秋の味覚市」を開催（釧路管内8市町村：釧路市）"),
        ("・会場:浅草「まるごとにっぽん」(台東区浅草2-6-7)", "・会場：浅草「まるごとにっぽん」（台東区浅草2-6-7）"),
        ("日時:平成29年8月21日(月)10:30~11:00", "日時：平成29年8月21日（月）10:30～11:00"),
        ("「『関係人口』を学ぶ-特別区全国連携プロジェクトの推進に向けて-」", "「『関係人口』を学ぶ－特別区全国連携プロジェクトの推進に向けて－」"),
        ("すぎなみフェスタ 2015...特産の野菜", "すぎなみフェスタ 2015…特産の野菜"),
        ("平成30年度 第 1回 全国連携講演会", "平成30年度 第1回 全国連携講演会"),
        ("(上川管内 19 町村)", "（上川管内19町村）"),
        ("令和 2年 12月 21日", "令和2年12月21日"),
        ("オープニング+講演会", "オープニング＋講演会"),
        ("TKPガーデンシティ品川(港区高輪3-13-3F )", "TKPガーデンシティ品川（港区高輪3-13-3F）"),
        ("実現。 HPを活用した", "実現。HPを活用した"),
        ("2日間でのべ1,626名 東京区政会館 20階", "2日間でのべ1,626名 東京区政会館 20階"),
        ("ラベンダー植栽イベント in Ranzan", "ラベンダー植栽イベント in Ranzan"),
        ("", ""),
    ],
)
def test_japanese_punctuation_is_full_width_where_the_seeds_print_it(value, expected):
    assert text.japanese_punctuation(value) == expected
