"""/accessibility/results/: the published test run (試験結果), built from the browser checks' results."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from portal import accessibility
from portal.accessibility import CheckRun, PageCheck
from portal.models import AccessibilityTestRun

pytestmark = pytest.mark.django_db


def page_of(client) -> BeautifulSoup:
    response = client.get("/accessibility/results/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def sample_run(**overrides) -> CheckRun:
    pages = [
        PageCheck(path="/", title="ホーム", passed_tags={"wcag111", "wcag412", "wcag143"}),
        PageCheck(path="/faq/", title="よくある質問", passed_tags={"wcag111"},
                  violations=[{"id": "color-contrast", "impact": "serious", "tags": ["wcag2aa", "wcag143"], "nodes": []}],
                  html_errors=["Element “div” not allowed"], fits_phone=False),
    ]
    return CheckRun(base_url="http://127.0.0.1:8000", pages=pages,
                    tools={"axe-core": "4.11.0", "Nu HTML Checker (vnu.jar)": "24.10.17"}, **overrides)


def test_the_results_list_every_jis_criterion_of_levels_a_and_aa():
    assert len(accessibility.CRITERIA) == 38
    assert sum(1 for _n, _t, level in accessibility.CRITERIA if level == "AA") == 13
    assert accessibility.axe_tag("1.4.3") == "wcag143"


def test_criteria_get_fail_automatic_pass_or_untested_from_the_checks():
    results = {number: (result, method, note) for number, _t, _l, result, method, note
               in accessibility.criterion_results(sample_run().pages)}
    assert results["1.4.3"][0] == "fail" and "color-contrast" in results["1.4.3"][2]
    assert results["1.1.1"] == ("auto", "自動試験（axe-core）", "")
    assert results["4.1.1"][0] == "fail" and results["4.1.1"][1] == "自動試験（Nu HTML Checker）"
    assert results["3.3.4"][0] == "untested"


def test_a_recorded_run_is_unpublished_until_the_secretariat_publishes_it(client, secretariat_client):
    run = accessibility.accessibility_run_record(run=sample_run(), tested_on=dt.date(2026, 12, 1), page_selection="2ページ")
    assert run.pages.count() == 2 and run.criteria.count() == 38
    assert "公開している試験結果はまだありません" in page_of(client).get_text()
    response = secretariat_client.post("/admin/portal/accessibilitytestrun/", {"action": "publish", "_selected_action": [run.pk]})
    assert response.status_code == 302
    page = page_of(client)
    outline = page.find(id="outline-heading").parent.get_text()
    assert "JIS X 8341-3:2016" in outline and "適合レベルAA" in outline
    assert "axe-core（バージョン 4.11.0）" in outline
    assert "令和8年（2026年）12月1日" in outline
    rows = page.select("#pages-heading ~ .table-wrap tbody tr")
    assert [r.th.select_one(".url").get_text() for r in rows] == ["/", "/faq/"]
    assert rows[1].select("td")[-1].get_text(strip=True) == "問題あり"
    criteria = {tr.select("td")[0].get_text(): tr for tr in page.select("#criteria-heading ~ .table-wrap tbody tr")}
    assert len(criteria) == 38
    assert criteria["1.4.3"].select("td")[3].get_text().startswith("×")
    assert criteria["3.3.4"].select("td")[3].get_text() == "未確認"


def test_the_secretariat_records_a_manual_result_and_the_page_shows_it(client):
    run = accessibility.accessibility_run_record(run=sample_run(), tested_on=dt.date(2026, 12, 1), page_selection="")
    run.criteria.filter(number="3.3.4").update(result="na", method="目視")
    AccessibilityTestRun.objects.filter(pk=run.pk).update(is_published=True)
    row = next(tr for tr in page_of(client).select("#criteria-heading ~ .table-wrap tbody tr")
               if tr.td.get_text() == "3.3.4")
    assert [td.get_text() for td in row.select("td")[2:]] == ["非適用", "－", "目視"]


def test_members_may_not_record_or_publish_results(member_client):
    assert member_client.get("/admin/portal/accessibilitytestrun/").status_code == 403


def test_the_pages_to_test_are_the_first_of_each_sitemap_section():
    xml = """<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://x.jp/</loc></url><url><loc>https://x.jp/events/</loc></url>
    <url><loc>https://x.jp/events/1/</loc></url><url><loc>https://x.jp/events/2/</loc></url>
    <url><loc>https://x.jp/faq/</loc></url></urlset>"""
    assert accessibility.sitemap_paths(xml, per_section=2) == ["/", "/events/", "/events/1/", "/faq/"]


def test_the_policy_page_links_the_results(client):
    soup = BeautifulSoup(client.get("/accessibility/").content, "html.parser")
    assert soup.find("main").find("a", href="/accessibility/results/")


def test_results_page_has_a_fixed_query_budget(client, django_assert_max_num_queries):
    run = accessibility.accessibility_run_record(run=sample_run(), tested_on=dt.date(2026, 12, 1), page_selection="")
    AccessibilityTestRun.objects.filter(pk=run.pk).update(is_published=True)
    # The run, its pages, its criteria, and the frame's cached parts: the same for 2 pages or 200.
    with django_assert_max_num_queries(6):
        client.get("/accessibility/results/")
