from django.db import migrations

# The five uses of the board named in the seeds' 活用事例 (全国連携NEWS).
CATEGORIES = [
    ("proposal", "新たな連携・交流事業の提案", "東京23区等に対し、新たな連携・交流事業を提案したいとき", True),
    ("participation", "イベント・事業への参加募集", "東京23区等が実施しているイベントや事業に参加したいとき／参加を募りたいとき", True),
    ("notice", "施策・事業の周知", "自治体の施策や事業を広く周知したいとき", False),
    ("pamphlet", "パンフレット配布依頼", "自治体のパンフレットを東京23区等で配布したいとき", False),
    ("pr", "広報誌・広報動画のPR", "自治体の広報誌や広報動画をPRしたいとき", False),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("board", "Category")
    for order, (slug, name, description, workflow) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "has_workflow": workflow, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("board", "0001_initial")]
    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
