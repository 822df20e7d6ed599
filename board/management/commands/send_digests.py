"""Send the daily digests now (what the scheduler queues every day at BOARD_DIGEST_HOUR; for a
system cron instead of `run_scheduler`, or by hand). Each member gets everything queued since their
last digest, or nothing."""

from django.core.management.base import BaseCommand

from board.tasks import send_digests


class Command(BaseCommand):
    help = "1日1回まとめてメールを、いま送ります（前回のまとめ以降の分。お知らせのない人には送りません）。"

    def handle(self, *args, **options):
        sent = send_digests.call()
        self.stdout.write(f"まとめメールを{sent}通送りました。")
