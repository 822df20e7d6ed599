"""Finding municipalities of the master list by the names people write (seed files, spreadsheets).

A name resolves within its prefecture (府中市 is in 東京都 and 広島県); when the prefecture is not given it
resolves only if it is unique in the country. A name that does not resolve gets candidates: names that
look alike (one character misread, 坂井氏 → 坂井市) and names whose reading matches (さかいし → 坂井市).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from core import text
from municipalities.models import Municipality


def normalize_name(name: str | None) -> str:
    """NFKC, no spaces, and 鎌ヶ谷市 = 鎌ケ谷市 (the master list writes the large ケ)."""
    return text.name_query(name).replace("ヶ", "ケ").replace("ヵ", "カ")


@dataclass(frozen=True)
class Candidate:
    municipality: Municipality

    def __str__(self) -> str:
        m = self.municipality
        return f"{m.name}（{m.prefecture.name}、{m.name_hiragana}、{m.code}）"


class MunicipalityIndex:
    """The master list in memory (1,741 rows), for resolving many names at once."""

    def __init__(self):
        self.rows = list(Municipality.objects.select_related("prefecture").order_by("code"))
        self.by_code = {m.code: m for m in self.rows}
        self.by_pref: dict[tuple[str, str], Municipality] = {}
        self.by_name: dict[str, list[Municipality]] = {}
        for m in self.rows:
            key = normalize_name(m.name)
            self.by_pref[(m.prefecture.name, key)] = m
            self.by_name.setdefault(key, []).append(m)
        self.prefectures = {m.prefecture.name for m in self.rows}

    def get(self, name: str, prefecture: str = "") -> Municipality | None:
        """The municipality of that name (in that prefecture, or unique in the country), else None."""
        key = normalize_name(name)
        prefecture = normalize_name(prefecture)
        if prefecture:
            return self.by_pref.get((prefecture, key))
        found = self.by_name.get(key, [])
        return found[0] if len(found) == 1 else None

    def same_name(self, name: str) -> list[Municipality]:
        return list(self.by_name.get(normalize_name(name), []))

    def candidates(self, name: str, prefecture: str = "", *, limit: int = 5) -> list[Candidate]:
        """Municipalities the writer may have meant: the same name elsewhere, names that look alike,
        and names whose reading contains what was written in kana; those of the prefecture first."""
        key = normalize_name(name)
        prefecture = normalize_name(prefecture)
        if not key:
            return []
        found: list[Municipality] = list(self.by_name.get(key, []))
        reading = text.to_hiragana(key)
        if all("ぁ" <= c <= "ゖ" or c == "ー" for c in reading):
            found += [m for m in self.rows if reading in m.name_hiragana]
        names = list(self.by_name)
        for close in difflib.get_close_matches(key, names, n=limit * 2, cutoff=0.6):
            found += self.by_name[close]
        if prefecture:
            local = [m for m in self.rows if m.prefecture.name == prefecture]
            for close in difflib.get_close_matches(key, [normalize_name(m.name) for m in local], n=limit, cutoff=0.5):
                found += [m for m in local if normalize_name(m.name) == close]
        unique = list({m.code: m for m in found}.values())
        unique.sort(key=lambda m: (m.prefecture.name != prefecture, found.index(m)))
        return [Candidate(m) for m in unique[:limit]]
