"""Public pages: the 23 wards and the directory of partner and member municipalities."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from municipalities import selectors
from municipalities.filters import MunicipalityFilter
from municipalities.map import prefecture_map
from municipalities.models import Municipality, Ward
from portal.selectors import file_label


class WardListView(ListView):
    template_name = "municipalities/ward_list.html"
    context_object_name = "wards"

    def get_queryset(self):
        return selectors.ward_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
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
        context["relation_groups"] = selectors.ward_relation_groups(ward=ward)
        context["areas"] = selectors.ward_areas(ward=ward)
        context["events"] = selectors.ward_events(ward=ward)
        context["trail"] = [("東京23区", reverse("municipalities:ward-list")), (ward.name, "")]
        return context


class MunicipalityListView(FilterView):
    template_name = "municipalities/municipality_list.html"
    filterset_class = MunicipalityFilter
    context_object_name = "municipalities"
    paginate_by = 50
    # Bad values drop only their own condition (the form shows why) instead of emptying the list.
    strict = False

    def get_queryset(self):
        return selectors.municipality_directory()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # Always bound, so the default scope (participating municipalities) applies without parameters.
        kwargs["data"] = self.request.GET
        return kwargs

    def paginate_queryset(self, queryset, page_size):
        """Like ListView, but an out-of-range or non-numeric page shows the nearest page, not a 404."""
        paginator: Paginator = self.get_paginator(queryset, page_size)
        page: Page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = [(m, selectors.partner_wards(m)) for m in context["page_obj"].object_list]
        context["rows"] = rows
        context["prefecture_map"] = prefecture_map()
        context["is_filtered"] = any(v for k, v in self.request.GET.items() if k != "page")
        context["has_errors"] = bool(self.filterset.form.errors)
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
        federations = selectors.municipality_federations(municipality=municipality)
        membership = selectors.membership_of(municipality)
        context.update(
            federations=federations,
            relations=selectors.municipality_relations(municipality=municipality),
            areas=selectors.municipality_areas(municipality=municipality),
            event_rows=selectors.municipality_events(
                municipality=municipality, federations=[row.federation for row in federations]
            ),
            membership=membership,
            pamphlet_label=file_label(membership.pr_pamphlet) if membership else "",
            trail=[("連携自治体", reverse("municipalities:list")), (municipality.full_name, "")],
        )
        return context
