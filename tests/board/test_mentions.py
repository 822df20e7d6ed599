"""@mentions: a ward's or member organisation's name after 「@」 is linked to its public page and
notifies its members; unknown names stay text; at most 10 organisations a post."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from board import services
from board.models import Category, Notification, Post, Reply
from municipalities.models import Membership, Municipality, Ward
from tests.factories import LiaisonFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


def proposal():
    return Category.objects.get(slug="proposal")


def links(html: str) -> dict[str, str]:
    return {a.get_text(): a["href"] for a in BeautifulSoup(html, "html.parser").select("a.mention")}


def mentioned_users(post) -> set[int]:
    return set(Notification.objects.filter(post=post, kind=Notification.Kind.MENTION).values_list("user_id", flat=True))


def test_a_ward_and_a_member_town_are_linked_and_their_members_notified():
    shinagawa = LiaisonFactory()
    sakai = MemberFactory()
    author = MemberFactory(municipality_id="011002")  # 札幌市
    # (a notice: 品川区's officers do not follow notices, so the mention is what tells them)
    post = services.post_create(user=author, category=Category.objects.get(slug="notice"), title="合同PRのご相談",
                                body="@品川区 さんと ＠坂井市 さんに相談です。@存在しない町 にも。")
    assert links(post.body_html) == {"@品川区": "/wards/131091/", "＠坂井市": "/municipalities/182109/"}
    assert "@存在しない町" in BeautifulSoup(post.body_html, "html.parser").get_text()
    assert mentioned_users(post) == {shinagawa.pk, sakai.pk}


def test_mentions_in_code_links_or_mail_addresses_are_only_text():
    shinagawa = LiaisonFactory()
    post = services.post_create(user=MemberFactory(), category=proposal(), title="書式の例",
                                body="`@品川区` と [@品川区の頁](https://example.jp) と info@品川区.jp")
    assert links(post.body_html) == {}
    assert shinagawa.pk not in mentioned_users(post)


def test_a_name_two_members_share_needs_the_prefecture():
    # 伊達市 is both in 北海道 (012335) and 福島県 (072133).
    for code in ("012335", "072133"):
        Membership.objects.update_or_create(municipality_id=code, defaults={"is_active": True})
    services_post = services.post_create(
        user=MemberFactory(), category=proposal(), title="伊達市の皆さんへ", body="@伊達市 と @北海道伊達市",
    )
    assert links(services_post.body_html) == {"@北海道伊達市": "/municipalities/012335/"}


def test_only_wards_and_active_members_can_be_mentioned():
    Membership.objects.filter(municipality_id="182109").update(is_active=False)
    Municipality.objects.get(pk="182109").save()  # (the admin saves through the model)
    post = services.post_create(user=MemberFactory(municipality_id="011002"), category=proposal(),
                                title="相談", body="@坂井市 さん")
    assert links(post.body_html) == {}


def test_the_author_and_those_already_notified_are_not_notified_twice():
    shinagawa = LiaisonFactory()
    author = MemberFactory()
    post = services.post_create(user=author, category=proposal(), title="区あての提案", body="@品川区 @坂井市",
                                target_wards=[Ward.objects.get(pk="131091")])
    assert not mentioned_users(post)  # 品川区's officer hears of it as targeted; the author never
    assert Notification.objects.get(post=post, user=shinagawa).kind == Notification.Kind.TARGETED


def test_a_mention_in_a_reply_notifies_once_and_an_edit_only_the_newly_mentioned():
    post = PostFactory()
    shinagawa, minato = LiaisonFactory(), LiaisonFactory(municipality_id="131032")
    officer = LiaisonFactory(municipality_id="131016")
    reply = services.reply_create(user=officer, post=post, body="@品川区 さん、いかがですか")
    assert set(Notification.objects.filter(reply=reply, kind="mention").values_list("user_id", flat=True)) == {shinagawa.pk}
    services.reply_update(user=officer, reply=reply, body="@品川区 さん、@港区 さん、いかがですか")
    assert set(Notification.objects.filter(reply=reply, kind="mention").values_list("user_id", flat=True)) == {shinagawa.pk, minato.pk}


def test_more_than_ten_organisations_are_refused_with_the_text_kept(member_client):
    names = " ".join(f"@{w.municipality.name}" for w in Ward.objects.select_related("municipality")[:11])
    response = member_client.post("/board/new/", {"category": proposal().pk, "title": "全区へ", "body": names})
    page = BeautifulSoup(response.content, "html.parser")
    assert "1件につき10団体まで" in page.select_one(".error-summary").get_text()
    assert "いま11団体" in page.select_one(".error-summary").get_text()
    assert page.select_one("#id_body").get_text().strip() == names
    assert not Post.objects.exists() and not Notification.objects.exists()


def test_a_thousand_mentioned_names_are_refused_and_nothing_stored(liaison_client):
    post = PostFactory()
    wards = [f"@{w.municipality.name}" for w in Ward.objects.select_related("municipality")]
    members = [f"@{m}" for m in Municipality.objects.filter(membership__is_active=True).values_list("name", flat=True)]
    body = "、".join((wards + members) * 6)[:20000]
    assert body.count("@") > 1000
    response = liaison_client.post(f"/board/{post.pk}/reply/", {"body": body})
    assert response.status_code == 200
    assert "1件につき10団体まで" in response.content.decode()
    assert not Reply.objects.exists() and not Notification.objects.filter(kind="mention").exists()


def test_ten_repeated_mentions_of_one_ward_count_once(liaison_client):
    post = PostFactory()
    liaison_client.post(f"/board/{post.pk}/reply/", {"body": "@品川区 " * 50})
    assert Reply.objects.count() == 1
