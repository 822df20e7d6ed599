from django.views.generic import DetailView, ListView, View
from django.http import HttpResponse

from events.models import Event


class EventListView(ListView):
    template_name = "events/event_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Event.objects.filter(is_published=True)


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"

    def get_queryset(self):
        return Event.objects.filter(is_published=True)


class EventFeedView(View):
    def get(self, request):
        return HttpResponse("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", content_type="text/calendar; charset=utf-8")
