from django import template

from core import fragments
from portal.models import ContactPoint

register = template.Library()


@register.simple_tag
def contact_points():
    """The Secretariat's contact points, shown in every page's footer."""
    return list(ContactPoint.objects.all())


@register.simple_tag(takes_context=True)
def filter_form(context, form):
    """The list pages' filter form (templates/_partials/filter_form.html), from the row cache."""
    return fragments.render_form("_partials/filter_form.html", form, context["request"])

