"""Japanese text as people type it: NFKC, kana folding and the terms of a query — in one place.

Every search box and name lookup of the portal goes through here, so 「ｻｶｲ」, 「さかい」 and 「サカイ」
find the same municipality everywhere and the limits on a query are the same on every page.
Kana conversion is jaconv's (hiragana ⇄ katakana, including ゔ/ヴ and the small ゕゖ/ヵヶ).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import jaconv

MAX_QUERY_LENGTH = 100
MAX_TERMS = 5


def normalize(text: str | None) -> str:
    """NFKC: half-width ｶﾅ become ordinary katakana, full-width ＡＢＣ１２３ ordinary letters and digits."""
    return unicodedata.normalize("NFKC", text or "")


def to_hiragana(text: str) -> str:
    return jaconv.kata2hira(text)


def to_katakana(text: str) -> str:
    return jaconv.hira2kata(text)


def kana_variants(term: str) -> list[str]:
    """The term as typed, in hiragana and in katakana (duplicates removed, order kept)."""
    return list(dict.fromkeys([term, to_hiragana(term), to_katakana(term)]))


def name_query(text: str | None) -> str:
    """What people type in a name box, normalised and without spaces (「坂井 市」 → 「坂井市」)."""
    return "".join(normalize(text).split())


@dataclass(frozen=True)
class Query:
    """What the visitor typed (normalised, cut to MAX_QUERY_LENGTH) and the terms searched for."""

    text: str
    terms: list[str]
    truncated: bool = False
    dropped_terms: int = 0

    @property
    def variants(self) -> list[str]:
        """Every term in every kana script, longest first (for highlighting)."""
        seen = {v for term in self.terms for v in kana_variants(term)}
        return sorted(seen, key=lambda v: (-len(v), v))

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(raw: str | None) -> Query:
    """Normalise and split a search query on spaces; repeated terms count once, at most MAX_TERMS."""
    text = normalize(raw).strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH].strip()
    terms = list(dict.fromkeys(text.split()))
    return Query(text=text, terms=terms[:MAX_TERMS], truncated=truncated, dropped_terms=max(0, len(terms) - MAX_TERMS))


# Punctuation of Japanese text as the seeds print it, after NFKC made it half-width (the PDF extraction
# normalises everything): （） ！ ？ ： ～ and － in Japanese, but 10:30, 2-6-7 and 1,626 stay as they are.
_ALWAYS_FULL = str.maketrans({"(": "（", ")": "）", "!": "！", "?": "？", "~": "～", "･": "・"})
_COLON = re.compile(r"(?<!\d):|:(?!\d)")
_BETWEEN_JAPANESE = re.compile(r"(?<=[^\x00-\x7f])([-+])(?=[^\x00-\x7f])")
_ELLIPSIS = re.compile(r"\.{3}|…+")
# OCR spaces inside a number with its unit (「第 1回」「令和 2年 12月」「19 町村」), inside brackets and after
# 。、 (where a folded line of a fixture joined two sentences).
_NUMBER_SPACES = re.compile(
    r"(?<=[\u3040-\u30ff\u4e00-\u9fff])[ \u3000]+(?=\d+[年月日回号市町村区団自課])"
    r"|(?<=\d)[ \u3000]+(?=[年月日回号市町村区団自課])"
    r"|[ \u3000]+(?=[）」』])|(?<=[（「『。、])[ \u3000]+"
)


def japanese_punctuation(value: str | None) -> str:
    """「北海道・釧路!旬!秋の味覚市」を開催(釧路管内 8市町村:…) → 「北海道・釧路！旬！秋の味覚市」を開催（釧路管内8市町村：…）."""
    value = (value or "").translate(_ALWAYS_FULL)
    value = _COLON.sub("：", value)
    value = _BETWEEN_JAPANESE.sub(lambda m: "－" if m[1] == "-" else "＋", value)
    value = _ELLIPSIS.sub("…", value)
    return _NUMBER_SPACES.sub("", _NUMBER_SPACES.sub("", value))
