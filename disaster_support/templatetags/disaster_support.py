"""Money as Japanese public bodies write it: 37億6,433万円, 10億円, 3,800万円."""

from django import template

register = template.Library()

OKU = 100_000_000
MAN = 10_000


def format_yen(amount: int | None) -> str:
    """Split an amount in yen into 億 and 万 with thousands separators; "" when unknown."""
    if amount is None or amount == "":
        return ""
    amount = int(amount)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    oku, rest = divmod(amount, OKU)
    man, yen = divmod(rest, MAN)
    parts = []
    if oku:
        parts.append(f"{oku:,}億")
    if man:
        parts.append(f"{man:,}万")
    if yen or not parts:
        parts.append(f"{yen:,}")
    return f"{sign}{''.join(parts)}円"


@register.filter
def yen(amount):
    """{{ fund.amount_yen|yen }} → 37億6,433万円."""
    try:
        return format_yen(amount)
    except (TypeError, ValueError):
        return ""
