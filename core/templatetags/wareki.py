"""Template filters for 和暦 dates and 年度: {{ event.start_date|wareki }}, {{ fy|nendo }}."""

import datetime as dt

from django import template
from django.utils.html import format_html

from core import wareki as w

register = template.Library()


@register.filter(expects_localtime=True, needs_autoescape=True)
def wareki(value, precision=w.DAY, autoescape=True):
    """令和7年（2025年）8月12日; `precision` may be "month" or "year" for partial dates. A datetime is
    shown on its date in Japan (expects_localtime), not in UTC. In HTML the date is wrapped in
    <span class="wareki">, which keeps it on one line (portal.css: 「（2016 / 年）」 never happens);
    plain-text mail ({% autoescape off %}) gets the text alone."""
    text = w.format_date(value, precision or w.DAY)
    if not text or not autoescape:
        return text
    return format_html('<span class="wareki">{}</span>', text)


@register.filter
def wareki_weekday(value):
    """令和7年（2025年）8月12日（火）."""
    if not value:
        return ""
    return f"{w.format_date(value)}（{w.format_weekday(value)}）"


@register.filter
def nendo(value):
    """令和7年度（2025年度） from a fiscal year number or a date."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.date):
        value = w.fiscal_year(value)
    return w.format_fiscal_year(int(value))


@register.simple_tag
def wareki_range(start, end=None, precision=w.DAY, end_precision=None):
    """A period: 令和7年（2025年）7月8日〜8月28日."""
    return w.format_range(start, end, precision or w.DAY, end_precision or None)


@register.filter
def partial_date(obj):
    """Any object with `date_display` (models using PartialDateMixin)."""
    return getattr(obj, "date_display", "")
