"""Views for tests/core/test_transactions.py only (pytest.mark.urls)."""

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path

from config import urls as site_urls
from municipalities.models import Prefecture


def _depth() -> HttpResponse:
    # How many atomic blocks the view runs in (the test's own transaction counts too).
    return HttpResponse(str(len(connection.atomic_blocks)))


def state(request):
    """Answers its transaction depth; with rename=NAME renames 北海道 first, and with fail=1 (deny=1) then
    raises an error (PermissionDenied)."""
    data = request.POST if request.method == "POST" else request.GET
    if "rename" in data:
        Prefecture.objects.filter(code="01").update(name=data["rename"])
        if data.get("fail"):
            raise RuntimeError("the view failed after writing")
        if data.get("deny"):
            raise PermissionDenied("書き込みのあとで拒否")
    return _depth()


@transaction.non_atomic_requests
def exempt(request):
    return _depth()


# The site's own URLs too: the error pages' header links to them.
urlpatterns = [path("state/", state), path("exempt/", exempt), *site_urls.urlpatterns]
