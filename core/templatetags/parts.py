"""{% part NAME VALUE… %}…{% endpart %}: a part of the page frame kept in this process's memory,
keyed by the values it shows — with the request's CSRF token put in on every use.

The frame of every page (the header with the member links and the menu, the share tags) costs more
to render than many pages' own content (bench/profile.sh, a template node profile of /board/: 0.9 ms
of 1.5), and looks the same for everyone with the same values: signed in or not, a member or not,
the unread count, the current menu item, the search words. Django's {% cache %} cannot keep a part
holding a form's {% csrf_token %} (the token is the visitor's); this tag renders the part with a
placeholder in place of the token and puts the request's own token in when it is used. Like the
board's rows (core/fragments.py) the key is what the part shows, so nothing is ever invalidated: a
new value is a new key. Deploys restart the processes and forget parts of old templates.

    {% load parts %}
    {% part "header" user.is_authenticated member_menu.unread nav_current request.GET.q %}…{% endpart %}
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import caches
from django.utils.functional import LazyObject, empty
from django.utils.safestring import mark_safe

register = template.Library()

TIMEOUT = 24 * 60 * 60
# What {% csrf_token %} writes into a cached part instead of the token (never a valid token: it
# contains characters outside the token alphabet).
PLACEHOLDER = "\x00csrf-token-of-this-request\x00"


def _shown(value) -> str:
    """The value as the key sees it: a lazy object (the context's nav_current, member_menu) by what
    it wraps — its own repr names a function's address until it is evaluated."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    return repr(value)


class PartNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context) -> str:
        shown = tuple(_shown(value.resolve(context)) for value in self.values)
        digest = hashlib.blake2b(repr((self.name.resolve(context), shown)).encode(), digest_size=16).hexdigest()
        key = f"part:{self.origin.template_name}:{digest}"
        store = caches["fragments"]
        html = store.get(key)
        if html is None:
            with context.push(csrf_token=PLACEHOLDER):
                html = self.nodelist.render(context)
            store.set(key, html, TIMEOUT)
        if PLACEHOLDER in html:
            token = context.get("csrf_token")
            html = html.replace(PLACEHOLDER, str(token) if token is not None else "")
        return mark_safe(html)  # noqa: S308 — rendered (and escaped) by our template


@register.tag
def part(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% part %} takes a name and the values the part shows")
    nodelist = parser.parse(("endpart",))
    parser.delete_first_token()
    return PartNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
