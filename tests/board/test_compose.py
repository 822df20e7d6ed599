"""Writing a post: the ward grid, the wards the organisation works with, the preview (nothing stored)
and drafts kept on the server with their files."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from agreements.models import Federation
from board import services
from board.models import Attachment, Category, Draft, Engagement, Post
from events.models import Event
from municipalities.models import Area, ExchangeRelation, Ward
from tests.factories import PDF_BYTES, EventFactory, LiaisonFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def pdf(name="企画書.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(**overrides) -> dict:
    return {
        "category": Category.objects.get(slug="proposal").pk,
        "title": "黄金がにのPRのご提案",
        "body": "**黄金がに**を区内でPRしませんか。",
        **overrides,
    }


# ---- The ward grid and 「交流のある区」 ----

def test_the_ward_checkboxes_sit_in_one_grid_container_not_each_a_grid():
    page = soup(client_for(MemberFactory(municipality_id="472018")).get("/board/new/"))  # 那覇市: no ties
    boxes = page.select("input[name=target_wards]")
    assert len(boxes) == 23
    assert not any("checkbox-grid" in (box.get("class") or []) for box in boxes)
    assert len(page.select(".ward-field .checkbox-grid")) == 1
    assert [b.find_parent("label").get_text(strip=True) for b in boxes][:3] == ["千代田区", "中央区", "港区"]


def test_sakai_is_offered_shinagawa_for_their_relation_and_joint_event(member_client):
    page = soup(member_client.get("/board/new/"))
    (suggestion,) = page.select(".ward-suggestions > li")
    assert suggestion.select_one(".ward-name").get_text() == "品川区"
    reasons = [li.get_text() for li in suggestion.select(".ward-reasons li")]
    assert reasons[0] == "連携事業（平成27年（2015年）11月18日から）"  # the seeds' relation
    assert reasons[1].startswith("共同のイベント「") and "黄金がに" in reasons[1]
    assert not suggestion.select_one("input").has_attr("checked")


def test_wards_with_recorded_ties_are_suggested_with_the_reason_and_never_preselected():
    area = Area.objects.get(name="釧路地域")
    kushiro = area.municipalities.first()
    ExchangeRelation.objects.create(
        ward=Ward.objects.get(pk="131091"), municipality=kushiro, kind="friendship", since=dt.date(2016, 4, 1)
    )
    member = MemberFactory(municipality_id=kushiro.pk)
    page = soup(client_for(member).get("/board/new/"))
    suggested = {
        li.select_one(".ward-name").get_text(): [r.get_text() for r in li.select(".ward-reasons li")]
        for li in page.select(".ward-suggestions > li")
    }
    assert "友好都市・姉妹都市（平成28年（2016年）4月1日から）" in suggested["品川区"]
    assert "釧路地域との地域別交流" in suggested[area.paired_ward.name]
    assert not page.select(".ward-suggestions input[checked]")  # never preselected
    # Each ward is offered once: the others follow under 「その他の区」.
    codes = [box["value"] for box in page.select("input[name=target_wards]")]
    assert len(codes) == len(set(codes)) == 23


def test_joint_events_federation_events_and_past_engagements_are_reasons_too():
    town = Federation.objects.get(name="北海道町村会").members.first()
    event = EventFactory(title="北海道の町と区の物産展", is_published=True)
    event.federations.add(Federation.objects.get(name="北海道町村会"))
    event.wards.add(Ward.objects.get(pk="131148"))  # 中野区
    joint = EventFactory(title="町と区の共同展示", is_published=True)
    joint.municipalities.add(town)
    joint.wards.add(Ward.objects.get(pk="131016"))  # 千代田区
    hidden = EventFactory(title="非公開の催し", is_published=False)
    hidden.municipalities.add(town)
    hidden.wards.add(Ward.objects.get(pk="131237"))
    member = MemberFactory(municipality_id=town.pk)
    earlier = PostFactory(author=member)
    Engagement.objects.create(post=earlier, ward=Ward.objects.get(pk="131091"), stage="taken_up", marked_by=LiaisonFactory())
    page = soup(client_for(member).get("/board/new/"))
    suggested = {li.select_one(".ward-name").get_text(): li.get_text() for li in page.select(".ward-suggestions > li")}
    assert "北海道町村会（加盟団体）との連携「北海道の町と区の物産展」" in suggested["中野区"]
    assert "共同のイベント「町と区の共同展示」" in suggested["千代田区"]
    assert "これまでの提案に対応（1件）" in suggested["品川区"]
    assert "江戸川区" not in suggested or "非公開の催し" not in suggested["江戸川区"]
    assert Event.objects.filter(is_published=False, title="非公開の催し").exists()


def test_no_suggestions_without_ties_and_none_for_a_wards_own_officers(liaison_client):
    lonely = MemberFactory(municipality_id="472018")  # 那覇市: no recorded ties
    assert not soup(client_for(lonely).get("/board/new/")).select(".ward-suggestions")
    assert not soup(liaison_client.get("/board/new/")).select(".ward-suggestions")


# ---- Preview ----

def test_preview_shows_the_rendered_post_and_stores_nothing(member_client):
    response = member_client.post("/board/new/", form_data(
        intent="preview", body="**黄金がに**を @品川区 と一緒に", target_wards=["131091"],
    ))
    assert response.status_code == 200
    page = soup(response)
    preview = page.select_one("section.preview")
    assert preview.select_one("strong").get_text() == "黄金がに"
    assert preview.select_one("a.mention")["href"] == "/wards/131091/"
    assert "品川区" in preview.get_text()
    assert page.select_one("#id_body").get_text().strip() == "**黄金がに**を @品川区 と一緒に"
    assert page.select_one("input[name=target_wards][value='131091']").has_attr("checked")
    assert not Post.objects.exists() and not Draft.objects.exists()


def test_preview_checks_as_publishing_would_and_keeps_the_text(member_client):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = member_client.post("/board/new/", form_data(
        intent="preview", category=Category.objects.get(slug="pamphlet").pk, deadline=yesterday.isoformat(),
    ))
    page = soup(response)
    assert "締切日が過ぎた日付" in page.select_one(".error-summary").get_text()
    assert not page.select("section.preview")
    assert page.select_one("#id_title")["value"] == "黄金がにのPRのご提案"
    assert not Post.objects.exists()


def test_preview_then_publish_posts_once(member_client):
    member_client.post("/board/new/", form_data(intent="preview"))
    response = member_client.post("/board/new/", form_data(intent="publish"))
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()


# ---- Drafts ----

def test_a_draft_is_kept_with_its_files_listed_resumed_and_published(member_client, member):
    response = member_client.post("/board/new/", form_data(
        intent="draft", title="書きかけの提案", body="続きはあとで", target_wards=["131091"], files=[pdf()],
    ))
    draft = Draft.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    assert draft.author == member and draft.attachments.get().original_name == "企画書.pdf"
    assert not Post.objects.exists()

    listing = soup(member_client.get("/board/drafts/"))
    assert [a.get_text() for a in listing.select(".drafts .thread__title a")] == ["書きかけの提案"]
    assert "添付ファイル1個" in listing.select_one(".drafts").get_text()

    resumed = soup(member_client.get(draft.get_absolute_url()))
    assert resumed.select_one("#id_title")["value"] == "書きかけの提案"
    assert resumed.select_one("#id_body").get_text().strip() == "続きはあとで"
    assert resumed.select_one("input[name=target_wards][value='131091']").has_attr("checked")
    assert "企画書.pdf" in resumed.select_one("form.board-form").get_text()

    response = member_client.post(draft.get_absolute_url(), form_data(
        intent="publish", title="仕上げた提案", body="書き上げました", target_wards=["131091"],
    ))
    post = Post.objects.get()
    assert response["Location"] == post.get_absolute_url()
    assert post.attachments.get().original_name == "企画書.pdf"
    assert not Draft.objects.exists()
    assert member_client.get(f"/board/files/{post.attachments.get().pk}/").status_code == 200


def test_resaving_a_draft_updates_it_and_can_drop_a_file(member_client, member):
    draft = services.draft_save(user=member, category=None, title="下書き", body="", files=[pdf("a.pdf"), pdf("b.pdf")])
    a = draft.attachments.get(original_name="a.pdf")
    member_client.post(draft.get_absolute_url(), {
        "intent": "draft", "title": "下書き（2）", "body": "本文を足した", "remove_attachment": [a.pk],
    })
    draft.refresh_from_db()
    assert draft.title == "下書き（2）" and draft.body == "本文を足した"
    assert [x.original_name for x in draft.attachments.all()] == ["b.pdf"]
    assert Draft.objects.count() == 1


def test_an_empty_draft_is_refused_with_a_message(member_client):
    response = member_client.post("/board/new/", {"intent": "draft", "title": " ", "body": ""})
    assert "件名か本文を入力してください" in response.content.decode()
    assert not Draft.objects.exists()


def test_drafts_are_their_authors_alone(member, member_client, secretariat_client):
    draft = services.draft_save(user=member, category=None, title="非公開の下書き", body="秘密", files=[pdf()])
    attachment = draft.attachments.get()
    other = client_for(MemberFactory())
    for client in (other, secretariat_client):
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.post(draft.get_absolute_url(), form_data(intent="publish")).status_code == 404
        assert client.post(f"/board/drafts/{draft.pk}/delete/").status_code == 404
        assert client.get(f"/board/files/{attachment.pk}/").status_code == 404
        assert "非公開の下書き" not in client.get("/board/drafts/").content.decode()
    assert member_client.get(f"/board/files/{attachment.pk}/").status_code == 200
    assert Draft.objects.filter(pk=draft.pk).exists() and not Post.objects.exists()


def test_deleting_a_draft_deletes_its_files(member, member_client):
    draft = services.draft_save(user=member, category=None, title="消す下書き", body="", files=[pdf()])
    assert member_client.get(f"/board/drafts/{draft.pk}/delete/").status_code == 200
    response = member_client.post(f"/board/drafts/{draft.pk}/delete/")
    assert response["Location"] == "/board/drafts/"
    assert not Draft.objects.exists() and not Attachment.objects.exists()


def test_a_member_keeps_at_most_fifty_drafts(member, member_client):
    Draft.objects.bulk_create(Draft(author=member, title=f"下書き{i}") for i in range(Draft.MAX_PER_AUTHOR))
    response = member_client.post("/board/new/", form_data(intent="draft"))
    assert "下書きは50件まで保存できます" in response.content.decode()
    assert soup(response).select_one("#id_title")["value"] == "黄金がにのPRのご提案"
    assert Draft.objects.count() == Draft.MAX_PER_AUTHOR


def test_a_draft_with_too_many_files_is_refused_and_nothing_stored(member, member_client):
    draft = services.draft_save(user=member, category=None, title="下書き", body="", files=[pdf(f"{i}.pdf") for i in range(4)])
    response = member_client.post(draft.get_absolute_url(), {"intent": "draft", "title": "下書き", "files": [pdf("x.pdf"), pdf("y.pdf")]})
    assert "添付できるファイルは5個までです（登録済み4個）" in response.content.decode()
    assert draft.attachments.count() == 4


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "件" * 121, "120 文字以下"),
    ("body", "あ" * 20001, "20000 文字以下"),
    ("deadline", "明日", "日付"),
    ("category", "999999", "正しく選択してください"),
    ("target_wards", "999999", "正しく選択してください"),
])
def test_a_hostile_draft_is_refused_with_the_text_kept_and_nothing_stored(member_client, field, value, message):
    data = {"intent": "draft", "title": "下書きの件名", "body": "下書きの本文", field: value}
    response = member_client.post("/board/new/", data)
    page = soup(response)
    assert message in page.select_one(".error-summary").get_text()
    if field not in ("title", "body"):
        assert page.select_one("#id_title")["value"] == "下書きの件名"
    assert not Draft.objects.exists() and not Attachment.objects.exists()
