"""Accessibility test runs (試験結果, 総務省「みんなの公共サイト運用ガイドライン」): run the browser checks
against a running portal and store the run, for the Secretariat to review and publish in the admin.

The checks are those of the browser tests (tests/e2e): axe-core (WCAG 2.x A/AA rules), the Nu HTML
Checker, and no horizontal scrolling at 375 px. Each success criterion of JIS X 8341-3:2016 (= WCAG 2.0)
levels A and AA gets a result: × where a check found a problem, ○ (automatic only) where axe-core's rules
for it passed on some page and failed on none, 未確認 where no automatic check covers it. The Secretariat
records manual results (○ / × / －) on the run's admin page before publishing it.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.conf import settings
from django.db import transaction

from portal.models import AccessibilityCriterionResult, AccessibilityPageResult, AccessibilityTestRun

# JIS X 8341-3:2016 success criteria, levels A and AA (the 38 of WCAG 2.0), in the standard's order.
CRITERIA: tuple[tuple[str, str, str], ...] = (
    ("1.1.1", "非テキストコンテンツ", "A"),
    ("1.2.1", "音声のみ及び映像のみ（収録済み）", "A"),
    ("1.2.2", "キャプション（収録済み）", "A"),
    ("1.2.3", "音声解説、又はメディアに対する代替（収録済み）", "A"),
    ("1.2.4", "キャプション（ライブ）", "AA"),
    ("1.2.5", "音声解説（収録済み）", "AA"),
    ("1.3.1", "情報及び関係性", "A"),
    ("1.3.2", "意味のある順序", "A"),
    ("1.3.3", "感覚的な特徴", "A"),
    ("1.4.1", "色の使用", "A"),
    ("1.4.2", "音声の制御", "A"),
    ("1.4.3", "コントラスト（最低限レベル）", "AA"),
    ("1.4.4", "テキストのサイズ変更", "AA"),
    ("1.4.5", "文字画像", "AA"),
    ("2.1.1", "キーボード", "A"),
    ("2.1.2", "キーボードトラップなし", "A"),
    ("2.2.1", "タイミング調整可能", "A"),
    ("2.2.2", "一時停止、停止及び非表示", "A"),
    ("2.3.1", "3回の閃光、又は閾値以下", "A"),
    ("2.4.1", "ブロックスキップ", "A"),
    ("2.4.2", "ページタイトル", "A"),
    ("2.4.3", "フォーカス順序", "A"),
    ("2.4.4", "リンクの目的（コンテキスト内）", "A"),
    ("2.4.5", "複数の手段", "AA"),
    ("2.4.6", "見出し及びラベル", "AA"),
    ("2.4.7", "フォーカスの可視化", "AA"),
    ("3.1.1", "ページの言語", "A"),
    ("3.1.2", "一部分の言語", "AA"),
    ("3.2.1", "フォーカス時", "A"),
    ("3.2.2", "入力時", "A"),
    ("3.2.3", "一貫したナビゲーション", "AA"),
    ("3.2.4", "一貫した識別性", "AA"),
    ("3.3.1", "エラーの特定", "A"),
    ("3.3.2", "ラベル又は説明", "A"),
    ("3.3.3", "エラー修正の提案", "AA"),
    ("3.3.4", "エラー回避（法的、金融及びデータ）", "AA"),
    ("4.1.1", "構文解析", "A"),
    ("4.1.2", "名前（name）、役割（role）及び値（value）", "A"),
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_WIDTH = 375


def axe_tag(number: str) -> str:
    """axe-core's tag of a success criterion: 1.4.3 → wcag143."""
    return "wcag" + number.replace(".", "")


@dataclass
class PageCheck:
    path: str
    title: str = ""
    violations: list[dict] = field(default_factory=list)  # {"id", "impact", "tags", "nodes"}
    passed_tags: set[str] = field(default_factory=set)
    html_errors: list[str] = field(default_factory=list)
    fits_phone: bool = True


@dataclass
class CheckRun:
    base_url: str
    pages: list[PageCheck]
    tools: dict[str, str]


def sitemap_paths(sitemap_xml: str, *, per_section: int) -> list[str]:
    """The pages to test: the first `per_section` URLs of each section (first path segment) of the sitemap."""
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths: list[str] = []
    taken: dict[str, int] = {}
    # The portal's own sitemap, fetched by the operator's command: not untrusted input.
    root = ElementTree.fromstring(sitemap_xml)  # noqa: S314
    for loc in root.iterfind("sm:url/sm:loc", namespace):
        path = urlsplit((loc.text or "").strip()).path or "/"
        section = path.strip("/").split("/", 1)[0]
        if taken.get(section, 0) < per_section and path not in paths:
            taken[section] = taken.get(section, 0) + 1
            paths.append(path)
    return paths


def _nu_errors(vnu: Path, html_dir: Path) -> dict[str, list[str]]:
    result = subprocess.run(  # noqa: S603 - fixed arguments: the checker and our own files
        ["java", "-jar", str(vnu), "--errors-only", "--format", "json", str(html_dir)],  # noqa: S607
        capture_output=True, text=True, timeout=600, check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors: dict[str, list[str]] = {}
    for message in messages:
        name = message.get("url", "").rsplit("/", 1)[-1]
        errors.setdefault(name, []).append(f"{message.get('message')} [{message.get('extract', '')[:80]}]")
    return errors


def _vnu_version(vnu: Path) -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["java", "-jar", str(vnu), "--version"], capture_output=True, text=True, timeout=120, check=False,  # noqa: S607
    )
    return (result.stdout or result.stderr).strip()


def run_checks(*, base_url: str, paths: list[str], chromium: str, axe: Path, vnu: Path) -> CheckRun:
    """Open every path in headless Chromium and run the checks (needs playwright, a dev dependency)."""
    from playwright.sync_api import sync_playwright

    base_url = base_url.rstrip("/")
    pages: list[PageCheck] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        html_dir = Path(tmp)
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        # bypass_csp: axe-core is injected as a script, which the portal's CSP refuses.
        context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900}, bypass_csp=True)
        tab = context.new_page()
        axe_version = ""
        for number, path in enumerate(paths):
            check = PageCheck(path=path)
            response = tab.goto(base_url + path)
            if response is None or response.status != 200:
                check.violations.append({"id": "http-status", "impact": "critical", "tags": [], "nodes": [],
                                         "status": response.status if response else None})
                pages.append(check)
                continue
            (html_dir / f"page{number:04d}.html").write_text(response.text(), encoding="utf-8")
            check.title = tab.title()
            tab.add_script_tag(path=str(axe))
            result = tab.evaluate(
                "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
                " return {version: axe.version, violations: r.violations.map(v => ({id: v.id, impact: v.impact,"
                " tags: v.tags, nodes: v.nodes.slice(0, 3).map(n => n.target)})), passes: r.passes.map(v => v.tags)}; }",
                AXE_TAGS,
            )
            axe_version = result["version"]
            check.violations = result["violations"]
            check.passed_tags = {tag for tags in result["passes"] for tag in tags}
            tab.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
            check.fits_phone = tab.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
            tab.set_viewport_size({"width": 1280, "height": 900})
            pages.append(check)
        chromium_version = browser.version
        browser.close()
        nu = _nu_errors(vnu, html_dir)
    for number, check in enumerate(pages):
        check.html_errors = nu.get(f"page{number:04d}.html", [])
    tools = {
        "axe-core": axe_version,
        "Nu HTML Checker (vnu.jar)": _vnu_version(vnu),
        "Chromium": chromium_version,
    }
    return CheckRun(base_url=base_url, pages=pages, tools=tools)


def criterion_results(pages: list[PageCheck]) -> list[tuple[str, str, str, str, str, str]]:
    """(number, title, level, result, method, note) for every criterion, from the pages' checks."""
    rows = []
    for number, title, level in CRITERIA:
        tag = axe_tag(number)
        failing = sorted({v["id"] for p in pages for v in p.violations if tag in v.get("tags", [])})
        if number == "4.1.1":
            bad = [p.path for p in pages if p.html_errors]
            if bad:
                rows.append((number, title, level, AccessibilityCriterionResult.Result.FAIL, "自動試験（Nu HTML Checker）",
                             f"HTMLの文法エラー：{len(bad)}ページ"))
            else:
                rows.append((number, title, level, AccessibilityCriterionResult.Result.AUTO_PASS,
                             "自動試験（Nu HTML Checker）", ""))
        elif failing:
            rows.append((number, title, level, AccessibilityCriterionResult.Result.FAIL, "自動試験（axe-core）",
                         "検出したルール：" + "、".join(failing)))
        elif any(tag in p.passed_tags for p in pages):
            rows.append((number, title, level, AccessibilityCriterionResult.Result.AUTO_PASS, "自動試験（axe-core）", ""))
        else:
            rows.append((number, title, level, AccessibilityCriterionResult.Result.NOT_TESTED, "", ""))
    return rows


@transaction.atomic
def accessibility_run_record(*, run: CheckRun, tested_on: dt.date, page_selection: str) -> AccessibilityTestRun:
    """Store a run of the checks, unpublished (the Secretariat reviews and publishes it in the admin)."""
    test_run = AccessibilityTestRun(
        tested_on=tested_on, base_url=run.base_url, page_selection=page_selection, tools=run.tools,
        summary="", is_published=False,
    )
    test_run.full_clean()
    test_run.save()
    for order, page in enumerate(run.pages):
        result = AccessibilityPageResult(
            run=test_run, path=page.path[:300], title=page.title[:300], axe_violations=len(page.violations),
            html_errors=len(page.html_errors), fits_phone=page.fits_phone, sort_order=order,
            details={"axe": page.violations, "html": page.html_errors[:20]},
        )
        result.full_clean()
        result.save()
    for order, (number, title, level, result, method, note) in enumerate(criterion_results(run.pages)):
        AccessibilityCriterionResult.objects.create(
            run=test_run, number=number, title=title, level=level, result=result, method=method, note=note[:300],
            sort_order=order,
        )
    return test_run


def default_tools() -> dict[str, Path | str]:
    """Where the browser tests' tools are installed (scripts/e2e-deps.sh)."""
    root = Path(settings.BASE_DIR)
    return {
        "chromium": "/usr/bin/chromium",
        "axe": root / "node_modules" / "axe-core" / "axe.min.js",
        "vnu": root / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar",
    }
