from django import template

from portal import selectors

register = template.Library()


@register.simple_tag
def account_tasks():
    """What waits for the Secretariat, for the admin index (templates/admin/index.html)."""
    return selectors.account_tasks()
