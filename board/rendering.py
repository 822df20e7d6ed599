"""Markdown for board posts, rendered to HTML and sanitised with nh3 (Ammonia).

Only a small set of tags survives; links get rel="noopener noreferrer nofollow"; raw HTML typed by a user
is escaped by Markdown first and anything left is cleaned by nh3, so no script or event handler
attribute can reach a page.
"""

from __future__ import annotations

from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions import Extension

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a",
    "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


class RawHtmlAsText(Extension):
    """Raw HTML typed by a user is shown as typed, not interpreted: Markdown's HTML block and inline
    HTML parsers are switched off, so "<" is escaped once, like any text (also inside code, which an
    escape before Markdown would escape twice and show as "&lt;")."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


@dataclass(frozen=True)
class Rendered:
    html: str
    mentions: list  # board.mentions.Target, each organisation once


def render_body(text: str) -> Rendered:
    """A post's or reply's body: Markdown, with its @mentions linked (board/mentions.py), sanitised.
    Refuses more than the allowed number of mentioned organisations (ValidationError)."""
    from django.core.exceptions import ValidationError

    from board import mentions

    html, targets = mentions.link(_markdown(text))
    try:
        mentions.check_count(targets)
    except ValidationError as exc:
        raise ValidationError({"body": exc.error_list}) from None
    return Rendered(html=_clean(html), mentions=targets)


def render_markdown(text: str) -> str:
    """Sanitised HTML of `text` (no mentions)."""
    return _clean(_markdown(text))


def _markdown(text: str) -> str:
    # Headings shift down two levels: the page's h1 is the title and h2 the sections.
    html = markdown.markdown(
        text.replace("\r\n", "\n"),
        extensions=[RawHtmlAsText(), "fenced_code", "tables", "sane_lists", "nl2br"],
        output_format="html",
    )
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    return html


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"a": {"mention"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
