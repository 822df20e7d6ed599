"""Site search (/search/?q=): Japanese words of two characters, kana in either script, safe output."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils.html import strip_tags

from core import text
from core import text as jtext
from events.models import Event
from municipalities.models import Municipality
from portal import search
from portal.models import NewsItem, NewsletterIssue, TimelineEntry

pytestmark = pytest.mark.django_db


def get_main(client, q: str) -> BeautifulSoup:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def group(main: BeautifulSoup, key: str):
    return main.find(id=f"result-{key}")


def titles(main: BeautifulSoup, key: str) -> list[str]:
    heading = group(main, key)
    if heading is None:
        return []
    return [a.get_text() for a in heading.find_parent("section").select("a.search-results__title")]


# --- Query parsing and highlighting (units) ---------------------------------------------------------


def test_kana_variants_cover_both_scripts():
    assert text.kana_variants("さかい") == ["さかい", "サカイ"]
    assert text.kana_variants("サカイ") == ["サカイ", "さかい"]
    assert text.kana_variants("京都") == ["京都"]


def test_query_is_normalised_split_and_cut():
    query = text.parse_query("　ｻｶｲ　京都 ")
    assert query.terms == ["サカイ", "京都"]
    long = text.parse_query("あ" * 150)
    assert long.truncated and len(long.text) == text.MAX_QUERY_LENGTH
    many = text.parse_query("一 二 三 四 五 六 七")
    assert len(many.terms) == text.MAX_TERMS and many.dropped_terms == 2
    assert text.parse_query("   ").terms == []


def test_highlight_escapes_before_marking():
    query = text.parse_query("amp")
    assert search.highlight("A&B amp <b>", query) == "A&amp;B <mark>amp</mark> &lt;b&gt;"
    assert search.highlight("<script>京都</script>", text.parse_query("京都")) == (
        "&lt;script&gt;<mark>京都</mark>&lt;/script&gt;"
    )


def test_excerpt_is_a_window_around_the_first_match():
    text = "あ" * 200 + "連携" + "い" * 200
    excerpt = search.excerpt(text, jtext.parse_query("連携"))
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "<mark>連携</mark>" in excerpt
    assert len(excerpt) < 200


# --- The page ------------------------------------------------------------------------------------


def test_empty_query_asks_for_a_word(client):
    main = get_main(client, "")
    assert "検索する言葉を入力してください" in main.get_text()
    assert main.select("section.search-group") == []
    assert main.find("label", attrs={"for": "search-page-q"}) is not None


def test_two_character_word_kyoto_finds_municipalities_and_events(client):
    Event.objects.create(title="京都の魅力展", kind=Event.Kind.EXHIBITION, start_date=dt.date(2025, 7, 1))
    main = get_main(client, "京都")
    assert "京都市" in titles(main, "municipalities")
    assert "京都の魅力展" in titles(main, "events")
    mark = group(main, "events").find_parent("section").find("mark")
    assert mark.get_text() == "京都"
    kyoto = Municipality.objects.get(name="京都市")
    link = next(a for a in group(main, "municipalities").find_parent("section").select("a") if a.get_text() == "京都市")
    assert link["href"] == f"/municipalities/{kyoto.code}/"


def test_two_character_word_finds_news_timeline_and_events(client):
    # A two-character word that only these rows contain (the seeds hold hundreds of 「連携」).
    Event.objects.create(title="全国梵鐘講演会", kind=Event.Kind.LECTURE, start_date=dt.date(2025, 1, 20))
    NewsItem.objects.create(title="お知らせ", body="自治体間の梵鐘の取組みを紹介します。", published_on=dt.date(2025, 2, 1))
    NewsletterIssue.objects.create(number=812, title="梵鐘NEWS", published_on=dt.date(2025, 3, 21))
    TimelineEntry.objects.create(date=dt.date(2016, 4, 26), title="梵鐘協定を締結")
    main = get_main(client, "梵鐘")
    assert "全国梵鐘講演会" in titles(main, "events")
    assert "お知らせ" in titles(main, "news")
    assert "第812号 梵鐘NEWS" in titles(main, "newsletters")
    assert "梵鐘協定を締結" in titles(main, "timeline")
    excerpt = group(main, "news").find_parent("section").select_one(".search-results__excerpt")
    assert excerpt.mark.get_text() == "梵鐘"


def test_renkei_finds_the_seeded_timeline_and_events(client):
    main = get_main(client, "連携")
    assert titles(main, "timeline") and titles(main, "events")


@pytest.mark.parametrize("q", ["さかい", "サカイ", "ｻｶｲ", "坂井"])
def test_kana_or_kanji_finds_sakai_city(client, q):
    main = get_main(client, q)
    assert "坂井市" in titles(main, "municipalities")


def test_ward_reading_finds_the_ward(client):
    main = get_main(client, "しながわ")
    assert titles(main, "wards") == ["品川区"]
    link = group(main, "wards").find_parent("section").select_one("a.search-results__title")
    assert link["href"] == "/wards/131091/"
    assert "品川区" not in titles(main, "municipalities")


def test_several_words_must_all_match(client):
    Event.objects.create(title="京都の展示", kind=Event.Kind.EXHIBITION, start_date=dt.date(2025, 7, 1))
    Event.objects.create(title="京都の講演会", kind=Event.Kind.LECTURE, start_date=dt.date(2025, 7, 2))
    main = get_main(client, "京都　展示")
    assert "京都の展示" in titles(main, "events")
    assert "京都の講演会" not in titles(main, "events")


def test_no_hits_gives_a_clear_message(client):
    main = get_main(client, "該当なしの言葉ＸＹＺ")
    assert "に一致する情報は見つかりませんでした" in main.get_text()


def test_group_counts_equal_the_database_counts(client):
    for n in range(25):
        Event.objects.create(title=f"連携テスト催し{n}", kind=Event.Kind.EXHIBITION, start_date=dt.date(2025, 1, 1))
    main = get_main(client, "連携テスト")
    expected = Event.objects.filter(title__icontains="連携テスト").count()
    heading = group(main, "events")
    assert f"（{expected}件）" in heading.get_text()
    assert len(titles(main, "events")) == search.RESULT_LIMIT
    summary = main.select_one(".search-summary").get_text()
    assert f"全{expected}件" in summary


def test_script_in_the_query_is_escaped(client):
    Event.objects.create(title="<script>alert(1)</script>京都", kind=Event.Kind.LECTURE, start_date=dt.date(2025, 1, 1))
    response = client.get("/search/", {"q": '<script>alert("x")</script>京都'})
    soup = BeautifulSoup(response.content, "html.parser")
    assert not [s for s in soup.find_all("script") if "alert" in (s.string or "")]
    assert soup.find("input", id="search-page-q")["value"] == '<script>alert("x")</script>京都'
    assert b"<script>alert" not in response.content


def test_markup_in_matched_data_is_escaped_and_the_match_marked(client):
    Event.objects.create(title="京都<b>太字</b>", kind=Event.Kind.LECTURE, start_date=dt.date(2025, 1, 1))
    main = get_main(client, "京都")
    section = group(main, "events").find_parent("section")
    link = next(a for a in section.select("a.search-results__title") if "太字" in a.get_text())
    assert link.find("b") is None
    assert link.get_text() == "京都<b>太字</b>"
    assert link.mark.get_text() == "京都"


def test_very_long_query_is_cut_with_a_note(client):
    main = get_main(client, "京" * 150)
    assert "先頭の100文字で検索しました" in main.get_text()
    assert len(main.find("input", id="search-page-q")["value"]) == 100


def test_unpublished_events_and_news_are_not_found(client):
    Event.objects.create(title="非公開の京都催し", kind=Event.Kind.LECTURE, start_date=dt.date(2025, 1, 1), is_published=False)
    NewsItem.objects.create(title="非公開の京都お知らせ", body="本文", is_published=False)
    main = get_main(client, "非公開の京都")
    assert titles(main, "events") == [] and titles(main, "news") == []


def test_search_query_count_does_not_grow_with_hits(client, django_assert_max_num_queries):
    for n in range(60):
        Event.objects.create(title=f"連携の催し{n}", kind=Event.Kind.EXHIBITION, start_date=dt.date(2025, 1, 1))
        TimelineEntry.objects.create(date=dt.date(2016, 1, 1), title=f"連携の経過{n}")
        NewsItem.objects.create(title=f"連携のお知らせ{n}", body="本文")
    # At most two queries per source (nine querysets), footer contacts, and the request's transaction.
    with django_assert_max_num_queries(21):
        response = client.get("/search/", {"q": "連携"})
    main = BeautifulSoup(response.content, "html.parser").find("main")
    assert len(titles(main, "events")) == search.RESULT_LIMIT


def test_many_municipality_hits_link_to_the_directory_search(client):
    main = get_main(client, "町")
    section = group(main, "municipalities").find_parent("section")
    assert len(titles(main, "municipalities")) == search.RESULT_LIMIT
    link = section.find("a", href=lambda h: h and h.startswith("/municipalities/?"))
    assert link["href"] == "/municipalities/?q=%E7%94%BA&scope=all"


def test_a_common_word_counts_events_up_to_the_cap(client, monkeypatch):
    from portal import search as site_search
    from tests.factories import EventFactory

    monkeypatch.setattr(site_search, "COUNT_CAP", 3)
    for i in range(5):
        EventFactory(title=f"まちづくり展 {i}", is_published=True)
    soup = BeautifulSoup(client.get("/search/?q=まちづくり展").content, "html.parser")
    assert soup.select_one("#result-events").get_text() == "イベント・展示（3件以上）"
    assert soup.select_one(".search-summary").get_text().endswith("件以上")


@pytest.mark.parametrize("q", ["まちづくり", "マチヅクリ"])
def test_events_are_found_through_either_kana_script(client, q):
    from tests.factories import EventFactory

    EventFactory(title="まちづくりシンポジウム", is_published=True)
    assert "シンポジウム" in client.get(f"/search/?q={q}").text


# --- Ranking: whole names and word starts before substrings ------------------------------------------


@pytest.mark.parametrize(("variant", "text", "starts_a_word"), [
    ("京都", "京都府", True),
    ("京都", "渋谷区と京都府やましろ地域", True),  # after a particle
    ("京都", "北海道・京都・青森", True),
    ("京都", "（京都府）", True),
    ("京都", "東京都立大学", False),  # inside 東京都
    ("サカイ", "オオサカイベント", False),  # inside a katakana word
    ("サカイ", "坂井市（サカイシ）", True),
    ("amp", "Example", False),
    ("amp", "an amp", True),
])
def test_word_start_pattern_tells_a_word_from_a_substring(variant, text, starts_a_word):
    import re

    assert bool(re.search(search.word_start_pattern(variant), text)) is starts_a_word


def test_events_rank_whole_titles_and_word_starts_before_substrings(client):
    # The newest event matches worst: date order alone would list them backwards.
    made = [
        ("F", {"title": "講演会", "program": "大梵鐘寺住職の講話"}),  # another field, inside a word
        ("E", {"title": "大梵鐘寺の集い"}),  # the title, inside a word
        ("D", {"title": "展示", "summary": "会場：梵鐘会館"}),  # another field, a word
        ("C", {"title": "秋の梵鐘展"}),  # a word of the title
        ("B", {"title": "梵鐘の里まつり"}),  # the title starts with it
        ("A", {"title": "梵鐘"}),  # the whole title
    ]
    for year, (_, fields) in enumerate(made, start=2020):
        Event.objects.create(kind=Event.Kind.LECTURE, start_date=dt.date(year, 1, 1), **fields)
    assert titles(get_main(client, "梵鐘"), "events") == [
        "梵鐘", "梵鐘の里まつり", "秋の梵鐘展", "展示", "大梵鐘寺の集い", "講演会",
    ]


def test_kyoto_lists_kyoto_names_before_tokyo(client):
    main = get_main(client, "京都")
    cities = titles(main, "municipalities")
    assert cities[0] == "京都市"
    kyoto_fu = set(Municipality.objects.filter(prefecture__name="京都府").values_list("name", flat=True))
    assert set(cities) <= kyoto_fu  # 京都府's towns fill the page before any of 東京都's (八王子市 …)
    assert titles(main, "agreements")[:2] == ["京都府市長会", "京都府町村会"]


def test_kyoto_inside_tokyo_comes_after_every_event_with_the_word(client):
    Event.objects.create(
        title="令和9年度 連携講演会", kind=Event.Kind.LECTURE, start_date=dt.date(2027, 1, 1),
        program="基調講演 東京都立大学法学部教授",
    )
    hits = [strip_tags(h.title) for h in search.search_events(text.parse_query("京都"), limit=1000).hits]

    def only_inside_tokyo(event) -> bool:
        return "京都" not in " ".join(getattr(event, f) or "" for f in Event.SEARCH_FIELDS).replace("東京都", "")

    tokyo = {e.title for e in Event.objects.filter(is_published=True) if only_inside_tokyo(e)}
    assert "令和9年度 連携講演会" in tokyo
    first_tokyo = next(i for i, t in enumerate(hits) if t in tokyo)
    assert all(t in tokyo for t in hits[first_tokyo:]), hits


@pytest.mark.parametrize("q", ["京都(", "[京都", "京都\\", "^京都$", "京*", "a|b"])
def test_regular_expression_characters_in_the_query_are_plain_text(client, q):
    Event.objects.create(title=f"{q}の催し", kind=Event.Kind.LECTURE, start_date=dt.date(2030, 1, 1))
    main = get_main(client, q)
    assert f"{q}の催し" in titles(main, "events")
    assert main.find("input", id="search-page-q")["value"] == q


# --- A common word: the tiers read one by one give the order of ranking every match ------------------

# One event per tier of _term_rank and two dates each (the newest of a tier must not jump a better tier),
# for a kanji word, a kana word (either script) and a word with letters (case-insensitive).
TIERED = [
    ("{w}", {}),  # 0 the whole title
    ("{w}の里まつり", {}),  # 1 the title starts with it
    ("秋の{w}展", {}),  # 2 a word of the title
    ("展示", {"summary": "会場：{w}会館"}),  # 3 a word of another field
    ("講演会", {"supporters": "協賛\n{w}"}),  # 3 a field other than the first
    ("交流会", {"summary": "東京都", "organizers": "{w}協会"}),  # 3 the start of a field after another
    ("大{w}寺の集い", {}),  # 4 the title only contains it
    ("講演会", {"program": "大{w}寺住職の講話"}),  # 5 another field only contains it
    ("無関係の催し", {}),  # no match
]


def make_tiered_events(word: str) -> None:
    for n, (title, fields) in enumerate(TIERED):
        for year in (2020 + n, 2040 - n):
            Event.objects.create(
                title=title.format(w=word), kind=Event.Kind.LECTURE, start_date=dt.date(year, 1, 1),
                **{name: value.format(w=word) for name, value in fields.items()},
            )


@pytest.mark.parametrize(("word", "q"), [("梵鐘", "梵鐘"), ("ぼんしょう", "ボンショウ"), ("Qwerty", "ｑｗｅｒｔｙ")])
@pytest.mark.parametrize("limit", [1, 3, 7, 20])
def test_a_common_word_lists_the_events_in_the_order_of_ranking_every_match(monkeypatch, word, q, limit):
    make_tiered_events(word)
    query = text.parse_query(q)

    def listed() -> list[tuple[str, dt.date]]:
        group = search.search_events(query, limit=limit)
        return [(strip_tags(h.title), h.meta) for h in group.hits], group.total, group.capped

    monkeypatch.setattr(search, "COUNT_CAP", 1000)  # few matches: every match ranked in one query
    everything_ranked = listed()
    monkeypatch.setattr(search, "COUNT_CAP", 2)  # "thousands": read tier by tier
    tier_by_tier = listed()
    assert tier_by_tier[0] == everything_ranked[0]
    assert len(everything_ranked[0]) == min(limit, 16)
    assert tier_by_tier[1:] == (2, True) and everything_ranked[1:] == (16, False)


def test_a_common_word_and_a_second_one_are_ranked_in_full(monkeypatch):
    make_tiered_events("梵鐘")
    Event.objects.filter(title__startswith="梵鐘").update(venue="京都")
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    hits = search.search_events(text.parse_query("梵鐘 京都")).hits
    # 0 + 3 (京都 a word of the venue), 1 + 3, then 3 + 5 (京都 inside 東京都 of the summary)
    assert [strip_tags(h.title) for h in hits] == ["梵鐘", "梵鐘", "梵鐘の里まつり", "梵鐘の里まつり", "交流会", "交流会"]


def test_search_page_query_count_is_fixed_whatever_the_number_of_matches(
    client, monkeypatch, django_assert_max_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(search, "COUNT_CAP", 5)  # events read tier by tier, as a common word at scale

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            main = get_main(client, "梵鐘")
        assert titles(main, "events")
        return len(queries)

    for n in range(3):  # a handful of matches per tier: the page needs every tier
        Event.objects.create(title="講演会", program=f"大梵鐘寺{n}", kind=Event.Kind.LECTURE, start_date=dt.date(2020, 1, 1))
        Event.objects.create(title=f"大梵鐘寺{n}", kind=Event.Kind.LECTURE, start_date=dt.date(2020, 1, 1))
        NewsItem.objects.create(title=f"梵鐘のお知らせ{n}", body="本文")
    few = page_queries()
    make_tiered_events("梵鐘")
    for n in range(60):
        Event.objects.create(title=f"梵鐘の催し{n}", kind=Event.Kind.LECTURE, start_date=dt.date(2021, 1, 1))
        Event.objects.create(title="講演会", program=f"大梵鐘寺{n}", kind=Event.Kind.LECTURE, start_date=dt.date(2020, 1, 1))
        TimelineEntry.objects.create(date=dt.date(2016, 1, 1), title=f"梵鐘の経過{n}")
        NewsItem.objects.create(title=f"梵鐘のお知らせ{n}", body="本文")
    # Events: the capped count and at most five tiers; the other seven sources at most two queries each;
    # the footer's contacts; the request's transaction.
    with django_assert_max_num_queries(1 + 5 + 2 * 7 + 1 + 2):
        many = page_queries()
    assert many <= few + 2  # the news and the timeline now fill their page and are counted
