"""@mentions on the board: 「@品川区」「@坂井市」 (or with the prefecture, 「@福井県坂井市」) names a ward or a
member organisation. A mention is linked to the organisation's public page and notifies its members
(board.notifications.mentioned). An unknown name stays plain text, and so does a bare name that two
member organisations share (write it with the prefecture). At most MAX_PER_POST organisations a post.

The names come from the wards and the active member registrations; the index is rebuilt when the
board's version changes (municipality and membership writes bump it, see board/apps.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from core.caching import BOARD
from municipalities.models import Municipality, Ward

MAX_PER_POST = 10
# An "@" inside an e-mail address or a word (info@example.jp) is not a mention.
_BEFORE = r"(?<![0-9A-Za-z_.%+\-])"


@dataclass(frozen=True)
class Target:
    code: str
    name: str
    is_ward: bool

    @property
    def url(self) -> str:
        if self.is_ward:
            return reverse("municipalities:ward-detail", kwargs={"code": self.code})
        return reverse("municipalities:detail", kwargs={"code": self.code})


@dataclass(frozen=True)
class _Index:
    pattern: re.Pattern | None
    by_name: dict[str, Target]


_memo: dict[str, _Index] = {}


def _build() -> _Index:
    wards = set(Ward.objects.values_list("municipality_id", flat=True))
    rows = (
        Municipality.objects.filter(pk__in=wards)
        | Municipality.objects.filter(membership__is_active=True)
    ).values_list("code", "name", "prefecture__name").distinct()
    by_name: dict[str, Target] = {}
    bare: dict[str, list[Target]] = {}
    for code, name, prefecture in rows:
        target = Target(code=code, name=name, is_ward=code in wards)
        by_name[f"{prefecture}{name}"] = target
        bare.setdefault(name, []).append(target)
    for name, targets in bare.items():
        if len(targets) == 1:
            by_name.setdefault(name, targets[0])
    if not by_name:
        return _Index(pattern=None, by_name={})
    # Longest names first: 「@福井県坂井市」 is one mention, not 「@福井県…」 cut short.
    names = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    return _Index(pattern=re.compile(f"{_BEFORE}[@＠]({names})"), by_name=by_name)


def _index() -> _Index:
    version = BOARD.version()
    index = _memo.get(version)
    if index is None:
        index = _build()
        _memo.clear()
        _memo[version] = index
    return index


_TAG = re.compile(r"(<[^>]+>)")
_SKIP = {"a", "code", "pre"}


def link(html: str) -> tuple[str, list[Target]]:
    """Link every mention in rendered HTML (outside links and code, where it is only text), and the
    organisations mentioned, each once, in order of first mention."""
    index = _index()
    if index.pattern is None or ("@" not in html and "＠" not in html):
        return html, []
    found: dict[str, Target] = {}
    inside = 0
    parts = []

    def replace(match: re.Match) -> str:
        target = index.by_name[match.group(1)]
        found.setdefault(target.code, target)
        return f'<a class="mention" href="{escape(target.url)}">{match.group(0)}</a>'

    for part in _TAG.split(html):
        if part.startswith("<"):
            tag = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if tag and tag.group(1).lower() in _SKIP and not part.endswith("/>"):
                inside += -1 if part.startswith("</") else 1
            parts.append(part)
        elif inside > 0:
            parts.append(part)
        else:
            parts.append(index.pattern.sub(replace, part))
    return "".join(parts), list(found.values())


def check_count(targets: list[Target]) -> None:
    """At most MAX_PER_POST organisations a post or reply (a ValidationError for the body field)."""
    if len(targets) > MAX_PER_POST:
        raise ValidationError(
            "「@」で知らせられる団体は、1件につき%(max)s団体までです（いま%(n)s団体の名前があります）。"
            "知らせる団体を減らしてください。",
            code="too_many_mentions", params={"max": MAX_PER_POST, "n": len(targets)},
        )
