"""Federation.slug, the address of each federation's page (/agreements/<slug>/).

Existing rows get the slug the seed fixture gives them (fixtures/agreements.yaml); a federation
the fixture does not know gets federation-<pk> until the Secretariat names it in the admin.
"""

from django.db import migrations, models

SLUGS = {
    "北海道町村会": "hokkaido-chosonkai",
    "京都府市長会": "kyoto-shichokai",
    "京都府町村会": "kyoto-chosonkai",
    "青森県市長会": "aomori-shichokai",
    "青森県町村会": "aomori-chosonkai",
    "千葉県町村会": "chiba-chosonkai",
    "広島県町村会": "hiroshima-chosonkai",
    "奈良県町村会": "nara-chosonkai",
    "群馬県市長会": "gunma-shichokai",
    "群馬県町村会": "gunma-chosonkai",
    "埼玉県町村会": "saitama-chosonkai",
    "千葉県市長会": "chiba-shichokai",
    "山梨県町村会": "yamanashi-chosonkai",
}


def fill_slugs(apps, schema_editor):
    Federation = apps.get_model("agreements", "Federation")
    for federation in Federation.objects.all():
        federation.slug = SLUGS.get(federation.name, f"federation-{federation.pk}")
        federation.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="federation",
            name="slug",
            # No index yet: the AlterField below creates the unique index (and its LIKE index) once.
            field=models.SlugField(max_length=50, null=True, db_index=False, verbose_name="URL名"),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="federation",
            name="slug",
            field=models.SlugField(
                help_text="団体のページのURL（/agreements/〈URL名〉/）。半角英数字とハイフン",
                max_length=50, unique=True, verbose_name="URL名",
            ),
        ),
    ]
