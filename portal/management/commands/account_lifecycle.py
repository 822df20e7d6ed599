"""The accounts' daily job: yearly reconfirmation requests (from 1 April) and reminders, predecessors'
deactivation on their chosen date, expired invitations, and clearing personal data after the retention
period. Run once a day; running it again the same day sends nothing twice.

    python manage.py account_lifecycle
"""

from django.core.management.base import BaseCommand

from portal.services import account_lifecycle

LABELS = {
    "requested": "登録情報の確認の依頼",
    "reminded": "確認の再送",
    "deactivated": "交代の日に停止した前任者",
    "invitations_expired": "期限切れの招待",
    "purged": "個人情報を消去したアカウント",
}


class Command(BaseCommand):
    help = "会員の年度ごとの登録情報の確認、交代の日の停止、保存期間を過ぎた個人情報の消去を行います（1日1回）。"

    def handle(self, *args, **options):
        done = account_lifecycle()
        for key, label in LABELS.items():
            self.stdout.write(f"{label}: {done.get(key, 0)}")
