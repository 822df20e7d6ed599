"""What the board contributes to public pages, so that the public apps need not import it.

    {% load board_outcomes %}{% board_outcomes_of_event event %}

on an event page shows 「掲示板の提案から実現した連携です」 for each published proposal the event was realised
from (board/outcomes.py says what is shown, and what never is).
"""

from django import template

from board import outcomes

register = template.Library()


@register.inclusion_tag("board/_public_outcome.html")
def board_outcomes_of_event(event):
    return {"outcomes": outcomes.public_outcomes_of_event(event=event)}
