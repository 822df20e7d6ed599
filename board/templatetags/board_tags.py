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


@register.filter
def deadline_label(days_left) -> str:
    """「締切まであと3日」「本日締切」「締切済み」 from `Post.days_left`."""
    if days_left is None:
        return ""
    if days_left > 0:
        return f"締切まであと{days_left}日"
    return "本日締切" if days_left == 0 else "締切済み"


@register.filter
def deadline_class(days_left) -> str:
    if days_left is None:
        return ""
    if days_left < 0:
        return "deadline deadline--closed"
    return "deadline deadline--soon" if days_left <= 3 else "deadline"


@register.simple_tag
def ward_choices(field, suggestions) -> tuple[list, list]:
    """The ward checkboxes split into the suggested ones, each with its reasons (「交流のある区」),
    and the others, in the wards' order."""
    reasons = {s.ward.pk: s.reasons for s in suggestions}
    suggested, others = [], []
    for choice in field:
        code = str(choice.data["value"])
        if code in reasons:
            suggested.append((choice, reasons[code]))
        else:
            others.append(choice)
    return suggested, others


@register.simple_tag
def open_report_count() -> int:
    """Reports waiting for the Secretariat (the admin index and the staff header)."""
    from board.selectors import open_report_count as count

    return count()


@register.filter
def days_from_today(day) -> int | None:
    """Days from today (Asia/Tokyo) to a date, for `deadline_label` (a preview has no Post yet)."""
    if not day:
        return None
    return (day - timezone.localdate()).days
