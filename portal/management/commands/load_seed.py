"""Load every fact of the seed documents (shared/seeds) into the database.

    python manage.py load_seed

Idempotent: run it again after editing fixtures/ and only the differences are written. The
fixtures record, next to the data, every correction made to the seeds (OCR variants, slipped
columns, numbers that disagree between documents) and why.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from core import caching
from core.seeding import SeedReport

# Order matters: later loaders refer to rows of the earlier ones.
LOADERS = [
    "municipalities.seed",
    "agreements.seed",
    "municipalities.seed_members",
    "municipalities.seed_relations",
    "portal.seed_about",
    "portal.seed_site",
    "events.seed",
    "portal.seed_history",
    "portal.seed_news",
    "disaster_support.seed",
]


class Command(BaseCommand):
    help = "シードデータ（自治体マスタ、協定、イベント、災害支援、年表など）を読み込みます。"

    def handle(self, *args, **options):
        report = SeedReport()
        with transaction.atomic():
            for dotted in LOADERS:
                try:
                    module = import_module(dotted)
                except ModuleNotFoundError as exc:
                    if exc.name != dotted:
                        raise
                    self.stderr.write(f"skipped {dotted}: not written yet")
                    continue
                module.load(report)
        # Bulk writes send no signals: drop cached pages and figures so nothing stale is served.
        caching.clear_all()
        for name, count in sorted(report.items()):
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS("シードデータを読み込みました。"))
