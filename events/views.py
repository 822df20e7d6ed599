"""Public pages of events and exhibitions: list with filters, one event, and the iCalendar feed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.pagination import FilteredListMixin
from events import selectors
from events.feeds import build_calendar, site_url
from events.filters import EventFilter
from events.models import Event, EventSpeaker


class EventListView(FilteredListMixin, FilterView):
    template_name = "events/event_list.html"
    filterset_class = EventFilter
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        return selectors.event_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = [("イベント・展示", "")]
        return context


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return selectors.event_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event: Event = self.object
        groups: dict[str, list[EventSpeaker]] = {}
        for speaker in event.speakers.all():
            groups.setdefault(speaker.get_role_display(), []).append(speaker)
        context["speaker_groups"] = list(groups.items())
        context["trail"] = [("イベント・展示", reverse("events:list")), (event.title, "")]
        return context


class EventFeedView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        body = build_calendar(selectors.feed_events(), base_url=site_url(request))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="tokyo23-zenkoku-renkei-events.ics"'
        return response
