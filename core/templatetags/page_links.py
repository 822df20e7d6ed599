"""{% page_links page_obj %}: a list's page links from the row cache (core.fragments.render_page_links).

    {% load page_links %}
    {% page_links page_obj %}                                       → _partials/pagination.html
    {% page_links reply_page "board/_reply_pages.html" position="上" %}
"""

from django import template

from core import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def page_links(context, page, template_name="_partials/pagination.html", **extra):
    if page is None or page.paginator.num_pages <= 1:
        return ""
    return fragments.render_page_links(template_name, page, context["request"], **extra)
