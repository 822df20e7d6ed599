"""Read-side queries for project-wide figures."""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt

from django.db.models import Count

from agreements.models import Federation, FederationMembership
from portal.models import NetworkStatistic


@dataclass(frozen=True)
class KeyFigures:
    federations: int
    federation_prefectures: int
    federation_municipalities: int
    official: dict[str, NetworkStatistic]
    as_of: dt.date | None


def key_figures() -> KeyFigures:
    """Home page figures: federation counts computed from memberships; official counts by date."""
    federation_municipalities = FederationMembership.objects.values("municipality").distinct().count()
    fed = Federation.objects.aggregate(n=Count("pk"), prefs=Count("prefecture", distinct=True))
    latest = NetworkStatistic.objects.order_by("-as_of").values_list("as_of", flat=True).first()
    official = {}
    if latest:
        official = {s.metric: s for s in NetworkStatistic.objects.filter(as_of=latest)}
    return KeyFigures(
        federations=fed["n"],
        federation_prefectures=fed["prefs"],
        federation_municipalities=federation_municipalities,
        official=official,
        as_of=latest,
    )


def about_section(slug: str):
    from portal.models import AboutSection

    return AboutSection.objects.filter(slug=slug).first()


def latest_news(*, limit: int) -> list:
    """Topics and newsletter issues together, newest first."""
    from portal.models import NewsItem, NewsletterIssue

    items = [
        {"date": n.published_on, "title": n.title, "kind": "トピックス", "url": n.link_url}
        for n in NewsItem.objects.filter(is_published=True)[:limit]
    ]
    items += [
        {"date": i.published_on, "title": i.title, "kind": "全国連携NEWS", "url": i.pdf.url if i.pdf else ""}
        for i in NewsletterIssue.objects.exclude(published_on=None)[:limit]
    ]
    return sorted(items, key=lambda x: x["date"], reverse=True)[:limit]


def upcoming_events(*, limit: int):
    from django.db.models import Q
    from django.utils import timezone

    from events.models import Event

    today = timezone.localdate()
    return list(
        Event.objects.filter(is_published=True)
        .filter(Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today))
        .order_by("start_date")[:limit]
    )


def recent_events(*, limit: int):
    from django.utils import timezone

    from events.models import Event

    return list(
        Event.objects.filter(is_published=True, start_date__lte=timezone.localdate()).order_by("-start_date")[:limit]
    )
