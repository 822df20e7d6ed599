"""The site-information pages in Chromium: reached by the links a visitor sees, the contact form's three
steps (and its error state) checked like every page, and the accessibility command run against the
live portal, its published results page checked too."""

from __future__ import annotations

import json
import os
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from tests.e2e.conftest import AXE, VNU
from tests.e2e.test_pages import axe_violations, nu_errors

pytestmark = pytest.mark.e2e


def check_here(page, name: str, problems: dict, html_dir) -> None:
    """The checks of test_pages.check on the page the browser is on (reached by a click or a POST)."""
    html = page.content()
    if violations := axe_violations(page):
        problems.setdefault(name, []).append(("axe", violations))
    page.set_viewport_size({"width": 375, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 375:
        problems.setdefault(name, []).append(("phone", f"scrollWidth {width}px > 375px"))
    page.set_viewport_size({"width": 1280, "height": 900})
    (html_dir / f"{name}.html").write_text(html, encoding="utf-8")


def test_footer_and_agreements_page_lead_to_every_new_page(server, tab):
    tab.goto(server.url + "/")
    footer = {a.inner_text(): a.get_attribute("href") for a in tab.query_selector_all("footer .footer-links a")}
    for label in ("よくある質問", "お問い合わせ", "オープンデータ", "個人情報の取扱い", "アクセシビリティ試験結果"):
        tab.goto(server.url + "/")
        tab.click(f"footer .footer-links a:text-is('{label}')")
        assert tab.url.endswith(footer[label]), label
        assert tab.locator("h1").inner_text()
    tab.goto(server.url + "/agreements/")
    tab.click("table.federation-table tbody a:text-is('京都府市長会')")
    assert tab.locator("h1").inner_text() == "京都府市長会"
    tab.goto(server.url + "/opendata/")
    with tab.expect_download() as download:
        tab.click("a:text-is('イベント一覧をダウンロード（CSV）')")
    assert download.value.suggested_filename == "events.csv"


def test_contact_steps_are_accessible_valid_and_fit_a_phone(server, tab, committed, tmp_path):
    from portal.models import ContactMessage

    problems: dict = {}
    tab.goto(server.url + "/")
    tab.click("footer .footer-links a:text-is('お問い合わせ')")
    tab.click("button:text-is('入力内容を確認する')")  # nothing filled in: the error state
    assert tab.locator(".error-summary").is_visible()
    check_here(tab, "contact_errors", problems, tmp_path)
    tab.fill("#id_name", "ブラウザ 太郎")
    tab.fill("#id_organization", "試験町 企画課")
    tab.fill("#id_email", "e2e-contact@example.jp")
    tab.check("label:text-is('このサイトについて')")
    tab.fill("#id_message", "ブラウザテストからのお問い合わせです。")
    tab.click("button:text-is('入力内容を確認する')")
    assert "入力内容の確認" in tab.locator("h1").inner_text()
    check_here(tab, "contact_confirm", problems, tmp_path)
    tab.click("button:text-is('送信する')")
    assert "送信完了" in tab.locator("h1").inner_text()
    check_here(tab, "contact_done", problems, tmp_path)
    errors = nu_errors(tmp_path)
    ContactMessage.objects.filter(email="e2e-contact@example.jp").delete()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    assert not errors, "\n".join(errors)


def test_the_accessibility_command_records_a_run_whose_published_page_passes_the_checks(server, tab, committed, tmp_path):
    from portal.models import AccessibilityTestRun

    assert AXE.exists() and VNU.exists()
    # In a thread of its own: the command drives its own Playwright, which refuses to start inside the
    # event loop of the session's browser (the `chrome` fixture).
    failures: list[BaseException] = []

    def record() -> None:
        try:
            call_command("record_accessibility_results", base_url=server.url, path=["/", "/faq/", "/opendata/"],
                         stdout=open(os.devnull, "w"))
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            failures.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=record)
    worker.start()
    worker.join(timeout=300)
    assert not failures, failures
    run = AccessibilityTestRun.objects.latest("pk")
    try:
        assert [p.path for p in run.pages.all()] == ["/", "/faq/", "/opendata/"]
        assert all(p.passed for p in run.pages.all()), [(p.path, p.details) for p in run.pages.all()]
        assert set(run.tools) == {"axe-core", "Nu HTML Checker (vnu.jar)", "Chromium"}
        assert run.criteria.count() == 38 and not run.criteria.filter(result="fail").exists()
        assert not run.is_published
        run.is_published = True
        run.save()
        problems: dict = {}
        tab.goto(server.url + "/accessibility/")
        tab.click("main a:text-is('ウェブアクセシビリティ試験結果')")
        assert tab.locator("#criteria-heading").is_visible()
        check_here(tab, "accessibility_results", problems, tmp_path)
        errors = nu_errors(tmp_path)
        assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
        assert not errors, "\n".join(errors)
    finally:
        run.delete()
