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
