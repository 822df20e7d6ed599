"""Run the browser accessibility checks against a running portal and store the results (unpublished).

    python manage.py record_accessibility_results --base-url http://127.0.0.1:8000 [--per-section 3] [--path /faq/ …]

The pages are taken from the portal's /sitemap.xml (the first N of each section) unless --path is given.
The Secretariat reviews the run in the admin (アクセシビリティ試験), records manual results, and publishes it
on /accessibility/results/. Needs Chromium, axe-core and vnu.jar (scripts/e2e-deps.sh) and playwright.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal import accessibility


class Command(BaseCommand):
    help = "稼働中のポータルでアクセシビリティの自動試験を行い、結果を記録します（公開は管理画面で行います）。"

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True, help="試験するポータルのURL（例：http://127.0.0.1:8000）")
        parser.add_argument("--per-section", type=int, default=3, help="サイトマップの区分ごとに試験するページ数")
        parser.add_argument("--path", action="append", default=[], help="試験するページのパス（複数指定可）")

    def handle(self, *args, base_url: str, per_section: int, path: list[str], **options):
        tools = accessibility.default_tools()
        for name in ("axe", "vnu", "chromium"):
            if not Path(tools[name]).exists():
                raise CommandError(f"{tools[name]} がありません（scripts/e2e-deps.sh を実行してください）。")
        base_url = base_url.rstrip("/")
        if path:
            paths, selection = path, "指定したページ：" + "、".join(path)
        else:
            try:
                with urllib.request.urlopen(f"{base_url}/sitemap.xml", timeout=30) as response:  # noqa: S310 - our own portal
                    sitemap = response.read().decode("utf-8")
            except OSError as exc:
                raise CommandError(f"{base_url}/sitemap.xml を読めません：{exc}") from exc
            paths = accessibility.sitemap_paths(sitemap, per_section=per_section)
            selection = (
                f"サイトマップ（/sitemap.xml）に掲載したページを区分（URLの最初の階層）ごとに分け、"
                f"各区分の先頭から{per_section}ページまでを選びました（{len(paths)}ページ）。"
            )
        run = accessibility.run_checks(
            base_url=base_url, paths=paths, chromium=str(tools["chromium"]), axe=Path(tools["axe"]), vnu=Path(tools["vnu"])
        )
        test_run = accessibility.accessibility_run_record(
            run=run, tested_on=timezone.localdate(), page_selection=selection
        )
        failed = sum(1 for page in test_run.pages.all() if not page.passed)
        self.stdout.write(f"{len(paths)}ページを試験しました（問題のあったページ：{failed}）。試験 #{test_run.pk} を記録しました（未公開）。")
