from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from portal import selectors


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = selectors.key_figures()
        context["intro"] = selectors.about_section("purpose")
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


class AboutView(TemplateView):
    template_name = "portal/about.html"


class HistoryView(TemplateView):
    template_name = "portal/history.html"


class NewsView(TemplateView):
    template_name = "portal/news.html"


class SearchView(TemplateView):
    template_name = "portal/search.html"


class AccessibilityView(TemplateView):
    template_name = "portal/accessibility.html"
