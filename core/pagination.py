"""List pages: paging and filters that forgive.

A page number out of range or not a number shows the nearest page, never a 404 (a bookmarked
?page=7 of a list that has shrunk, or a mistyped link, still shows the list); a bad filter value drops
only its own condition, and the form says why, instead of emptying the list."""

from __future__ import annotations

from django.core.paginator import Paginator


class NearestPageMixin:
    """For ListView / FilterView: `paginate_queryset` through Paginator.get_page."""

    def paginate_queryset(self, queryset, page_size):
        paginator: Paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class FilteredListMixin(NearestPageMixin):
    """For django-filter's FilterView: the filter set is always bound (so defaults apply without
    parameters), not strict, and the context says whether the list is filtered or has errors."""

    strict = False

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_filtered"] = any(v for k, v in self.request.GET.items() if k != self.page_kwarg)
        context["has_errors"] = bool(self.filterset.form.errors)
        return context
