"""Queue the daily tasks (settings.PERIODIC_TASKS) that have no run waiting; run at start-up."""

from django.core.management.base import BaseCommand

from core import scheduling


class Command(BaseCommand):
    help = "定期実行のタスク（settings.PERIODIC_TASKS）を、次回の実行待ちがなければ登録します。"

    def handle(self, *args, **options):
        queued = scheduling.schedule_periodic_tasks()
        for task_path, run_after in queued:
            self.stdout.write(f"登録: {task_path}（{run_after:%Y-%m-%d %H:%M}）")
        if not queued:
            self.stdout.write("登録が必要な定期タスクはありません。")
