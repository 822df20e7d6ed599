from django import template

from portal.models import ContactPoint

register = template.Library()


@register.simple_tag
def contact_points():
    """The Secretariat's contact points, shown in every page's footer."""
    return list(ContactPoint.objects.all())
