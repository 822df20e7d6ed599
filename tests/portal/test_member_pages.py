"""A member's own pages: contact data (kept in history) and the organisation's PR profile."""

import pytest
from bs4 import BeautifulSoup

from municipalities.models import Membership


def test_member_updates_own_contact_data_and_the_change_is_kept_in_history(member_client, member):
    response = member_client.post("/members/profile/", {"full_name": "坂井 次郎", "full_name_kana": "", "department": "観光課", "phone": "0776-00-0000"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.department == "観光課"
    assert member.history.first().department == "観光課"
    assert member.history.count() >= 2


def test_profile_with_bad_phone_keeps_the_input_and_explains(member_client, member):
    response = member_client.post("/members/profile/", {"full_name": "坂井 次郎", "department": "観光課", "phone": "<script>"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert "電話番号は数字とハイフンで入力してください" in soup.get_text()
    assert soup.find("input", attrs={"name": "department"})["value"] == "観光課"
    assert "<script>" not in response.content.decode().split("<main")[1].split("</main>")[0].replace("&lt;script&gt;", "")


@pytest.mark.parametrize("path", ["/members/profile/", "/members/organization/"])
def test_member_pages_send_anonymous_to_login_and_pending_to_the_pending_page(client, pending_client, path):
    assert "/accounts/login/" in client.get(path)["Location"]
    assert pending_client.get(path)["Location"] == "/members/pending/"


def test_member_edits_own_organization_pr_profile(member_client, member):
    response = member_client.post("/members/organization/", {
        "contact_department": "企画政策課", "contact_person": "坂井 花子", "contact_email": "kikaku@city.sakai.example.jp",
        "contact_phone": "0776-50-3000", "pr_text": "黄金がにの町です。", "pr_video_url": "https://www.youtube.com/watch?v=x",
    })
    assert response.status_code == 302
    membership = Membership.objects.get(municipality_id="182109")
    assert membership.pr_text == "黄金がにの町です。"
    assert membership.history.exists()


def test_organization_pamphlet_must_really_be_a_pdf(member_client, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("pamphlet.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = member_client.post("/members/organization/", {
        "contact_department": "企画政策課", "contact_person": "坂井 花子", "contact_email": "k@example.jp",
        "contact_phone": "0776-50-3000", "pr_text": "入力したPR文", "pr_pamphlet": fake,
    })
    soup = BeautifulSoup(response.content, "html.parser")
    assert "中身がPDFではありません" in soup.get_text()
    assert soup.find("textarea", attrs={"name": "pr_text"}).get_text().strip() == "入力したPR文"
