"""/news/: the seeds' topics and every issue of 全国連携NEWS (fixtures/news.yaml, portal/seed_news.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from core.seeding import read_yaml
from portal import seed_news
from portal.models import NewsItem, NewsletterIssue

pytestmark = pytest.mark.django_db


def main_of(client) -> BeautifulSoup:
    response = client.get(reverse("news"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def test_the_seeds_topics_are_loaded_with_their_dates():
    topics = {t.title: t for t in NewsItem.objects.all()}
    assert len(topics) == len(read_yaml("news.yaml")["topics"])
    opening = topics["特別区全国連携プロジェクトのホームページを開設しました"]
    assert (opening.published_on, opening.date_display) == (dt.date(2015, 6, 30), "平成27年（2015年）6月30日")
    assert topics["公式X（旧Twitter）の運用を開始しました"].date_display == "令和3年（2021年）1月"
    assert topics["全国連携プロジェクト会員登録数が390を突破しました"].date_display == "令和7年度（2025年度）"


def test_topics_are_listed_newest_first_with_a_valid_time_element(client):
    items = main_of(client).select(".news-list > li")
    titles = [li.h3.get_text() for li in items]
    assert titles[0] == "全国連携プロジェクト会員登録数が390を突破しました"
    assert titles[-1] == "特別区全国連携プロジェクトのホームページを開設しました"
    x_topic = next(li for li in items if li.h3.get_text() == "公式X（旧Twitter）の運用を開始しました")
    assert x_topic.time["datetime"] == "2021-01"
    assert items[0].time is None and items[0].select_one(".news-list__date").get_text() == "令和7年度（2025年度）"


def test_the_x_account_is_a_link(client):
    main = main_of(client)
    link = main.find("a", href="https://x.com/Zenkoku_Renkei")
    assert link is not None and "@Zenkoku_Renkei" in link.get_text()
    about = BeautifulSoup(client.get(reverse("about")).content, "html.parser")
    assert about.find("a", href="https://x.com/Zenkoku_Renkei") is not None


def test_every_issue_has_its_number_and_date_newest_first(client):
    items = main_of(client).select(".newsletter-list > li")
    heads = [(li.select_one(".badge").get_text() if li.select_one(".badge") else "",
              (li.time or li.select_one(".news-list__date")).get_text()) for li in items]
    assert heads[:3] == [
        ("", "令和7年度（2025年度）発行"),
        ("第11号", "令和7年（2025年）3月21日発行"),
        ("第8号", "令和5年（2023年）12月28日発行"),
    ]
    assert heads[-1] == ("創刊号", "平成31年（2019年）3月15日発行")
    assert len(items) == NewsletterIssue.objects.count() == 10


def test_an_issues_contents_are_its_own_not_a_timeline_line(client):
    third = NewsletterIssue.objects.get(number=3)
    assert third.summary == ""  # the timeline's next entry (Twitter運用開始) had been read into it
    eleventh = main_of(client).find(id=f"newsletter-{NewsletterIssue.objects.get(number=11).pk}")
    lines = [li.get_text() for li in eleventh.select(".newsletter-list__contents li")]
    assert lines[0].startswith("特別区全国連携プロジェクト10年のあゆみとこれから")
    assert len(lines) == 5


def test_the_pdf_the_secretariat_adds_in_the_admin_is_shown_with_its_size(client, secretariat_client):
    issue = NewsletterIssue.objects.get(number=11)
    url = reverse("admin:portal_newsletterissue_change", args=[issue.pk])
    form = BeautifulSoup(secretariat_client.get(url).content, "html.parser").find("form", id="newsletterissue_form")
    data = {f["name"]: f.get("value", "") for f in form.find_all("input") if f.get("name") and f.get("type") not in ("file", "submit", "checkbox")}
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True)
        data[select["name"]] = chosen["value"] if chosen else ""
    data["summary"] = form.find("textarea", attrs={"name": "summary"}).get_text().strip()
    data["pdf"] = SimpleUploadedFile("news11.pdf", b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024 + 200_000), content_type="application/pdf")
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = main_of(client).find(id=f"newsletter-{issue.pk}")
    assert item.find("a").get_text() == "第11号を読む（PDF（約3.2MB））"


def test_an_issue_accepts_only_a_pdf():
    issue = NewsletterIssue.objects.get(number=8)
    issue.pdf = SimpleUploadedFile("news8.exe", b"MZ")
    with pytest.raises(ValidationError, match="pdf"):
        issue.full_clean()


def test_an_earlier_loads_row_is_taken_over_not_doubled():
    issue = NewsletterIssue.objects.get(number=11)
    NewsletterIssue.objects.filter(pk=issue.pk).update(number=None, title="全国連携NEWS（令和7年3月21日発行）")
    call_command("load_seed", stdout=open("/dev/null", "w"))
    issue.refresh_from_db()
    assert (issue.number, issue.title) == (11, "東京23区全国連携NEWS")
    assert NewsletterIssue.objects.count() == 10


def test_the_issues_must_agree_with_the_timeline():
    rows = [{**row} for row in read_yaml("news.yaml")["newsletters"]]
    rows[6]["published_on"] = dt.date(2022, 9, 27)  # 第7号
    with pytest.raises(seed_news.SeedError, match="第7号の発行日が年表"):
        seed_news.load_newsletters(rows, seed_news.SeedReport())


def test_the_home_page_links_the_latest_news_to_their_entries(client):
    soup = BeautifulSoup(client.get(reverse("home")).content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "news-heading"})
    hrefs = [a["href"] for a in section.select("li a")]
    assert hrefs and all(h.startswith("/news/#news-") or h.startswith("/news/#newsletter-") for h in hrefs)
    assert section.select("li")[0].get_text().startswith("令和7年度（2025年度）")
