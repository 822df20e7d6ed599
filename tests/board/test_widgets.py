"""FastSelect renders what Django's Select renders (less the template's whitespace)."""

from __future__ import annotations

import re

import pytest
from django import forms

from board.widgets import FastSelect

CHOICES = [("", "すべて"), ("a&b", "A<B>"), ("x", "X"), ("群", [("g1", "一"), ("g2", "二")])]


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("value", ["", "x", "g2", "none"])
def test_fast_select_markup_is_djangos(value):
    attrs = {"id": "id_f", "aria-invalid": "true", "required": True}
    expected = forms.Select(choices=CHOICES).render("f", value, attrs=attrs)
    rendered = FastSelect(choices=CHOICES).render("f", value, attrs=attrs)
    # The <select> tag's attributes in any order; the options and groups exactly.
    tag = re.compile(r"^<select ([^>]*)>")
    assert sorted(tag.match(rendered).group(1).split()) == sorted(tag.match(squeeze(expected)).group(1).split())
    assert tag.sub("", rendered) == tag.sub("", squeeze(expected))
    assert "A&lt;B&gt;" in rendered and 'value="a&amp;b"' in rendered


def test_fast_select_marks_the_selected_option():
    html = FastSelect(choices=CHOICES).render("f", "g2")
    assert '<option value="g2" selected>二</option>' in html
    assert '<optgroup label="群">' in html
