"""Demo accounts for `make run` (never for production): one per role, listed in the README."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.roles import SECRETARIAT_GROUP
from portal.models import User

DEMO_PASSWORD = "demo-2026-portal"  # noqa: S105 - published demo credential, development only
DEMO_ACCOUNTS = [
    # email, full name, municipality code, department, staff
    ("secretariat@example.jp", "事務局 太郎", None, "特別区長会事務局 調査第1課", True),
    ("sakai@example.jp", "坂井 花子", "182109", "総合政策部 企画政策課", False),
    ("shinagawa@example.jp", "品川 一郎", "131091", "企画経営部 企画調整課", False),
]


class Command(BaseCommand):
    help = "デモ用アカウント（事務局・坂井市の会員・品川区の連絡担当者）を作成します。開発環境専用です。"

    def handle(self, *args, **options):
        from django.conf import settings

        if not settings.DEBUG and not options.get("force"):
            raise CommandError("デモ用アカウントは DEBUG が有効な開発環境でのみ作成できます。")
        with transaction.atomic():
            secretariat = Group.objects.get(name=SECRETARIAT_GROUP)
            for email, name, code, department, staff in DEMO_ACCOUNTS:
                user, _ = User.objects.update_or_create(
                    email=email,
                    defaults={
                        "full_name": name,
                        "municipality_id": code,
                        "department": department,
                        "phone": "03-0000-0000",
                        "is_staff": staff,
                        "approval_status": User.Approval.APPROVED,
                        "approval_decided_at": timezone.now(),
                    },
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
                if staff:
                    user.groups.add(secretariat)
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                self.stdout.write(f"{email} / {DEMO_PASSWORD}")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="DEBUG が無効でも作成する（テスト用）")
