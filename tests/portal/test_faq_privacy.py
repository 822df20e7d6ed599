"""/faq/ and /privacy/: content the Secretariat edits in the admin."""

import pytest
from bs4 import BeautifulSoup

from portal.models import FaqCategory, FaqEntry, PolicyDocument

pytestmark = pytest.mark.django_db


def main(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def test_faq_answers_the_membership_questions_of_the_seeds(client):
    page = main(client, "/faq/")
    questions = [h.get_text(strip=True).lstrip("Q") for h in page.select(".faq__question")]
    assert "会員登録や会員専用ページの利用に費用はかかりますか。" in questions
    assert "だれが会員登録できますか。" in questions
    assert "会員になると何ができますか。" in questions
    assert "担当者や担当部署が変わったときは、どうすればよいですか。" in questions
    free = page.find(id=f"faq-{FaqEntry.objects.get(question__startswith='会員登録や会員専用ページの利用').pk}")
    assert "無料" in free.get_text()
    uses = page.find(id=f"faq-{FaqEntry.objects.get(question='会員になると何ができますか。').pk}")
    assert len(uses.select("li")) == 5
    assert [a.get_text() for a in page.select(".toc a")] == list(FaqCategory.objects.values_list("name", flat=True))


def test_an_unpublished_question_and_an_empty_category_are_not_shown(client):
    entry = FaqEntry.objects.get(question="だれが会員登録できますか。")
    entry.is_published = False
    entry.save()
    FaqCategory.objects.create(name="空の分類", sort_order=99)
    text = main(client, "/faq/").get_text()
    assert "だれが会員登録できますか。" not in text
    assert "空の分類" not in text


def test_the_secretariat_edits_an_answer_in_the_admin_and_the_page_shows_it(client, secretariat_client):
    entry = FaqEntry.objects.get(question="だれが会員登録できますか。")
    response = secretariat_client.post(f"/admin/portal/faqentry/{entry.pk}/change/", {
        "category": entry.category_id, "question": entry.question, "answer": "全国の自治体の職員の方です。",
        "sort_order": entry.sort_order, "is_published": "on",
    })
    assert response.status_code == 302
    assert "全国の自治体の職員の方です。" in main(client, "/faq/").get_text()


def test_members_may_not_edit_the_faq(member_client):
    assert member_client.get("/admin/portal/faqentry/").status_code == 403


def test_privacy_page_shows_the_policy_sections_and_dates_from_the_data(client):
    page = main(client, "/privacy/")
    document = PolicyDocument.objects.get(slug="privacy")
    headings = [h.get_text(strip=True) for h in page.select("section h2")]
    assert headings[: document.sections.count()] == [
        f"{n}　{s.title}" for n, s in enumerate(document.sections.order_by("sort_order"), start=1)
    ]
    assert page.select_one(".policy-dates time")["datetime"] == document.established_on.isoformat()
    assert "アクセス解析や広告のためのCookieは使用していません" in page.get_text()


def test_privacy_page_is_404_until_the_policy_exists(client):
    PolicyDocument.objects.filter(slug="privacy").delete()
    assert client.get("/privacy/").status_code == 404


def test_faq_and_privacy_have_a_fixed_query_budget(client, django_assert_max_num_queries):
    category = FaqCategory.objects.first()
    for n in range(20):
        FaqEntry.objects.create(category=category, question=f"質問{n}", answer="回答")
    with django_assert_max_num_queries(5):
        client.get("/faq/")
    with django_assert_max_num_queries(5):
        client.get("/privacy/")
