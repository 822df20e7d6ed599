"""Open data: the catalogue page and the files (CSV for every dataset, JSON for イベント一覧)."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from core.site import absolute_url
from events import opendata as events_data
from portal import opendata
from portal.models import DatasetChange


class OpenDataIndexView(TemplateView):
    template_name = "portal/opendata.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changed = dict(DatasetChange.objects.values_list("slug", "changed_at"))
        context.update(
            trail=[("オープンデータ", "")],
            datasets=[(dataset, changed.get(dataset.slug)) for dataset in opendata.DATASETS],
            licence=opendata.LICENCE,
            licence_url=opendata.LICENCE_URL,
            event_columns=events_data.EVENT_COLUMNS,
        )
        return context


def dataset_csv(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = opendata.BY_SLUG.get(slug)
    if dataset is None:
        raise Http404("そのデータセットはありません。")
    header, rows = dataset.csv_rows(site_url=absolute_url("/"))
    response = HttpResponse(opendata.write_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.filename}"'
    return response


def events_json(request: HttpRequest) -> HttpResponse:
    site_url = absolute_url("/")  # the URL column holds canonical URLs, as the sitemap does
    changed = DatasetChange.objects.filter(slug="events").values_list("changed_at", flat=True).first()
    body = {
        "title": "イベント一覧",
        "publisher": "特別区全国連携プロジェクト",
        "license": opendata.LICENCE,
        "license_url": opendata.LICENCE_URL,
        "updated": changed.isoformat() if changed else None,
        "csv": absolute_url(reverse("opendata-csv", kwargs={"slug": "events"})),
        "columns": events_data.EVENT_COLUMNS,
        "items": list(events_data.event_records(events_data.open_data_events(), site_url=site_url)),
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
