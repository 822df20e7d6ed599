"""Posts and replies with "<" in their text are rendered again: the old renderer escaped "<" before
Markdown, which escaped it a second time inside code, so code showed "&lt;" literally."""

from django.db import migrations


def rerender(apps, schema_editor):
    from board.rendering import render_markdown

    for name in ("Post", "Reply"):
        model = apps.get_model("board", name)
        changed = []
        for row in model.objects.filter(body__contains="<").only("pk", "body", "body_html").iterator(chunk_size=500):
            html = render_markdown(row.body)
            if html != row.body_html:
                row.body_html = html
                changed.append(row)
        model.objects.bulk_update(changed, ["body_html"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("board", "0006_post_search_bigrams")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
