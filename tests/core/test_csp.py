"""core.csp.CSPMiddleware sends what django-csp's own middleware sends."""

import pytest
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from core.csp import CSPMiddleware

pytestmark = pytest.mark.django_db


def _both(view, path="/", settings=None):
    request_factory = RequestFactory()
    results = []
    for middleware_class in (DjangoCSPMiddleware, CSPMiddleware):
        request = request_factory.get(path)
        middleware = middleware_class(view)
        results.append(middleware(request))
    return results


def _plain(request):
    return HttpResponse("ok")


@pytest.mark.parametrize("view", [
    _plain,
    csp_update({"img-src": ["https://example.jp"]})(_plain),
    csp_exempt()(_plain),
])
def test_the_same_headers_as_django_csp(view):
    theirs, ours = _both(view)
    for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        assert theirs.get(header) == ours.get(header)


def test_the_site_policy_is_sent_and_follows_a_settings_change(settings):
    assert "default-src 'self'" in _both(_plain)[1]["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    theirs, ours = _both(_plain)
    assert ours["Content-Security-Policy"] == theirs["Content-Security-Policy"] == "default-src 'none'"


def test_a_page_sends_the_policy(client):
    assert "script-src 'self'" in client.get("/about/")["Content-Security-Policy"]
