"""The portal's own public pages: /about/, /about/history/, /about/outcomes/, /news/, /accessibility/."""

import datetime as dt
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from core import wareki
from events.models import Event
from portal import views as portal_views
from portal.models import (
    AboutSection,
    ContactPoint,
    DirectionActivity,
    DirectionItem,
    DirectionPlan,
    Goal,
    NetworkStatistic,
    NewsItem,
    NewsletterIssue,
    TimelineEntry,
)

pytestmark = pytest.mark.django_db

PAGES = ["/about/", "/about/history/", "/about/outcomes/", "/news/", "/accessibility/"]


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def main_of(client, path: str) -> BeautifulSoup:
    return soup_of(client.get(path)).find("main")


def text_of(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


# --- Structure shared by every page ------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_page_has_one_h1_and_no_skipped_heading_levels(client, path):
    soup = soup_of(client.get(path))
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels.count(1) == 1
    main_levels = [int(h.name[1]) for h in soup.find("main").find_all(["h1", "h2", "h3", "h4"])]
    assert main_levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(main_levels, main_levels[1:], strict=False))


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_duplicate_ids_and_labelled_tables(client, path):
    soup = soup_of(client.get(path))
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []
    for table in soup.find_all("table"):
        assert table.find("caption") is not None
        assert all(th.has_attr("scope") for th in table.find_all("th"))
    assert soup.find(style=True) is None
    assert all(script.get("src") for script in soup.find_all("script"))


@pytest.mark.parametrize("path", PAGES)
def test_page_links_the_pages_stylesheet_and_a_breadcrumb(client, path):
    soup = soup_of(client.get(path))
    assert soup.find("link", href=lambda h: h and h.endswith("css/pages.css"))
    crumbs = soup.select("ol.breadcrumbs li")
    assert crumbs[-1].find(attrs={"aria-current": "page"}) is not None


# --- /about/ ----------------------------------------------------------------------------------


def test_about_renders_every_section_in_sort_order(client):
    AboutSection.objects.create(slug="zz-test-last", title="試験用の最後の項目", body="本文です。", sort_order=9999)
    main = main_of(client, "/about/")
    expected = list(AboutSection.objects.order_by("sort_order", "pk").values_list("slug", flat=True))
    shown = [s["id"] for s in main.select("section.about-section")]
    assert shown == expected
    assert text_of(main.find(id="zz-test-last")).endswith("本文です。")


def test_about_places_goals_figures_and_direction_beside_the_text_about_them(client):
    for slug, order in [("development-and-goals", 40), ("network-status", 60), ("new-wide-area-projects", 100)]:
        AboutSection.objects.get_or_create(slug=slug, defaults={"title": slug, "body": "本文", "sort_order": order})
    if not Goal.objects.exists():
        Goal.objects.create(number=1, text="目標一")
    _test_plan()
    NetworkStatistic.objects.get_or_create(metric=NetworkStatistic.Metric.TOTAL, as_of=dt.date(2030, 8, 1), defaults={"value": 1})
    NetworkStatistic.objects.get_or_create(metric=NetworkStatistic.Metric.MEMBERS, as_of=dt.date(2030, 8, 1), defaults={"value": 1})
    order = [s["id"] for s in main_of(client, "/about/").find_all("section", id=True)]
    assert order[order.index("development-and-goals") + 1] == "goals"
    assert order[order.index("network-status") + 1] == "statistics"
    assert order[order.index("new-wide-area-projects") - 1] == "direction"


def test_about_shows_the_goals_as_an_ordered_list(client):
    if not Goal.objects.exists():
        for number, text in enumerate(["目標一", "目標二", "目標三"], start=1):
            Goal.objects.create(number=number, text=text)
    main = main_of(client, "/about/")
    items = [li.get_text(strip=True) for li in main.select("#goals ol li")]
    assert items == list(Goal.objects.order_by("number").values_list("text", flat=True))
    assert main.find(id="goals-heading").get_text(strip=True) == f"{Goal.objects.count()}つの目標"


def test_about_shows_a_signed_section_with_its_date_and_signature(client):
    AboutSection.objects.update_or_create(
        slug="shuisho",
        defaults={"title": "趣意書", "body": "第一段落。\n\n第二段落。", "dated": dt.date(2014, 9, 16),
                  "signed_by": "特別区長会", "sort_order": 50},
    )
    letter = main_of(client, "/about/").find(id="shuisho")
    assert "letter" in letter["class"]
    signature = letter.select_one(".letter__signature")
    assert signature.time["datetime"] == "2014-09-16"
    assert signature.time.get_text() == "平成26年（2014年）9月16日"
    assert signature.select_one(".letter__signer").get_text() == "特別区長会"
    assert len(letter.select(".letter__body p")) >= 2


def _test_plan() -> DirectionPlan:
    plan = DirectionPlan.objects.filter(first_fiscal_year=2023, last_fiscal_year=2026).first()
    if plan is None:
        plan = DirectionPlan.objects.create(title="方向性（令和5年度～令和8年度）", first_fiscal_year=2023, last_fiscal_year=2026)
    return plan


def test_about_direction_table_has_fiscal_year_columns_and_spanning_cells(client):
    plan = _test_plan()
    item = DirectionItem.objects.create(plan=plan, number=99, title="試験用の項目")
    DirectionActivity.objects.create(item=item, from_fiscal_year=2023, to_fiscal_year=2023, text="検討")
    DirectionActivity.objects.create(item=item, from_fiscal_year=2024, to_fiscal_year=2026, text="準備\n実施")
    table = main_of(client, "/about/").select_one("#direction table")
    headers = [text_of(th) for th in table.select("thead th")][1:]
    assert headers == ["（令和5年度） 2023", "（令和6年度） 2024", "（令和7年度） 2025", "（令和8年度） 2026"]
    row = next(tr for tr in table.select("tbody tr") if "試験用の項目" in tr.th.get_text())
    cells = row.find_all("td")
    assert [int(td.get("colspan", 1)) for td in cells] == [1, 3]
    assert [li.get_text() for li in cells[1].select("li")] == ["準備", "実施"]
    # Every row fills exactly the plan's four years.
    for tr in table.select("tbody tr"):
        assert sum(int(td.get("colspan", 1)) for td in tr.find_all("td")) == 4


def test_about_direction_row_with_a_gap_gets_an_empty_cell(client):
    plan = _test_plan()
    item = DirectionItem.objects.create(plan=plan, number=98, title="途中から始まる項目")
    DirectionActivity.objects.create(item=item, from_fiscal_year=2025, to_fiscal_year=2026, text="実施")
    table = main_of(client, "/about/").select_one("#direction table")
    row = next(tr for tr in table.select("tbody tr") if "途中から始まる項目" in tr.th.get_text())
    assert [(int(td.get("colspan", 1)), td.get_text(strip=True)) for td in row.find_all("td")] == [(2, ""), (2, "実施")]


def test_about_statistics_table_has_metric_rows_and_wareki_date_columns(client):
    NetworkStatistic.objects.update_or_create(
        metric=NetworkStatistic.Metric.TOTAL, as_of=dt.date(2030, 8, 1), defaults={"value": 12345}
    )
    NetworkStatistic.objects.update_or_create(
        metric=NetworkStatistic.Metric.MEMBERS, as_of=dt.date(2030, 8, 1), defaults={"value": 999, "note": "試験用の注記"}
    )
    table = main_of(client, "/about/").select_one("#statistics table")
    headers = list(table.select("thead th"))
    last_date = headers[-2]  # the last column is the change first → last
    assert last_date.get_text(" ", strip=True).startswith("令和12年度")
    assert "令和12年（2030年）8月1日現在" in last_date.get_text()
    rows = {tr.th.get_text(strip=True).split("※")[0]: tr for tr in table.select("tbody tr")}
    total = rows[NetworkStatistic.Metric.TOTAL.label].find_all("td")
    assert total[-2].get_text(strip=True) == "12,345"
    members_cell = rows[NetworkStatistic.Metric.MEMBERS.label].find_all("td")[-2]
    note_id = members_cell.find("a")["href"].lstrip("#")
    assert "試験用の注記" in table.find_parent("section").find(id=note_id).get_text()


def test_about_statistics_columns_are_the_dates_counted_for_several_metrics(client):
    NetworkStatistic.objects.create(metric=NetworkStatistic.Metric.MEMBERS, as_of=dt.date(2031, 6, 7), value=5)
    table = main_of(client, "/about/").select_one("#statistics table")
    survey_dates = [
        d for d, n in Counter(NetworkStatistic.objects.values_list("as_of", flat=True)).items() if n >= 2
    ]
    assert len(table.select("thead th")) == 1 + len(survey_dates) + 1
    assert "2031" not in table.thead.get_text()


def test_about_shows_contact_points_in_the_page_not_twice(client):
    ContactPoint.objects.get_or_create(topic="試験用のお問い合わせ", defaults={"organization": "試験課", "phone": "03-0000-0000"})
    soup = soup_of(client.get("/about/"))
    contacts = soup.find("main").find(id="contacts")
    assert "試験課" in contacts.get_text()
    assert soup.find(id="footer-contacts-heading") is None


def test_about_query_count_is_fixed(client, django_assert_max_num_queries):
    plan = _test_plan()
    for n in range(60):
        item = DirectionItem.objects.create(plan=plan, number=200 + n, title=f"項目{n}")
        DirectionActivity.objects.create(item=item, from_fiscal_year=2023, to_fiscal_year=2026, text="内容")
        AboutSection.objects.create(slug=f"extra-{n}", title=f"項目{n}", body="本文", sort_order=1000 + n)
    # Sections, goals, plan + items + activities, statistics, contact points; the request's transaction.
    with django_assert_max_num_queries(9):
        client.get("/about/")


# --- /about/history/ ------------------------------------------------------------------------------


def test_history_groups_entries_by_year_with_wareki_headings(client):
    event = Event.objects.create(title="試験用の講演会", kind=Event.Kind.LECTURE, start_date=dt.date(2015, 11, 18))
    TimelineEntry.objects.create(date=dt.date(2015, 11, 18), title="講演会を開催", body="一行目\n二行目", event=event)
    TimelineEntry.objects.create(date=dt.date(2019, 4, 1), date_precision=wareki.MONTH, title="平成最後の展示")
    TimelineEntry.objects.create(date=dt.date(2019, 10, 26), title="令和最初の協定")
    main = main_of(client, "/about/history/")
    headings = {h["id"]: h.get_text(strip=True) for h in main.select("section.timeline-year > h2")}
    assert headings["y2015"] == "平成27年（2015年）"
    assert headings["y2019"] == "平成31年・令和元年（2019年）"
    years = sorted({d.year for d in TimelineEntry.objects.values_list("date", flat=True)})
    assert [int(i[1:]) for i in headings] == years

    entry = main.find("h3", string="講演会を開催").find_parent("li")
    assert entry.time.get_text() == "11月18日"
    assert entry.time["datetime"] == "2015-11-18"
    assert [p.get_text(" ", strip=True) for p in entry.select(".timeline__body p")] == ["一行目 二行目"]
    assert entry.select_one(".timeline__link a")["href"] == f"/events/{event.pk}/"
    month_only = main.find("h3", string="平成最後の展示").find_parent("li")
    assert month_only.time.get_text() == "4月"
    assert month_only.time["datetime"] == "2019-04"


def test_history_shows_a_period_within_the_year(client):
    TimelineEntry.objects.create(date=dt.date(2016, 4, 14), end_date=dt.date(2016, 4, 16), title="三日間の催し")
    entry = main_of(client, "/about/history/").find("h3", string="三日間の催し").find_parent("li")
    assert entry.time.get_text() == "4月14日〜16日"


def test_history_year_links_point_at_the_year_headings(client):
    TimelineEntry.objects.create(date=dt.date(2014, 9, 16), title="趣意書を発表")
    main = main_of(client, "/about/history/")
    targets = [a["href"].lstrip("#") for a in main.select(".year-nav a")]
    assert targets and all(main.find(id=t) is not None for t in targets)


def test_history_query_count_does_not_grow_with_entries(client, django_assert_max_num_queries):
    events = [Event.objects.create(title=f"催し{n}", kind=Event.Kind.EXHIBITION, start_date=dt.date(2020, 1, 1)) for n in range(5)]
    for n in range(120):
        TimelineEntry.objects.create(date=dt.date(2014 + n % 12, 1 + n % 12, 1), title=f"経過{n}", event=events[n % 5])
    # Entries with their events (one join), footer contacts; the request's transaction.
    with django_assert_max_num_queries(4):
        response = client.get("/about/history/")
    assert len(soup_of(response).select("li.timeline__entry")) == TimelineEntry.objects.count()


# --- /news/ -----------------------------------------------------------------------------------


def test_news_lists_topics_newest_first_with_wareki_dates(client):
    NewsItem.objects.create(title="古いお知らせ", published_on=dt.date(2025, 4, 1), body="本文")
    NewsItem.objects.create(title="新しいお知らせ", published_on=dt.date(2099, 8, 12), body="本文", link_url="https://example.jp/")
    NewsItem.objects.create(title="非公開のお知らせ", published_on=dt.date(2099, 8, 13), body="本文", is_published=False)
    main = main_of(client, "/news/")
    titles = [h.get_text() for h in main.select(".news-list h3")]
    assert titles[0] == "新しいお知らせ"
    assert "非公開のお知らせ" not in titles
    first = main.select_one(".news-list li")
    assert first.time.get_text() == "令和81年（2099年）8月12日"
    assert first.find("a", href="https://example.jp/") is not None


def test_news_lists_newsletters_with_number_date_and_pdf_size(client):
    pdf = SimpleUploadedFile("news11.pdf", b"%PDF-1.4\n" + b"0" * 3000, content_type="application/pdf")
    issue = NewsletterIssue.objects.create(
        number=911, title="東京23区 全国連携NEWS", published_on=dt.date(2025, 3, 21), summary="講演会の報告", pdf=pdf
    )
    NewsletterIssue.objects.create(number=1, title="創刊の号") if not NewsletterIssue.objects.filter(number=1).exists() else None
    main = main_of(client, "/news/")
    item = main.find(id=f"newsletter-{issue.pk}")
    assert item.select_one(".badge").get_text() == "第911号"
    assert item.time.get_text() == "令和7年（2025年）3月21日発行"
    link = item.find("a", href=issue.pdf.url)
    assert link.get_text().endswith("（PDF（約3KB））")
    first_issue = main.find(id=f"newsletter-{NewsletterIssue.objects.get(number=1).pk}")
    assert first_issue.select_one(".badge").get_text() == "創刊号"


@pytest.mark.parametrize("page", ["abc", "9999", "-1"])
def test_news_bad_page_numbers_show_a_page_instead_of_an_error(client, page):
    assert client.get(f"/news/?page={page}").status_code == 200


def test_news_pages_topics_with_a_fixed_query_count(client, django_assert_max_num_queries):
    for n in range(60):
        NewsItem.objects.create(title=f"お知らせ{n}", published_on=dt.date(2090, 1, 1) + dt.timedelta(days=n), body="本文")
        NewsletterIssue.objects.create(number=1000 + n, title=f"号{n}", published_on=dt.date(2090, 1, 1))
    # Count + page of topics, newsletters, footer contacts; the request's transaction.
    with django_assert_max_num_queries(6):
        response = client.get("/news/")
    main = soup_of(response).find("main")
    assert len(main.select(".news-list > li")) == 20
    assert main.select_one(".pagination") is not None


# --- /accessibility/ ------------------------------------------------------------------------------


def test_accessibility_policy_has_the_items_the_guideline_asks_for(client):
    main = main_of(client, "/accessibility/")
    headings = [h.get_text(strip=True) for h in main.find_all("h2")]
    for expected in ["対象範囲", "目標とする適合レベル及び対応度", "例外事項", "試験の方法と時期", "策定日・更新日"]:
        assert expected in headings
    text = text_of(main)
    assert "JIS X 8341-3:2016" in text
    assert "適合レベルAAに準拠" in text
    assert "http://testserver/" in text


def test_accessibility_policy_dates_come_from_the_view(client):
    main = main_of(client, "/accessibility/")
    established = wareki.format_date(portal_views.ACCESSIBILITY_POLICY_ESTABLISHED, portal_views.ACCESSIBILITY_POLICY_DATE_PRECISION)
    assert established == "令和8年（2026年）11月"
    times = main.select("#dates-heading ~ dl time")
    assert times[0].get_text() == established
    assert times[0]["datetime"] == "2026-11"


def test_anchors_of_large_primary_keys_have_no_thousands_separators(client):
    TimelineEntry.objects.create(pk=123456, date=dt.date(2015, 5, 1), title="大きな番号の経過")
    NewsItem.objects.create(pk=234567, title="大きな番号のお知らせ", published_on=dt.date(2099, 1, 1), body="本文")
    assert main_of(client, "/about/history/").find(id="entry-123456") is not None
    assert main_of(client, "/news/").find(id="news-234567") is not None
