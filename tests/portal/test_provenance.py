"""Public pages never show the portal's own provenance: where a row came from in the seeds (`seeds/…`),
nor the notes on what was corrected and why. Those are for the Secretariat, in the admin.

Every public page is requested — the lists with every page of their pagination, every event, disaster and
ward, the municipalities with a membership, relation or area and a member of each federation, the search for the words such notes use — and its HTML is checked
for `seeds/`, for the source fields of the seeded rows and for the corrections the fixtures record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db.models import Q
from django.urls import reverse

from agreements.models import Federation
from core.seeding import FIXTURES_DIR, read_yaml
from disaster_support.models import Disaster
from events.models import Event
from municipalities.models import ExchangeRelation, Membership, Municipality, Ward
from portal.models import TimelineEntry

pytestmark = pytest.mark.django_db

# Words of a correction note (「002の「京都市市長会」は京都府市長会の誤り」, 「OCR（「都」が「部」）」 …).
CORRECTION_WORDS = re.compile(r"の誤り|誤記|誤植|OCR|読み違|取り違|訂正|seeds/")

LISTS = [
    "home", "about", "history", "news", "accessibility", "municipalities:ward-list", "municipalities:list",
    "agreements:index", "events:list", "disaster_support:list",
]


def correction_texts(node) -> Iterator[str]:
    """Every text under a `corrections` key of a fixture (what was corrected and why)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("corrections", "correction"):
                yield from strings_of(value)
            else:
                yield from correction_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from correction_texts(item)


def strings_of(node) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings_of(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings_of(item)


def forbidden_texts() -> set[str]:
    texts = set()
    for path in sorted(FIXTURES_DIR.glob("*.yaml")):
        texts.update(t.strip() for t in correction_texts(read_yaml(path.name)) if len(t.strip()) >= 8)
    for model in (Event, Disaster, TimelineEntry, ExchangeRelation, Membership):
        texts.update(s for s in model.objects.exclude(source="").values_list("source", flat=True) if len(s) >= 8)
    return texts


def public_paths() -> list[str]:
    paths = [reverse(name) for name in LISTS]
    paths += [event.get_absolute_url() for event in Event.objects.filter(is_published=True)]
    paths += [reverse("disaster_support:detail", args=[pk]) for pk in Disaster.objects.values_list("pk", flat=True)]
    paths += [reverse("municipalities:ward-detail", args=[pk]) for pk in Ward.objects.values_list("pk", flat=True)]
    # Every municipality with a membership, a relation or an area, and one member of each federation (the
    # other members' pages differ only by name).
    codes = set(
        Municipality.objects.filter(
            Q(membership__isnull=False) | Q(ward_relations__isnull=False) | Q(areas__isnull=False)
        ).values_list("code", flat=True)
    )
    codes |= {federation.members.order_by("code").first().code for federation in Federation.objects.all()}
    paths += [reverse("municipalities:detail", args=[code]) for code in sorted(codes)]
    paths += [f.get_absolute_url() for f in Federation.objects.all()]  # each federation's corner
    paths += [f"{reverse('search')}?q={word}" for word in ("seeds", "誤り", "OCR", "出典", "京都市市長会")]
    return paths


def pagination_links(path: str, soup: BeautifulSoup) -> list[str]:
    nav = soup.select_one('nav[aria-label="ページ送り"]')
    if nav is None:
        return []
    links = []
    for a in nav.find_all("a", href=True):
        target = urljoin(path, a["href"])
        if urlsplit(target).path == urlsplit(path).path:
            links.append(target)
    return links


def test_no_public_page_shows_seeds_paths_or_correction_notes(client):
    forbidden = forbidden_texts()
    assert any("京都市市長会" in t for t in forbidden), "the fixtures' corrections are collected"
    queue, seen, problems = public_paths(), set(), []
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        soup = BeautifulSoup(response.content, "html.parser")
        if urlsplit(path).path == reverse("search"):
            # The page repeats the words searched for: what matters is what the hits show.
            soup = BeautifulSoup("".join(str(ul) for ul in soup.select("ul.search-results")), "html.parser")
        html, text = str(soup), soup.get_text(" ")
        if found := CORRECTION_WORDS.search(html):
            problems.append(f"{path}: 「{found[0]}」")
        problems += [f"{path}: {t}" for t in forbidden if t in text]
        queue += pagination_links(path, soup)
    assert len(seen) > 250
    assert problems == []


def test_the_admin_still_shows_the_sources(secretariat_client):
    event = Event.objects.filter(source__startswith="seeds/").first()
    response = secretariat_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert event.source in response.content.decode()
