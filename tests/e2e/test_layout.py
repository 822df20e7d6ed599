"""Layout on a 375 px phone and a 1280 px desktop, reached the way a visitor does (through the menu):
the compact header and its menu (opened and closed by keyboard), tables that show their key columns
on a phone, dates that never break inside, and home cards that use the desktop width."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def phone(chrome):
    context = chrome.new_context(locale="ja-JP", viewport=PHONE)
    yield context.new_page()
    context.close()


def box(locator) -> dict:
    result = locator.bounding_box()
    assert result is not None, f"{locator} is not rendered"
    return result


def tab_to(page, selector: str, limit: int = 10) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus by Tab")


def open_menu_and_follow(page, label: str) -> None:
    page.locator(".site-menu__button").click()
    page.locator(".site-nav").get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state()


def test_phone_header_leaves_the_heading_in_the_first_screen_and_the_menu_works_by_keyboard(server, phone):
    phone.goto(server.url + "/")
    menu = phone.locator(".site-menu")
    nav_link = phone.locator(".site-nav a").first
    assert not nav_link.is_visible() and not phone.locator("#site-search-q").is_visible()
    assert box(phone.locator(".site-header"))["height"] < 120

    tab_to(phone, ".site-menu__button")
    phone.keyboard.press("Enter")
    assert menu.evaluate("d => d.open") and nav_link.is_visible()
    tab_to(phone, "#site-search-q")  # the next stop is inside the opened menu
    phone.keyboard.press("Shift+Tab")
    assert phone.evaluate("document.activeElement.matches('.site-menu__button')")
    phone.keyboard.press("Space")
    assert not menu.evaluate("d => d.open") and not nav_link.is_visible()

    # Through the menu to the directory and the wards: each page's heading is in the first screen.
    for label in ["連携自治体", "東京23区", "連携協定", "被災自治体への支援", "お知らせ"]:
        open_menu_and_follow(phone, label)
        heading = box(phone.locator("main h1"))
        assert heading["y"] + heading["height"] < PHONE["height"] / 3, f"{label}: h1 at {heading['y']} px"
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], label


def test_desktop_shows_the_menu_without_a_button(server, tab):
    tab.goto(server.url + "/")
    assert not tab.locator(".site-menu__button").is_visible()
    links = tab.locator(".site-nav a")
    assert links.count() == 8 and all(links.nth(i).is_visible() for i in range(8))
    assert tab.locator("#site-search-q").is_visible()
    # One row of menu items under the logo and the search.
    assert len({round(box(links.nth(i))["y"]) for i in range(8)}) == 1


def test_directory_cards_show_the_wards_on_a_phone(server, phone, committed):
    from municipalities.models import ExchangeRelation, Municipality

    sakai = Municipality.objects.get(name="坂井市")
    relation, created = ExchangeRelation.objects.get_or_create(
        ward_id="131091", municipality=sakai, kind=ExchangeRelation.Kind.EXCHANGE
    )
    try:
        phone.goto(server.url + "/")
        open_menu_and_follow(phone, "連携自治体")
        phone.get_by_label("名称・よみ").fill("坂井")
        phone.get_by_role("button", name="絞り込む").click()
        phone.wait_for_load_state()
        row = phone.locator("table.directory-table tbody tr").filter(has=phone.get_by_role("link", name="坂井市"))
        wards = row.locator("td[data-label=交流する区]")
        assert wards.get_by_role("link", name="品川区").is_visible()
        cell = box(wards)
        assert cell["x"] >= 0 and cell["x"] + cell["width"] <= PHONE["width"]
    finally:
        if created:
            relation.delete()


def test_noto_aid_tables_fit_a_phone(server, phone):
    phone.goto(server.url + "/")
    open_menu_and_follow(phone, "被災自治体への支援")
    phone.get_by_role("link", name="令和6年能登半島地震").first.click()
    phone.wait_for_load_state()
    assert phone.locator("main h1").inner_text() == "令和6年能登半島地震"
    recipients = phone.locator("table.funds-table td[data-label=拠出先]")
    assert recipients.count() > 1
    for i in range(recipients.count()):
        # 「石川県」 on one line (the column was one character wide: 石／川／県): one line box for the text.
        lines = recipients.nth(i).evaluate(
            "td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length }"
        )
        assert lines == 1, recipients.nth(i).inner_text()
    counts = phone.locator("table.dispatch-table td.num")
    assert counts.count() > 2
    for i in range(counts.count()):
        cell = box(counts.nth(i))
        assert 0 <= cell["x"] and cell["x"] + cell["width"] <= PHONE["width"], counts.nth(i).inner_text()


@pytest.mark.parametrize("label", ["連携協定", "プロジェクトについて"])  # agreements; the statistics table
def test_dates_never_break_inside_on_a_phone(server, phone, label):
    phone.goto(server.url + "/")
    open_menu_and_follow(phone, label)
    dates = phone.locator("main .wareki")
    assert dates.count() > 10
    for i in range(dates.count()):
        # An inline element has one client rectangle per line it occupies.
        assert dates.nth(i).evaluate("e => e.getClientRects().length") == 1, dates.nth(i).inner_text()


def test_home_cards_share_the_desktop_width(server, tab):
    tab.goto(server.url + "/")
    main = box(tab.locator("main"))
    cards = tab.locator("main .cards > .card")
    assert cards.count() == 2
    first, second = box(cards.nth(0)), box(cards.nth(1))
    assert first["y"] == second["y"]  # side by side
    used = second["x"] + second["width"] - first["x"]
    assert used > 0.9 * (main["width"] - 32), f"cards use {used} of {main['width']} px"
