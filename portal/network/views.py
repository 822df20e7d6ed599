"""Public pages of the partner network: the 23 wards and the directory of partner and member municipalities.

They combine the master list (municipalities) with the federations (agreements) and the events, so
they live in the site app, above the domain apps; their URLs keep the `municipalities:` namespace."""

from __future__ import annotations

from django.urls import reverse
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from agreements import selectors as agreements_selectors
from core.formats import file_label
from core.pagination import FilteredListMixin
from events import selectors as events_selectors
from municipalities import selectors
from municipalities.models import Municipality, Ward
from portal import selectors as portal_selectors
from portal.models import NetworkStatistic
from portal.network import selectors as network_selectors
from portal.network.filters import MunicipalityFilter
from portal.network.map import prefecture_map


class WardListView(ListView):
    template_name = "municipalities/ward_list.html"
    context_object_name = "wards"

    def get_queryset(self):
        return network_selectors.ward_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.relation_totals()
        # The Secretariat's own count (特別区長会調べ), shown beside what the recorded relations add up to.
        context["official"] = portal_selectors.latest_statistic(metric=NetworkStatistic.Metric.WARD_EXCHANGE)
        context["trail"] = [("東京23区", "")]
        return context


class WardDetailView(DetailView):
    template_name = "municipalities/ward_detail.html"
    context_object_name = "ward"
    slug_field = "municipality_id"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return selectors.ward_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ward: Ward = self.object
        groups = selectors.ward_relation_groups(ward=ward)
        context["relation_groups"] = groups
        context["partner_count"] = len({r.municipality_id for g in groups for r in g.relations})
        context["areas"] = selectors.ward_areas(ward=ward)
        context["events"] = events_selectors.ward_events(ward=ward)
        context["trail"] = [("東京23区", reverse("municipalities:ward-list")), (ward.name, "")]
        return context


class MunicipalityListView(FilteredListMixin, FilterView):
    template_name = "municipalities/municipality_list.html"
    filterset_class = MunicipalityFilter
    context_object_name = "municipalities"
    paginate_by = 50

    def get_queryset(self):
        return network_selectors.municipality_directory()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = [(m, selectors.partner_wards(m)) for m in context["page_obj"].object_list]
        context["rows"] = rows
        context["prefecture_map"] = prefecture_map(self.request)
        context["trail"] = [("連携自治体", "")]
        return context


class MunicipalityDetailView(DetailView):
    template_name = "municipalities/municipality_detail.html"
    context_object_name = "municipality"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return selectors.municipality_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality: Municipality = self.object
        federations = agreements_selectors.municipality_federations(municipality=municipality)
        membership = selectors.membership_of(municipality)
        context.update(
            federations=federations,
            relations=selectors.municipality_relations(municipality=municipality),
            areas=selectors.municipality_areas(municipality=municipality),
            event_rows=events_selectors.municipality_events(
                municipality=municipality, federations=[row.federation for row in federations]
            ),
            membership=membership,
            pamphlet_label=file_label(membership.pr_pamphlet) if membership else "",
            trail=[("連携自治体", reverse("municipalities:list")), (municipality.full_name, "")],
        )
        return context
