"""The board's public side: the proposals it turned into projects, as the public site may show them.

This is the only board read that is not members-only (board/selectors.py starts every members' query from
`post_list_visible_to`). It shows a realised proposal only when the Secretariat has marked it
`is_public_outcome` in the admin, and then only what is not the members' own text: the proposing
organisation, the category, the wards that answered, the dates, and the event or exchange it became —
never the title, body, replies or notes. The figures per 年度 count all proposals and calls (hidden ones
excepted) without showing any of them.

Public apps do not import the board: event pages get their outcome through the `board_outcomes` template
tag library, /about/outcomes/ (portal) calls these selectors. The writes that change what is shown bump the
"content" namespace (board/apps.py), so cached public pages follow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from board.models import Engagement, Post
from core import wareki


@dataclass(frozen=True)
class PublicOutcome:
    """A realised proposal as the public sees it."""

    post_id: int
    organization: object  # municipalities.Municipality (with its prefecture)
    category: str
    wards: tuple  # municipalities.Ward, in the official order
    proposed_on: dt.date
    taken_up_on: dt.date | None
    event: object | None  # events.Event
    relation: object | None  # municipalities.ExchangeRelation

    @property
    def fiscal_year(self) -> int:
        return wareki.fiscal_year(self.proposed_on)

    @property
    def realised_display(self) -> str:
        if self.event is not None:
            return self.event.date_display
        if self.relation is not None and self.relation.since:
            return self.relation.since_display
        return ""


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _published() -> QuerySet[Post]:
    return (
        Post.objects.filter(status=Post.Status.REALISED, is_public_outcome=True, is_hidden=False)
        .select_related(
            "category", "organization__prefecture", "realised_event",
            "realised_relation__ward__municipality", "realised_relation__municipality__prefecture",
        )
        .prefetch_related(
            Prefetch(
                "engagements",
                queryset=Engagement.objects.select_related("ward__municipality").order_by(
                    "ward__sort_order", "ward_id"
                ),
            )
        )
        .order_by("created_at", "pk")
    )


def _outcome(post: Post) -> PublicOutcome:
    engagements = list(post.engagements.all())
    return PublicOutcome(
        post_id=post.pk,
        organization=post.organization,
        category=post.category.name,
        wards=tuple(e.ward for e in engagements),
        proposed_on=_local_date(post.created_at),
        taken_up_on=min((_local_date(e.created_at) for e in engagements), default=None),
        event=post.realised_event,
        relation=post.realised_relation,
    )


def public_outcomes_of_event(*, event) -> list[PublicOutcome]:
    """The published proposals an event was realised from (usually none or one). Two queries."""
    return [_outcome(post) for post in _published().filter(realised_event=event)]


@dataclass
class OutcomeYear:
    fiscal_year: int
    posted: int = 0
    taken_up: int = 0
    realised: int = 0
    outcomes: list[PublicOutcome] = field(default_factory=list)

    @property
    def label(self) -> str:
        return wareki.format_fiscal_year(self.fiscal_year)


def outcome_years() -> list[OutcomeYear]:
    """/about/outcomes/: per 年度 of posting (newest first), the proposals and calls posted, those a ward
    answered, those realised, and the published outcomes among them. Three queries at any board size."""
    fiscal_year = ExtractYear("created_at") - Case(
        When(created_at__month__lt=4, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    counts = (
        Post.objects.filter(category__has_workflow=True, is_hidden=False)
        .annotate(fy=fiscal_year, answered=Exists(Engagement.objects.filter(post=OuterRef("pk"))))
        .values("fy")
        .annotate(
            posted=Count("pk"),
            taken_up=Count("pk", filter=Q(answered=True)),
            realised=Count("pk", filter=Q(status=Post.Status.REALISED)),
        )
        .order_by()
    )
    years = {row["fy"]: OutcomeYear(row["fy"], row["posted"], row["taken_up"], row["realised"]) for row in counts}
    for post in _published():
        outcome = _outcome(post)
        years.setdefault(outcome.fiscal_year, OutcomeYear(outcome.fiscal_year)).outcomes.append(outcome)
    return sorted(years.values(), key=lambda y: y.fiscal_year, reverse=True)

