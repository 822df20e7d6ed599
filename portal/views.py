import datetime as dt

from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from board import outcomes as board_outcomes
from core import text, wareki
from core.pagination import NearestPageMixin
from portal import search, selectors


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = selectors.key_figures()
        context["intro"] = selectors.about_section("purpose")
        context["membership_intro"] = selectors.about_section("membership")
        context["news"] = selectors.latest_news(limit=5)
        context["upcoming_events"] = selectors.upcoming_events(limit=5)
        context["recent_events"] = selectors.recent_events(limit=5)
        return context


@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """200 "ok" when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


# Where the about page's tables go among the Secretariat's sections: after the first slug listed
# that exists (the goals follow the text announcing them, the figures follow 連携の状況, the
# direction precedes its sub-sections). Missing slugs put the block at the end.
ABOUT_PLACEMENT = {
    "goals": ("after", ["development-and-goals", "purpose"]),
    "statistics": ("after", ["network-status"]),
    "direction": ("before", ["new-wide-area-projects"]),
}


def about_blocks(sections: list, extras: dict[str, object]) -> list[tuple[str, object]]:
    """The about page in reading order: ("section", AboutSection) and ("goals" | "statistics" | …, data)."""
    slugs = [section.slug for section in sections]
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    tail: list[str] = []
    for name, (where, anchors) in ABOUT_PLACEMENT.items():
        if not extras.get(name):
            continue
        anchor = next((slug for slug in anchors if slug in slugs), None)
        if anchor is None:
            tail.append(name)
        else:
            (before if where == "before" else after).setdefault(anchor, []).append(name)
    blocks: list[tuple[str, object]] = []
    for section in sections:
        blocks += [(name, extras[name]) for name in before.get(section.slug, [])]
        blocks.append(("section", section))
        blocks += [(name, extras[name]) for name in after.get(section.slug, [])]
    blocks += [(name, extras[name]) for name in tail]
    return blocks


class AboutView(TemplateView):
    template_name = "portal/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statistics = selectors.network_statistic_table()
        extras = {
            "goals": selectors.goal_list(),
            "statistics": statistics if statistics.rows else None,
            "direction": selectors.direction_table(),
        }
        context["trail"] = [("プロジェクトについて", "")]
        context["blocks"] = about_blocks(selectors.about_sections(), extras)
        context["contacts"] = selectors.contact_point_list()
        return context


class OutcomesView(TemplateView):
    """/about/outcomes/: the proposals the board turned into projects, by 年度, with the year's counts."""

    template_name = "portal/outcomes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = [("プロジェクトについて", reverse("about")), ("掲示板から実現した連携", "")]
        context["years"] = board_outcomes.outcome_years()
        return context


class HistoryView(TemplateView):
    template_name = "portal/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = [("プロジェクトについて", reverse("about")), ("これまでの経過", "")]
        context["years"] = selectors.timeline_by_year()
        return context


class NewsView(NearestPageMixin, ListView):
    """Topics (paged) and every 全国連携NEWS issue."""

    template_name = "portal/news.html"
    context_object_name = "news_items"
    paginate_by = 20

    def get_queryset(self):
        return selectors.news_item_list()


    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = [("お知らせ", "")]
        context["newsletters"] = selectors.newsletter_issue_list()
        return context


class SearchView(TemplateView):
    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = text.parse_query(self.request.GET.get("q", ""))
        groups = search.search_all(query)
        context.update(
            trail=[("サイト内検索", "")],
            query=query,
            groups=groups,
            total=sum(group.total for group in groups),
            capped=any(group.capped for group in groups),
            max_query_length=text.MAX_QUERY_LENGTH,
            max_terms=text.MAX_TERMS,
            result_limit=search.RESULT_LIMIT,
        )
        return context


# The policy's dates, in this one place: change them when the policy is revised. Only the month
# is fixed (令和8年11月), so the page shows them to the month.
ACCESSIBILITY_POLICY_ESTABLISHED = dt.date(2026, 11, 1)
ACCESSIBILITY_POLICY_UPDATED = dt.date(2026, 11, 1)
ACCESSIBILITY_POLICY_DATE_PRECISION = wareki.MONTH


class AccessibilityView(TemplateView):
    template_name = "portal/accessibility.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            trail=[("ウェブアクセシビリティ方針", "")],
            site_url=self.request.build_absolute_uri(reverse("home")),
            established=ACCESSIBILITY_POLICY_ESTABLISHED,
            updated=ACCESSIBILITY_POLICY_UPDATED,
            date_precision=ACCESSIBILITY_POLICY_DATE_PRECISION,
            established_attr=wareki.html_datetime(ACCESSIBILITY_POLICY_ESTABLISHED, ACCESSIBILITY_POLICY_DATE_PRECISION),
            updated_attr=wareki.html_datetime(ACCESSIBILITY_POLICY_UPDATED, ACCESSIBILITY_POLICY_DATE_PRECISION),
        )
        return context

