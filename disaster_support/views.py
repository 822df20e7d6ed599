from django.views.generic import DetailView, ListView

from disaster_support.models import Disaster


class DisasterListView(ListView):
    model = Disaster
    template_name = "disaster_support/disaster_list.html"


class DisasterDetailView(DetailView):
    model = Disaster
    template_name = "disaster_support/disaster_detail.html"
