"""The benchmark's yardstick (bench/run.sh, PORTAL_BENCH=1 only): the cheapest view this app can serve,
through the same middleware as every page."""

from django.http import HttpRequest, HttpResponse


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
