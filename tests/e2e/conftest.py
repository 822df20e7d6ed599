"""Browser tests: Debian's headless Chromium driven by Playwright against the portal with the seed data.

The server runs once per session on the seeded test database (no flush between tests: the pages are
read, and the board flow adds its own rows). Chromium, axe-core, pa11y and vnu.jar come from
scripts/e2e-deps.sh; where they are missing the tests are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = ROOT / "node_modules" / "pa11y" / "package.json"
PA11Y_RUNNER = ROOT / "tests" / "e2e" / "pa11y.cjs"



def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "Chromium がありません（scripts/e2e-deps.sh を root で実行してください）"
    if not AXE.exists() or not VNU.exists() or not PA11Y.exists():
        return "axe-core / pa11y / vnu.jar がありません（scripts/e2e-deps.sh を実行してください）"
    return None


@pytest.fixture(scope="session")
def live_server(django_db_setup, django_db_blocker):
    """A live server over the seeded database, for the whole session.

    It replaces pytest-django's `live_server` (whose name also makes pytest-django create the test
    database) without its per-test flush, which would wipe the seed data the pages show."""
    if reason := _missing():
        pytest.skip(reason)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        live = LiveServer("127.0.0.1")
        yield live
        live.stop()


@pytest.fixture(autouse=True)
def _live_server_helper():
    """pytest-django's helper would turn every browser test into a flushing transactional test."""


@pytest.fixture
def server(live_server):
    return live_server


@pytest.fixture(scope="session")
def chrome():
    if reason := _missing():
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def tab(chrome):
    # bypass_csp: axe-core is injected as a script, which the portal's strict CSP would refuse.
    context = chrome.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def committed(django_db_blocker):
    """Database access for a browser test: rows are committed at once (the server thread must see
    them) and the test deletes what it created."""
    with django_db_blocker.unblock():
        yield


def login(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"login failed for {email}: {page.inner_text('main')[:300]}"


def open_menu(page) -> None:
    """On a phone the header's search and links are in the メニュー disclosure: open it, as a visitor does."""
    button = page.locator(".site-menu__button")
    if button.is_visible() and not page.locator(".site-menu").evaluate("d => d.open"):
        button.click()
