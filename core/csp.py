"""django-csp's middleware, with the site's policy built once instead of on every response.

`csp.middleware.CSPMiddleware.process_response` turns the settings into the header text twice per
response (the policy and the report-only policy, each through `dataclasses.asdict` and
`csp.utils.build_policy`): a fifth of the CPU of a page-cache hit (a cProfile of the WSGI handler
serving /events/ from the page cache). The site's pages never change their policy (no
`@csp_update`, `@csp_replace` and no nonces: no inline scripts), so the header text is the same
for every response until the settings change. Whenever a response or request does carry its own
parts (a decorator, a nonce), django-csp's own code runs unchanged.
"""

from __future__ import annotations

import http.client
from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")


@cache
def _site_policy(report_only: bool) -> tuple[str, tuple[str, ...]]:
    """The header text of the configured policy and the path prefixes it excludes."""
    config = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY", None) or {}
    return build_policy(report_only=report_only), tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ())


@receiver(setting_changed)
def _forget_policy(*, setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policy.cache_clear()


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, name) for name in _PER_RESPONSE):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND):
            return response
        for report_only, header, exempt in ((False, HEADER, "_csp_exempt"), (True, HEADER_REPORT_ONLY, "_csp_exempt_ro")):
            policy, excluded = _site_policy(report_only)
            if (
                policy and header not in response and getattr(response, exempt, False) is False
                and not request.path_info.startswith(excluded)
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header was written is an error.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
