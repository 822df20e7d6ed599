"""Template filters of the board: dates with times in 和暦, attachment labels, status badges."""

from __future__ import annotations

import html

from django import template
from django.utils import timezone
from django.utils.html import strip_tags

from core import wareki
from core.formats import file_size_label

register = template.Library()


@register.filter
def when(value) -> str:
    """令和8年（2026年）11月23日 14:05 (Asia/Tokyo)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{wareki.format_date(local.date())} {local:%H:%M}"


@register.filter
def attachment_label(attachment) -> str:
    """「PDF（約1.2MB）」 from the stored metadata (no storage access per file)."""
    return file_size_label(attachment.original_name, attachment.size)


@register.filter
def status_class(status: str) -> str:
    return f"status status--{status}"


@register.filter
def iso(value) -> str:
    """A valid HTML datetime attribute: 2026-11-23T14:05:00+09:00 (no microseconds)."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.filter
def plain_text(rendered_html: str) -> str:
    """The text of rendered Markdown, for an excerpt (escaped again when shown)."""
    return " ".join(html.unescape(strip_tags(rendered_html or "")).split())
