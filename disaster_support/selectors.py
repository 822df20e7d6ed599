"""Read-side queries for the disaster support pages: the list with totals, and one disaster's tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum

from core import wareki
from disaster_support.models import Disaster, FundContribution, ShelterSupport, StaffDispatch, SupplyDonation


@dataclass(frozen=True)
class SupportTotals:
    disasters: int
    people: int
    funds_yen: int
    as_of: dt.date | None


def disaster_list() -> QuerySet[Disaster]:
    """Every disaster, newest first."""
    return Disaster.objects.order_by("-date", "-pk")


@dataclass(frozen=True)
class DisasterYear:
    year: int
    label: str  # 令和6年（2024年）
    disasters: list[Disaster]


def disasters_by_year(disasters: list[Disaster]) -> list[DisasterYear]:
    """Disasters grouped by the calendar year they began, as the Secretariat's table groups them."""
    years: dict[int, list[Disaster]] = {}
    for disaster in disasters:
        disaster.month_day = wareki.month_day_display(
            date=disaster.date, precision=disaster.date_precision,
            end_date=disaster.end_date, end_precision=disaster.end_date_precision,
        )
        years.setdefault(disaster.date.year, []).append(disaster)
    return [DisasterYear(year=y, label=wareki.year_label(y), disasters=d) for y, d in years.items()]


# A dispatch row naming a task or destination belongs to the detailed table; the others are totals.
_DETAILED = ~Q(task="") | ~Q(destination="") | Q(destination_municipality__isnull=False)


def people_dispatched() -> int:
    """People dispatched over all disasters, each disaster counted once.

    A disaster's staff may be recorded as a task breakdown, as totals by status (現在派遣中 …) or
    as one cumulative figure, and a source may give more than one of these for the same people
    (能登: the tasks and 「累計234人」). Per disaster the most detailed form is summed: tasks, else
    status totals, else the cumulative figure; one grouped query.
    """
    cumulative = Q(status=StaffDispatch.Status.CUMULATIVE)
    per_disaster = StaffDispatch.objects.order_by().values("disaster").annotate(
        tasks=Sum("people", filter=_DETAILED),
        statuses=Sum("people", filter=~_DETAILED & ~cumulative),
        cumulative=Sum("people", filter=~_DETAILED & cumulative),
    )
    return sum(row["tasks"] or row["statuses"] or row["cumulative"] or 0 for row in per_disaster)


def support_totals() -> SupportTotals:
    """Totals over all disasters, computed by the database: disasters, people dispatched, funds."""
    disasters = Disaster.objects.aggregate(n=Count("pk"), as_of=Max("as_of"))
    people = people_dispatched()
    funds = FundContribution.objects.aggregate(total=Sum("amount_yen"))["total"] or 0
    return SupportTotals(
        disasters=disasters["n"] or 0, people=people, funds_yen=funds, as_of=disasters["as_of"]
    )


def disaster_with_support() -> QuerySet[Disaster]:
    """Disasters with every aid table prefetched (for the detail page: a fixed number of queries)."""
    return Disaster.objects.prefetch_related(
        Prefetch("funds", queryset=FundContribution.objects.select_related("prefecture", "federation")),
        Prefetch("dispatches", queryset=StaffDispatch.objects.select_related("destination_municipality")),
        Prefetch("supplies", queryset=SupplyDonation.objects.all()),
        Prefetch("shelters", queryset=ShelterSupport.objects.all()),
    )


@dataclass(frozen=True)
class FundTable:
    rows: list[FundContribution]
    total_yen: int
    has_unknown: bool


def fund_table(disaster: Disaster) -> FundTable:
    rows = list(disaster.funds.all())
    for fund in rows:
        fund.recipient_label = fund.recipient or (fund.federation.name if fund.federation else "") or (
            fund.prefecture.name if fund.prefecture else ""
        )
    known = [f.amount_yen for f in rows if f.amount_yen is not None]
    return FundTable(rows=rows, total_yen=sum(known), has_unknown=len(known) < len(rows))


@dataclass(frozen=True)
class DispatchTermGroup:
    label: str
    rows: list[StaffDispatch]
    subtotal: int


@dataclass(frozen=True)
class DispatchSummary:
    """Staff dispatched: by term → task → destination, and/or totals by status (現在派遣中 …)."""

    groups: list[DispatchTermGroup]
    task_total: int
    statuses: list[tuple[str, int]]
    status_total: int
    cumulative: int | None

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.statuses and self.cumulative is None


STATUS_ORDER = [StaffDispatch.Status.CURRENT, StaffDispatch.Status.DONE, StaffDispatch.Status.PLANNED]


def dispatch_summary(disaster: Disaster) -> DispatchSummary:
    dispatches = list(disaster.dispatches.all())
    # Rows naming a task or destination form the detailed table; the others are status totals.
    by_task = [d for d in dispatches if d.task or d.destination or d.destination_municipality_id]
    by_status = [d for d in dispatches if not (d.task or d.destination or d.destination_municipality_id)]
    groups: dict[str, list[StaffDispatch]] = {}
    for row in by_task:
        groups.setdefault(row.term, []).append(row)
    term_labels = dict(StaffDispatch.Term.choices)
    term_groups = [
        DispatchTermGroup(label=term_labels.get(term, term), rows=rows, subtotal=sum(r.people for r in rows))
        for term, rows in groups.items()
    ]
    status_people = dict.fromkeys(STATUS_ORDER, 0)
    seen = set()
    cumulative = None
    for row in by_status:
        if row.status == StaffDispatch.Status.CUMULATIVE:
            cumulative = (cumulative or 0) + row.people
        else:
            status_people[row.status] += row.people
            seen.add(row.status)
    statuses = [(StaffDispatch.Status(s).label, status_people[s]) for s in STATUS_ORDER if s in seen]
    return DispatchSummary(
        groups=term_groups,
        task_total=sum(g.subtotal for g in term_groups),
        statuses=statuses,
        status_total=sum(people for _, people in statuses),
        cumulative=cumulative,
    )


@dataclass(frozen=True)
class SupplyCategory:
    name: str
    rows: list[SupplyDonation]


def supply_categories(disaster: Disaster) -> list[SupplyCategory]:
    """Supplies grouped by category, categories in the order they first appear."""
    groups: dict[str, list[SupplyDonation]] = {}
    for row in disaster.supplies.all():
        groups.setdefault(row.category, []).append(row)
    return [SupplyCategory(name=name, rows=rows) for name, rows in groups.items()]
