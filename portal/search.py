"""Site search (/search/?q=): one function per source, each returning a bounded group of hits.

Japanese has no spaces between words, so a word of two characters (京都, 連携) is matched as a
substring with `icontains`, which behaves the same on SQLite and PostgreSQL. Queries are
NFKC-normalised (half-width ｶﾅ and full-width ＡＢＣ become ordinary characters) and every kana
term is also tried in the other script, so 「さかい」 and 「サカイ」 both find 坂井市. Each source
costs at most two queries (first page; a count when the page is full), so the page's query count
does not grow with the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from urllib.parse import urlencode

from django.db.models import Case, F, Func, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import IRegex, Regex
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from agreements.models import CorporatePartner, Federation
from core import fulltext, wareki
from core.text import Query as SearchQuery
from core.text import kana_variants
from disaster_support.models import Disaster
from events.models import Event
from municipalities.models import Municipality, Ward
from portal.models import NewsItem, NewsletterIssue, TimelineEntry

RESULT_LIMIT = 20
EXCERPT_LENGTH = 120


@dataclass(frozen=True)
class SearchHit:
    title: SafeString
    url: str
    meta: str = ""  # plain text, or SafeString when highlighted
    excerpt: SafeString = field(default_factory=lambda: mark_safe(""))


@dataclass(frozen=True)
class SearchGroup:
    key: str
    label: str
    hits: list[SearchHit]
    total: int
    more_url: str = ""  # a page listing every match, when one exists
    more_label: str = ""
    capped: bool = False  # `total` is a floor: there are more (see COUNT_CAP)


def _lookup(field: str, lookup: str, variant: str) -> Q:
    """`field__i<lookup>=variant`, or the case-sensitive lookup when the variant has no letter with a case
    (kanji, kana, digits: most Japanese queries). The results are the same; PostgreSQL then compares the
    text as stored (LIKE, ~) instead of upper-casing every field of every row first (UPPER(…) LIKE, ~*)."""
    caseless = variant.lower() == variant.upper()
    return Q(**{f"{field}__{lookup if caseless else 'i' + lookup}": variant})


def _matches_term(term: str, fields: list[str]) -> Q:
    """The term in any of the fields, in any kana script."""
    return reduce(or_, (_lookup(name, "contains", variant) for name in fields for variant in kana_variants(term)))


def _matches(query: SearchQuery, fields: list[str]) -> Q:
    """Every term must match (AND); each term may match any field in any kana script (OR)."""
    return reduce(and_, [_matches_term(term, fields) for term in query.terms])


# Characters that continue a word of the script a term starts with. Japanese has no spaces, so a
# match starts a word where the text before it is of another script (「と京都府」「・京都」「（京都」) or
# where the field starts; 京都 inside 東京都 follows a kanji and is only a substring.
_WORD_CHARACTERS = (
    ("一", "鿿", "㐀-䶿一-鿿々〆ヶ"),  # kanji (ヶ as in 霞ヶ浦)
    ("ァ", "ヺ", "ァ-ヺー"),
    ("ぁ", "ゖ", "ぁ-ゖー"),
    ("0", "9", "0-9A-Za-z"),
    ("A", "Z", "0-9A-Za-z"),
    ("a", "z", "0-9A-Za-z"),
)


def word_start_pattern(variant: str) -> str:
    """A regular expression (the same on SQLite and PostgreSQL) for `variant` at the start of a word."""
    first = variant[:1]
    same = next((chars for low, high, chars in _WORD_CHARACTERS if low <= first <= high), None)
    before = f"[^{same}]" if same else r"\s"
    return f"(^|{before}){re.escape(variant)}"


class _Joined(Func):
    """Texts joined with ||, flat (Concat nests one pair inside the next, which overflows SQLite's parser
    inside the rank's CASE)."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = TextField()


def _joined(fields: list[str]):
    """The fields as one text, a line break between them: one regular expression per row instead of one per
    field. A break is not a word character of any script, so a field's start still starts a word, and no
    term (split on spaces) can match across it."""
    if len(fields) == 1:
        return F(fields[0])
    texts = [Coalesce(F(name), Value(""), output_field=TextField()) for name in fields]
    return _Joined(*[part for text in texts for part in (Value("\n"), text)][1:])


def _word_start(expression, variants: list[str]) -> Q:
    """A variant at the start of a word of `expression` (see word_start_pattern): one regular expression."""
    pattern = "|".join(word_start_pattern(v) for v in variants)
    caseless = all(v.lower() == v.upper() for v in variants)
    return Q((Regex if caseless else IRegex)(expression, pattern))


def _title_tiers(term: str, names: list[str]) -> list[Q]:
    """The tiers decided by the names alone, best first: a name is the term, starts with it, has a word
    starting with it. Each implies the next (and that a name contains the term)."""
    variants = kana_variants(term)

    def any_of(lookup: str) -> Q:
        return reduce(or_, (_lookup(f, lookup, v) for f in names for v in variants))

    return [any_of("exact"), any_of("startswith"), reduce(or_, (_word_start(F(f), variants) for f in names))]


def _term_rank(term: str, names: list[str], others: list[str]) -> Case:
    """0 a name is the term, 1 a name starts with it, 2 a word of a name does, 3 a word of another
    field does, 4 a name only contains it, 5 another field only contains it: a word anywhere counts
    for more than a substring of a name (「京都」: 会場 京都府舞鶴市 before 東京都フェスタ)."""
    variants = kana_variants(term)
    tiers = [
        *_title_tiers(term, names),
        _word_start(_joined(others), variants) if others else None,
        reduce(or_, (_lookup(f, "contains", v) for f in names for v in variants)),
    ]
    return Case(*(When(q, then=Value(n)) for n, q in enumerate(tiers) if q is not None), default=Value(len(tiers)))


def ranked(qs: QuerySet, query: SearchQuery, names: list[str], others: list[str], *order: str) -> QuerySet:
    """`qs` ordered by how well it matches (whole names, word starts, then substrings; summed over the
    terms), then by `order`. In the ORDER BY only (not an alias or annotation, which Django resolves a
    second time when it compiles): counting the matches does not compute it."""
    rank = reduce(lambda a, b: a + b, [_term_rank(term, names, others) for term in query.terms])
    return qs.order_by(rank.asc(), *order)


def _pattern(query: SearchQuery) -> re.Pattern[str] | None:
    variants = query.variants
    if not variants:
        return None
    return re.compile("|".join(re.escape(v) for v in variants), re.IGNORECASE)


def highlight(text: str, query: SearchQuery) -> SafeString:
    """Escape the text, then wrap every match in <mark> (matching on the raw text, never on entities)."""
    pattern = _pattern(query)
    if pattern is None:
        return escape(text)
    parts = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def excerpt(text: str, query: SearchQuery, length: int = EXCERPT_LENGTH) -> SafeString:
    """A window of the text around the first match, highlighted, with … where it was cut."""
    flat = " ".join((text or "").split())
    if not flat:
        return mark_safe("")
    pattern = _pattern(query)
    match = pattern.search(flat) if pattern else None
    start = max(0, match.start() - length // 3) if match else 0
    end = min(len(flat), start + length)
    piece = flat[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    return mark_safe(f"{prefix}{highlight(piece, query)}{suffix}")  # noqa: S308 - highlight() escapes


def _first_matching(query: SearchQuery, *texts: str) -> str:
    """The first text that contains a term, else the first non-empty one (for the excerpt)."""
    pattern = _pattern(query)
    for text in texts:
        if text and pattern and pattern.search(" ".join(text.split())):
            return text
    return next((t for t in texts if t), "")


# A large source (10,000 events at scale) counts at most this many matches of a common word
# (「1,000件以上」): each counted row is re-checked against the text, not only the index.
COUNT_CAP = 1000


def _bounded(queryset: QuerySet, limit: int, *, cap: int | None = None) -> tuple[list, int]:
    """The first `limit` rows and the total (counted only when the page is full; with `cap`, counted
    up to cap + 1, which means "more than cap")."""
    counted = queryset if cap is None else queryset.order_by()[: cap + 1]
    if limit <= 0:
        return [], counted.count()
    rows = list(queryset[:limit])
    return rows, len(rows) if len(rows) < limit else counted.count()


def search_events(query: SearchQuery, *, limit: int = RESULT_LIMIT) -> SearchGroup:
    """Published events and exhibitions whose name, theme, text, venue or organisers match."""
    fields = Event.SEARCH_FIELDS
    names, others, order = ["title"], list(fields[1:]), ("-start_date", "-pk")
    published = Event.objects.filter(is_published=True)
    conditions = [_matches_term(term, fields) for term in query.terms]
    # 10,000 events at scale: on PostgreSQL the bigram index (core/fulltext.py) finds a rare word's few
    # events. Counted first (up to the cap): the count decides how the page of them is found.
    indexed = fulltext.indexed_filter(published, fields, [kana_variants(term) for term in query.terms], conditions)
    total = indexed.order_by()[: COUNT_CAP + 1].count()
    if not total or limit <= 0:
        rows = []
    elif total > COUNT_CAP and len(query.terms) == 1:
        # A common word: thousands of events, which the index does not narrow down (and reading each row's
        # bigrams costs more than the LIKEs): read tier by tier instead of ranking them all.
        rows = _best_of_many(published, conditions[0], query.terms[0], names, others, order, limit)
    else:
        # Few events, or several words (whose bigrams together the index narrows down): ranked in full.
        rows = list(ranked(indexed, query, names, others, *order)[:limit])
    hits = [
        SearchHit(
            title=highlight(e.title, query),
            url=e.get_absolute_url(),
            meta=f"{e.date_display}　{e.get_kind_display()}",
            excerpt=excerpt(_first_matching(query, *(getattr(e, f) for f in fields[1:])), query),
        )
        for e in rows
    ]
    return SearchGroup("events", "イベント・展示", hits, min(total, COUNT_CAP), capped=total > COUNT_CAP)


def _best_of_many(qs: QuerySet, matches: Q, term: str, names: list[str], others: list[str], order, limit: int) -> list:
    """The first `limit` rows of `ranked(qs.filter(matches), …)` for one term that thousands of rows match,
    without ranking them all.

    Ranking a row costs regular expressions over its text, and a common word matches most rows. With one
    term the rank is a tier, so the tiers are read best first, each newest first, until the page is full:
    a common word fills it from the first tiers, the database walking the rows newest first and stopping
    after the page, and no tier needs the row's rank computed. (Several terms add up their tiers, which
    has no such order.)"""
    whole, start, word = _title_tiers(term, names)
    in_others = _word_start(_joined(others), kana_variants(term))
    in_name = reduce(or_, (_lookup(f, "contains", v) for f in names for v in kana_variants(term)))
    # The tiers of _term_rank (a CASE: the first that holds), each without the better ones.
    worse = ~start & ~word  # no name starts a word with the term
    tiers = [
        qs.filter(start).order_by(Case(When(whole, then=Value(0)), default=Value(1)).asc(), *order),
        qs.filter(word & ~start).order_by(*order),
        qs.filter(in_others & worse).order_by(*order),
        qs.filter(in_name & worse & ~in_others).order_by(*order),
        qs.filter(matches & worse & ~in_others & ~in_name).order_by(*order),
    ]
    rows: list = []
    for tier in tiers:
        if len(rows) >= limit:
            break
        rows += tier[: limit - len(rows)]
    return rows


def search_news_items(query: SearchQuery, *, limit: int = RESULT_LIMIT) -> SearchGroup:
    """Published topics whose title or text match."""
    qs = NewsItem.objects.filter(is_published=True).filter(_matches(query, ["title", "body"]))
    rows, total = _bounded(ranked(qs, query, ["title"], ["body"], "-published_on", "-pk"), limit)
    news_url = reverse("news")
    hits = [
        SearchHit(
            title=highlight(n.title, query),
            url=f"{news_url}#news-{n.pk}",
            meta=wareki.format_date(n.published_on),
            excerpt=excerpt(n.body, query),
        )
        for n in rows
    ]
    return SearchGroup("news", "お知らせ（トピックス）", hits, total)


def search_newsletters(query: SearchQuery, *, limit: int = RESULT_LIMIT) -> SearchGroup:
    """全国連携NEWS issues whose title or contents match."""
    qs = NewsletterIssue.objects.filter(_matches(query, ["title", "summary", "publisher"]))
    qs = ranked(qs, query, ["title"], ["summary", "publisher"], "-published_on", "-number", "-pk")
    rows, total = _bounded(qs, limit)
    news_url = reverse("news")
    hits = [
        SearchHit(
            title=highlight(" ".join(filter(None, [i.number_label, i.title])), query),
            url=f"{news_url}#newsletter-{i.pk}",
            meta=wareki.format_date(i.published_on) if i.published_on else "",
            excerpt=excerpt(i.summary, query),
        )
        for i in rows
    ]
    return SearchGroup("newsletters", "全国連携NEWS", hits, total)


def search_municipalities(query: SearchQuery, *, limit: int = RESULT_LIMIT) -> SearchGroup:
    """Municipalities (not the 23 wards) by name, reading in either kana, or prefecture.

    Matches on the name or reading come first, then those of the prefecture's name: 「京都」 lists
    京都市, then 京都府's towns, then 東京都's (京都 inside 東京都).
    """
    names = ["name", "name_kana", "name_hiragana"]
    prefecture = ["prefecture__name", "prefecture__name_kana"]
    qs = Municipality.objects.exclude(kind=Municipality.Kind.WARD).filter(_matches(query, [*names, *prefecture]))
    rows, total = _bounded(ranked(qs.select_related("prefecture"), query, names, prefecture, "code"), limit)
    hits = [
        SearchHit(
            title=highlight(m.name, query),
            url=reverse("municipalities:detail", kwargs={"code": m.code}),
            meta=highlight(f"{m.prefecture.name}　{m.name_hiragana or m.name_kana}", query),
        )
        for m in rows
    ]
    more_url = more_label = ""
    if total > len(hits) and len(query.terms) == 1:
        # The directory searches names and readings of every municipality (scope=all).
        more_url = f"{reverse('municipalities:list')}?{urlencode({'q': query.terms[0], 'scope': 'all'})}"
        more_label = f"自治体の一覧で「{query.terms[0]}」を名称・よみから探す"
    return SearchGroup("municipalities", "自治体", hits, total, more_url, more_label)


def search_wards(query: SearchQuery, *, limit: int = RESULT_LIMIT) -> SearchGroup:
    """The 23 wards by name, reading, English name or introduction."""
    fields = [
        "municipality__name", "municipality__name_kana", "municipality__name_hiragana", "name_en", "introduction",
    ]
    qs = Ward.objects.filter(_matches(query, fields)).select_related("municipality")
    rows, total = _bounded(ranked(qs, query, fields[:4], fields[4:], "sort_order", "municipality_id"), limit)
    hits = [
        SearchHit(
            title=highlight(w.municipality.name, query),
            url=reverse("municipalities:ward-detail", kwargs={"code": w.municipality_id}),
            meta=highlight(w.municipality.name_hiragana or w.municipality.name_kana, query),
            excerpt=excerpt(w.introduction, query),
        )
        for w in rows
    ]
    return SearchGroup("wards", "東京23区", hits, total)


def search_federations(query: SearchQuery, *, limit: int = RESULT_LIMIT) -> SearchGroup:
    """Federations (市長会・町村会) and corporate partners with an agreement."""
    feds = ranked(
        Federation.objects.filter(_matches(query, ["name", "prefecture__name"])), query, ["name"], ["prefecture__name"],
        "sort_order", "pk",
    )
    partners = ranked(
        CorporatePartner.objects.filter(_matches(query, ["name", "former_name", "initiatives"])), query,
        ["name", "former_name"], ["initiatives"], "signed_on", "sort_order",
    )
    fed_rows, fed_total = _bounded(feds, limit)
    partner_rows, partner_total = _bounded(partners, max(0, limit - len(fed_rows)))
    directory = reverse("municipalities:list")
    agreements = reverse("agreements:index")
    hits = [
        SearchHit(title=highlight(f.name, query), url=f"{directory}?federation={f.pk}", meta="広域連携協定締結団体")
        for f in fed_rows
    ] + [
        SearchHit(
            title=highlight(p.name, query),
            url=f"{agreements}#partners",
            meta=f"包括連携協定締結企業（{wareki.format_date(p.signed_on)}締結）",
            excerpt=excerpt(_first_matching(query, p.former_name, p.initiatives), query),
        )
        for p in partner_rows
    ]
    return SearchGroup("agreements", "連携協定", hits, fed_total + partner_total)


def search_disasters(query: SearchQuery, *, limit: int = RESULT_LIMIT) -> SearchGroup:
    """Disasters by name, description or the support given."""
    qs = Disaster.objects.filter(_matches(query, ["name", "summary", "support_summary"]))
    rows, total = _bounded(ranked(qs, query, ["name"], ["summary", "support_summary"], "-date", "-pk"), limit)
    hits = [
        SearchHit(
            title=highlight(d.name, query),
            url=d.get_absolute_url(),
            meta=d.date_display,
            excerpt=excerpt(_first_matching(query, d.support_summary, d.summary), query),
        )
        for d in rows
    ]
    return SearchGroup("disasters", "被災自治体への支援", hits, total)


def search_timeline(query: SearchQuery, *, limit: int = RESULT_LIMIT) -> SearchGroup:
    """Lines of これまでの経過 whose heading or text match."""
    qs = TimelineEntry.objects.filter(_matches(query, ["title", "body"]))
    rows, total = _bounded(ranked(qs, query, ["title"], ["body"], "-date", "-sort_order", "-pk"), limit)
    history = reverse("history")
    hits = [
        SearchHit(
            title=highlight(t.title, query),
            url=f"{history}#entry-{t.pk}",
            meta=t.date_display,
            excerpt=excerpt(t.body, query),
        )
        for t in rows
    ]
    return SearchGroup("timeline", "これまでの経過", hits, total)


SOURCES = [
    search_events,
    search_news_items,
    search_newsletters,
    search_municipalities,
    search_wards,
    search_federations,
    search_disasters,
    search_timeline,
]


def search_all(query: SearchQuery, *, limit: int = RESULT_LIMIT) -> list[SearchGroup]:
    """Every source, in display order; an empty query searches nothing."""
    if not query.terms:
        return []
    return [source(query, limit=limit) for source in SOURCES]
