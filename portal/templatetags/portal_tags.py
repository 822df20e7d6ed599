from django import template

from core import fragments
from portal.models import ContactPoint

register = template.Library()


@register.simple_tag
def contact_points():
    """The Secretariat's contact points, shown in every page's footer."""
    return list(ContactPoint.objects.all())


@register.simple_tag(takes_context=True)
def filter_form(context, form):
    """The list pages' filter form (templates/_partials/filter_form.html), from the row cache."""
    return fragments.render_form("_partials/filter_form.html", form, context["request"])


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        from django.utils.safestring import mark_safe

        # Rendered (and escaped) once; the blocks inside still take part in template inheritance.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 - already escaped
        return ""


@register.tag
def capture(parser, token):
    """{% capture name %}…{% endcapture %}: render the contents into a variable, so that a block
    (the page title) can be shown in several places (<title>, og:title)."""
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("capture takes one argument: the variable name") from None
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, name)


@register.filter
def text_blocks(text: str) -> list[dict]:
    """Paragraphs of Secretariat text: blank lines separate them, lines starting with "- " form a list."""
    blocks = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            blocks.append({"bullets": [line[2:].strip() for line in lines]})
        else:
            blocks.append({"text": "\n".join(lines)})
    return blocks
