"""Delete stored files that no record points to (the daily task's work, by hand; --dry-run lists them)."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from core import file_cleanup


class Command(BaseCommand):
    help = "どのレコードからも参照されていない保存ファイル（猶予期間より古いもの）を削除します。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="削除せず、対象のファイルを表示するだけにします。")
        parser.add_argument(
            "--grace-hours", type=int, default=settings.MEDIA_ORPHAN_GRACE_HOURS,
            help=f"これより新しいファイルは残します（時間、既定 {settings.MEDIA_ORPHAN_GRACE_HOURS}）。",
        )

    def handle(self, *args, dry_run: bool, grace_hours: int, **options):
        scan = file_cleanup.remove_orphan_files(grace=dt.timedelta(hours=grace_hours), dry_run=dry_run)
        for name in scan.orphans:
            self.stdout.write(f"{'削除対象' if dry_run else '削除'}: {name}")
        if dry_run:
            summary = f"参照されていないファイル {len(scan.orphans)} 件（削除していません）"
        else:
            summary = f"参照されていないファイル {scan.removed} 件を削除しました（{scan.removed_bytes} バイト）"
        self.stdout.write(f"{summary}。猶予期間（{grace_hours} 時間）内のため残したファイル {scan.recent} 件。")
