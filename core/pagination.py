"""Paging of list pages: a page number out of range or not a number shows the nearest page, never a 404
(a bookmarked ?page=7 of a list that has shrunk, or a mistyped link, still shows the list)."""

from __future__ import annotations

from django.core.paginator import Paginator


class NearestPageMixin:
    """For ListView / FilterView: `paginate_queryset` through Paginator.get_page."""

    def paginate_queryset(self, queryset, page_size):
        paginator: Paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
