"""Read-side queries for the portal's own pages: figures, about, history, news."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet

from agreements.models import Federation, FederationMembership
from core import wareki
from core.formats import file_label
from portal.models import (
    AboutSection,
    AccessibilityCriterionResult,
    AccessibilityPageResult,
    AccessibilityTestRun,
    ContactPoint,
    ContactSubject,
    DirectionActivity,
    DirectionItem,
    DirectionPlan,
    FaqCategory,
    FaqEntry,
    Goal,
    NetworkStatistic,
    NewsItem,
    NewsletterIssue,
    PolicyDocument,
    PolicySection,
    TimelineEntry,
)


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


def latest_statistic(*, metric: str) -> NetworkStatistic | None:
    """The Secretariat's most recent recorded figure for one metric (e.g. 各区の交流自治体数), if any."""
    return NetworkStatistic.objects.filter(metric=metric).order_by("-as_of").first()


def about_section(slug: str):
    from portal.models import AboutSection

    return AboutSection.objects.filter(slug=slug).first()


def latest_news(*, limit: int) -> list:
    """Topics and newsletter issues together, newest first, each linking to its entry on /news/."""
    from django.urls import reverse

    from portal.models import NewsItem, NewsletterIssue

    news = reverse("news")
    items = [
        {"date": n.published_on, "label": n.date_display, "datetime": n.datetime_attr, "title": n.title,
         "kind": "トピックス", "url": f"{news}#news-{n.pk}"}
        for n in NewsItem.objects.filter(is_published=True).order_by("-published_on", "-pk")[:limit]
    ]
    items += [
        {"date": i.published_on, "label": i.date_display, "datetime": i.datetime_attr,
         "title": f"{i.title} {i.number_label}".strip(), "kind": "全国連携NEWS", "url": f"{news}#newsletter-{i.pk}"}
        for i in NewsletterIssue.objects.exclude(published_on=None).order_by("-published_on", "-pk")[:limit]
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


# --- About page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectionCell:
    """One cell of the direction table: an activity spanning `span` fiscal years, or a gap."""

    span: int
    lines: list[str]


@dataclass(frozen=True)
class DirectionRow:
    number: int
    title: str
    cells: list[DirectionCell]


@dataclass(frozen=True)
class DirectionTable:
    plan: DirectionPlan
    fiscal_years: list[tuple[int, str]]
    rows: list[DirectionRow]


def about_sections() -> list[AboutSection]:
    """Every about-page section in the Secretariat's order."""
    return list(AboutSection.objects.order_by("sort_order", "pk"))


def goal_list() -> list[Goal]:
    return list(Goal.objects.order_by("number"))


def direction_table() -> DirectionTable | None:
    """The newest direction plan laid out as a table: one row per item, cells spanning fiscal years."""
    plan = (
        DirectionPlan.objects.order_by("-first_fiscal_year", "-pk")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=DirectionItem.objects.order_by("number").prefetch_related(
                    Prefetch("activities", queryset=DirectionActivity.objects.order_by("from_fiscal_year", "pk"))
                ),
            )
        )
        .first()
    )
    if plan is None:
        return None
    years = [(fy, wareki.format_fiscal_year(fy, western=False)) for fy in plan.fiscal_years]
    rows = []
    for item in plan.items.all():
        cells: list[DirectionCell] = []
        cursor = plan.first_fiscal_year
        for activity in item.activities.all():
            # Clip to the plan's years so a mistyped span cannot break the table's grid.
            start = max(activity.from_fiscal_year, cursor)
            end = min(activity.to_fiscal_year, plan.last_fiscal_year)
            if end < start:
                continue
            if start > cursor:
                cells.append(DirectionCell(span=start - cursor, lines=[]))
            cells.append(DirectionCell(span=end - start + 1, lines=activity.lines))
            cursor = end + 1
        if cursor <= plan.last_fiscal_year:
            cells.append(DirectionCell(span=plan.last_fiscal_year - cursor + 1, lines=[]))
        rows.append(DirectionRow(number=item.number, title=item.title, cells=cells))
    return DirectionTable(plan=plan, fiscal_years=years, rows=rows)


@dataclass(frozen=True)
class StatisticCell:
    value: int | None
    notes: list[int]  # footnote numbers (1-based) of StatisticTable.notes


@dataclass(frozen=True)
class StatisticRow:
    label: str
    notes: list[int]  # footnotes that apply to every value of the row
    cells: list[StatisticCell]
    change: int | None


@dataclass(frozen=True)
class StatisticColumn:
    as_of: dt.date
    nendo: str  # 平成27年度 (the 年度 of the reference date, 和暦 only: the date below gives 西暦)


@dataclass(frozen=True)
class StatisticTable:
    columns: list[StatisticColumn]
    rows: list[StatisticRow]
    notes: list[str]
    sources: list[str]


# The order of the Secretariat's table: the parts first, then their de-duplicated total.
STATISTIC_ORDER = [
    NetworkStatistic.Metric.WARD_EXCHANGE,
    NetworkStatistic.Metric.MEMBERS,
    NetworkStatistic.Metric.FEDERATION,
    NetworkStatistic.Metric.TOTAL,
]


def network_statistic_table() -> StatisticTable:
    """連携自治体数の推移: metrics by reference date, oldest first, with the change first → last.

    A column is a survey date at which at least two metrics were counted (the yearly survey);
    a single count found elsewhere (e.g. a member count in a pamphlet) stays in the admin only.
    """
    stats = list(NetworkStatistic.objects.order_by("as_of", "metric"))
    per_date: dict[dt.date, int] = {}
    for stat in stats:
        per_date[stat.as_of] = per_date.get(stat.as_of, 0) + 1
    dates = sorted(day for day, n in per_date.items() if n >= 2) or sorted(per_date)
    by_key = {(s.metric, s.as_of): s for s in stats}
    notes: list[str] = []
    sources: list[str] = []

    def number(note: str) -> int:
        if note not in notes:
            notes.append(note)
        return notes.index(note) + 1

    rows = []
    for metric in STATISTIC_ORDER:
        found = [by_key.get((metric, day)) for day in dates]
        present = [stat for stat in found if stat]
        if not present:
            continue
        for stat in present:
            if stat.source and stat.source not in sources:
                sources.append(stat.source)
        # A note on every value of the row is shown once, on the row's label.
        common = present[0].note if len(present) > 1 and all(s.note == present[0].note for s in present) else ""
        row_notes = [number(common)] if common else []
        cells = [
            StatisticCell(
                value=stat.value if stat else None,
                notes=[number(stat.note)] if stat and stat.note and stat.note != common else [],
            )
            for stat in found
        ]
        known = [c.value for c in cells if c.value is not None]
        # A metric counted only from a later year (協定締結 from 平成28年度) started from 0.
        change = known[-1] - (cells[0].value or 0) if len(dates) > 1 else None
        rows.append(StatisticRow(label=metric.label, notes=row_notes, cells=cells, change=change))
    columns = [
        StatisticColumn(as_of=day, nendo=wareki.format_fiscal_year(wareki.fiscal_year(day), western=False))
        for day in dates
    ]
    return StatisticTable(columns=columns, rows=rows, notes=notes, sources=sources)


def contact_point_list() -> list[ContactPoint]:
    return list(ContactPoint.objects.order_by("sort_order", "pk"))


def contact_desks() -> list[ContactPoint]:
    """The contact points with the form's active subjects each answers, as `.active_subjects` (two queries)."""
    subjects = Prefetch(
        "subjects", queryset=ContactSubject.objects.filter(is_active=True).order_by("sort_order", "pk"),
        to_attr="active_subjects",
    )
    return list(ContactPoint.objects.order_by("sort_order", "pk").prefetch_related(subjects))


# --- History ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineYear:
    year: int
    label: str
    entries: list


def timeline_by_year() -> list[TimelineYear]:
    """これまでの経過 grouped by calendar year, oldest first (one query, events joined)."""
    years: dict[int, list] = {}
    for entry in TimelineEntry.objects.select_related("event").order_by("date", "sort_order", "pk"):
        entry.month_day = wareki.month_day_display(
            date=entry.date, precision=entry.date_precision,
            end_date=entry.end_date, end_precision=entry.end_date_precision,
        )
        entry.datetime_attr = wareki.html_datetime(entry.date, entry.date_precision)
        years.setdefault(entry.date.year, []).append(entry)
    return [TimelineYear(year=y, label=wareki.year_label(y), entries=e) for y, e in years.items()]


# --- News -------------------------------------------------------------------------------------


def news_item_list() -> QuerySet[NewsItem]:
    """Published topics, newest first (a queryset, for paging)."""
    return NewsItem.objects.filter(is_published=True).order_by("-published_on", "-pk")


def newsletter_issue_list() -> list[NewsletterIssue]:
    """全国連携NEWS issues, newest first, each with its PDF's label."""
    issues = list(
        NewsletterIssue.objects.order_by(F("published_on").desc(nulls_last=True), F("number").desc(nulls_last=True))
    )
    for issue in issues:
        issue.pdf_label = file_label(issue.pdf)
    return issues


# --- よくある質問, 規程・方針, 試験結果 -----------------------------------------------------------------


def faq_by_category() -> list:
    """Categories in order, each with its published entries as `.published` (two queries)."""
    entries = Prefetch(
        "entries", queryset=FaqEntry.objects.filter(is_published=True).order_by("sort_order", "pk"), to_attr="published"
    )
    return [c for c in FaqCategory.objects.order_by("sort_order", "pk").prefetch_related(entries) if c.published]


def policy_document(slug: str):
    """A policy page with its sections in order (two queries), or None."""
    return (
        PolicyDocument.objects.filter(slug=slug)
        .prefetch_related(Prefetch("sections", queryset=PolicySection.objects.order_by("sort_order", "pk")))
        .first()
    )


def published_accessibility_run():
    """The newest published accessibility test with its pages and criteria (three queries), or None."""
    return (
        AccessibilityTestRun.objects.filter(is_published=True)
        .order_by("-tested_on", "-pk")
        .prefetch_related(
            Prefetch("pages", queryset=AccessibilityPageResult.objects.order_by("sort_order", "pk")),
            Prefetch("criteria", queryset=AccessibilityCriterionResult.objects.order_by("sort_order", "pk")),
        )
        .first()
    )


# --- Accounts (the Secretariat's admin) ------------------------------------------------------------
def pending_applications() -> QuerySet:
    """Applications waiting for the Secretariat: address confirmed (or from a hand-over), active."""
    from portal.models import User

    return User.objects.filter(approval_status=User.Approval.PENDING, is_active=True, is_staff=False,
                               applied_at__isnull=False)


@dataclass
class AccountTasks:
    fiscal_year: int
    pending: int
    unconfirmed_signups: int
    handovers: int
    stale_members: int
    stale_organizations: int


def account_tasks() -> AccountTasks:
    """What waits for the Secretariat (the admin index): applications, hand-overs to confirm, and who
    has not confirmed their contact data this 年度. Five counting queries."""
    from django.utils import timezone

    from municipalities.models import Membership
    from portal.models import Handover, User
    from portal.services import stale_members

    today = timezone.localdate()
    fy = wareki.fiscal_year(today)
    stale = stale_members(today=today)
    # The same rule as MembershipAdmin's filter 「今年度の登録情報の確認」 (municipalities/admin.py).
    confirmed_orgs = User.objects.filter(
        is_active=True, approval_status=User.Approval.APPROVED, reconfirmations__fiscal_year=fy,
        reconfirmations__confirmed_at__isnull=False).values("municipality_id")
    return AccountTasks(
        fiscal_year=fy,
        pending=pending_applications().count(),
        unconfirmed_signups=User.objects.filter(approval_status=User.Approval.PENDING, is_active=True,
                                                is_staff=False, applied_at__isnull=True).count(),
        handovers=Handover.objects.filter(state=Handover.State.APPLIED).count(),
        stale_members=stale.count(),
        stale_organizations=Membership.objects.filter(is_active=True).exclude(municipality_id__in=confirmed_orgs).count(),
    )


@dataclass
class ApplicantHints:
    """What helps the Secretariat judge whether an applicant works for the municipality they picked."""

    domain_match: str  # "official", "lg" or ""
    domain_text: str
    email_verified: bool
    colleagues: list  # other accounts of the same municipality (active first)
    handover: object | None  # the hand-over naming this user as successor, with its predecessor


def applicant_hints(user) -> ApplicantHints:
    from allauth.account.models import EmailAddress

    from portal.models import Handover, User
    from portal.services import applicant_domain_hint

    colleagues = []
    if user.municipality_id:
        colleagues = list(
            User.objects.filter(municipality_id=user.municipality_id).exclude(pk=user.pk)
            .order_by("-is_active", "approval_status", "email")[:20]
        )
    return ApplicantHints(
        domain_match=user.municipality.domain_match(user.email_domain) if user.municipality_id else "",
        domain_text=applicant_domain_hint(user),
        email_verified=EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists(),
        colleagues=colleagues,
        handover=Handover.objects.filter(successor=user).exclude(state=Handover.State.CANCELLED)
        .select_related("predecessor").order_by("-created_at").first(),
    )
