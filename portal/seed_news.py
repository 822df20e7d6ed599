"""/news/: the topics and the issues of 全国連携NEWS (fixtures/news.yaml).

Topics are keyed on their title, issues on their number (an issue without a printed number on its date, or
on the title an earlier load gave it: `replaces`). The issues' PDFs are the Secretariat's, added in the admin:
a reload never touches them. The timeline's 「全国連携ニュース第N号の発行」 lines must agree with the list.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from core import wareki
from core.seeding import SeedReport, parse_date, precision_of, read_yaml
from core.text import japanese_punctuation
from portal.models import NewsItem, NewsletterIssue

NEWSLETTER_TITLE = "東京23区全国連携NEWS"
PUBLISHER = "特別区長会・公益財団法人特別区協議会"
TIMELINE_NEWSLETTER = re.compile(r"全国連携ニュース\s*(創刊号|第\s*(\d+)\s*号)の発行")


class SeedError(Exception):
    """news.yaml disagrees with the timeline, or names an issue twice."""


def date_of(value: Any) -> tuple[dt.date, str]:
    """2015-06-30 (day), "2016-06" (month), {fiscal: 2025} (令和7年度)."""
    if isinstance(value, dict):
        return wareki.fiscal_year_bounds(int(value["fiscal"]))[0], wareki.FISCAL_YEAR
    return parse_date(value), precision_of(value)


def load_topics(rows: list[dict], report: SeedReport) -> None:
    for row in rows:
        published_on, precision = date_of(row["published_on"])
        NewsItem.objects.update_or_create(
            title=row["title"],
            defaults={
                "published_on": published_on, "published_precision": precision,
                "body": japanese_punctuation(row["body"].strip()),
                "link_url": row.get("link_url", ""), "link_label": row.get("link_label", ""),
            },
        )
        report.add(NewsItem)


def timeline_issues() -> dict[int, dt.date]:
    issues = {}
    for entry in read_yaml("timeline.yaml")["entries"]:
        if m := TIMELINE_NEWSLETTER.search(entry["title"]):
            issues[1 if m[1] == "創刊号" else int(m[2])] = parse_date(entry["date"])
    return issues


def load_newsletters(rows: list[dict], report: SeedReport) -> None:
    numbers = [row["number"] for row in rows if row.get("number")]
    if len(set(numbers)) != len(numbers):
        raise SeedError("news.yaml: 同じ号が2回あります。")
    listed = {row["number"]: date_of(row["published_on"])[0] for row in rows if row.get("number")}
    for number, date in timeline_issues().items():
        if listed.get(number) != date:
            raise SeedError(f"news.yaml: 第{number}号の発行日が年表（{date}）と一致しません：{listed.get(number)}")
    for row in rows:
        published_on, precision = date_of(row["published_on"])
        number = row.get("number")
        if number:
            issue = NewsletterIssue.objects.filter(number=number).first()
        else:
            issue = NewsletterIssue.objects.filter(number=None, published_on=published_on).first()
        if issue is None and row.get("replaces"):
            issue = NewsletterIssue.objects.filter(title=row["replaces"]).first()
        issue = issue or NewsletterIssue()
        issue.number = number
        issue.title = NEWSLETTER_TITLE
        issue.published_on, issue.published_precision = published_on, precision
        issue.publisher = PUBLISHER
        issue.summary = "\n".join(japanese_punctuation(line) for line in row.get("contents", []))
        issue.full_clean()
        issue.save()
        report.add(NewsletterIssue)


def load(report: SeedReport) -> None:
    data = read_yaml("news.yaml")
    load_topics(data["topics"], report)
    load_newsletters(data["newsletters"], report)
