"""The wareki template filter: a date kept on one line in HTML, the bare text in plain-text mail."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.template import Context, Template

DAY = dt.date(2016, 4, 26)


def test_in_html_the_date_is_one_unbreakable_span():
    html = Template("<p>{{ day|wareki }}</p>").render(Context({"day": DAY}))
    assert html == '<p><span class="wareki">平成28年（2016年）4月26日</span></p>'
    assert Template("{{ day|wareki }}").render(Context({"day": None})) == ""


def test_in_plain_text_mail_the_date_is_bare_text():
    text = Template("{% autoescape off %}{{ day|wareki }}に停止します。{% endautoescape %}").render(Context({"day": DAY}))
    assert text == "平成28年（2016年）4月26日に停止します。"


def test_every_plain_text_template_that_shows_a_date_turns_escaping_off():
    """Otherwise the mail would carry the HTML span (a .txt template renders with autoescape on)."""
    root = Path(settings.BASE_DIR) / "templates"
    using = [p for p in root.rglob("*.txt") if "|wareki" in p.read_text(encoding="utf-8")]
    assert using
    for path in using:
        assert "{% autoescape off %}" in path.read_text(encoding="utf-8"), path
