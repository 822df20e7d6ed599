from django.urls import reverse
from django.views.generic import DetailView, ListView

from disaster_support import selectors
from disaster_support.models import Disaster


class DisasterListView(ListView):
    """All disasters newest first, with totals computed by the database."""

    model = Disaster
    template_name = "disaster_support/disaster_list.html"
    context_object_name = "disasters"

    def get_queryset(self):
        return selectors.disaster_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = [("被災自治体への支援", "")]
        context["totals"] = selectors.support_totals()
        disasters = list(context["disasters"])
        context["years"] = selectors.disasters_by_year(disasters)
        context["continuing"] = [d for d in disasters if d.is_continuing]
        return context


class DisasterDetailView(DetailView):
    """One disaster with its funds, staff dispatch, shelters and supplies tables."""

    model = Disaster
    template_name = "disaster_support/disaster_detail.html"
    context_object_name = "disaster"

    def get_queryset(self):
        return selectors.disaster_with_support()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        disaster = self.object
        context["trail"] = [("被災自治体への支援", reverse("disaster_support:list")), (disaster.name, "")]
        context["funds"] = selectors.fund_table(disaster)
        context["dispatch"] = selectors.dispatch_summary(disaster)
        context["supplies"] = selectors.supply_categories(disaster)
        context["shelters"] = list(disaster.shelters.all())
        return context
