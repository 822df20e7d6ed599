"""The board's realised proposals on the public site: the event page and /about/outcomes/ (board/outcomes.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from board.models import Category, Engagement, Post
from core import caching, wareki
from municipalities.models import Ward
from tests.factories import EventFactory, LiaisonFactory, PostFactory, ReplyFactory

pytestmark = pytest.mark.django_db

SHINAGAWA, MINATO = "131091", "131032"
SECRET_BODY = "会員だけが読める提案の本文（予算の見込みなど）"
SECRET_TITLE = "【提案】会員専用の件名"
SECRET_NOTE = "会員向けの状況の補足"


def at(year: int, month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 10))


def realised_post(*, event, created: dt.datetime, wards=(SHINAGAWA,), public=True, **fields) -> Post:
    post = PostFactory(title=SECRET_TITLE, body=SECRET_BODY, body_html=f"<p>{SECRET_BODY}</p>",
                       status=Post.Status.REALISED, realised_event=event, status_note=SECRET_NOTE,
                       is_public_outcome=public, **fields)
    Post.objects.filter(pk=post.pk).update(created_at=created)
    liaison = LiaisonFactory()
    for i, code in enumerate(wards):
        Engagement.objects.create(post=post, ward_id=code, stage="realised", marked_by=liaison)
        Engagement.objects.filter(post=post, ward_id=code).update(created_at=created + dt.timedelta(days=3 + i))
    ReplyFactory(post=post, body="会員だけが読める返信")
    post.refresh_from_db()
    return post


def outcome_section(client, event) -> BeautifulSoup | None:
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find("h2", string="掲示板の提案から実現した連携です")
    return heading.find_parent("section") if heading else None


def test_the_event_page_says_which_proposal_it_came_from(client):
    event = EventFactory(start_date=dt.date(2030, 11, 18), end_date=dt.date(2030, 11, 23))
    post = realised_post(event=event, created=at(2030, 9, 28), wards=(SHINAGAWA, MINATO))
    section = outcome_section(client, event)
    details = {dt_.get_text(): dt_.find_next_sibling("dd").get_text() for dt_ in section.find_all("dt")}
    organization = post.organization
    assert details["提案した団体"] == f"{organization.prefecture.name}{organization.name}"
    assert details["応じた区"] == "港区、品川区"  # the official order of the wards
    assert details["提案"] == "令和12年（2030年）9月28日"
    assert details["区が応じた日"] == "令和12年（2030年）10月1日"
    assert details["実現"] == "令和12年（2030年）11月18日〜23日"
    assert section.find("a", href=reverse("municipalities:detail", args=[organization.code]))
    assert section.find("a", href=reverse("outcomes"))


def test_the_members_text_is_never_shown(client):
    event = EventFactory(start_date=dt.date(2030, 11, 18))
    realised_post(event=event, created=at(2030, 9, 28))
    for path in (event.get_absolute_url(), reverse("outcomes")):
        html = client.get(path).content.decode()
        for secret in (SECRET_TITLE, SECRET_BODY, SECRET_NOTE, "会員だけが読める返信"):
            assert secret not in html, (path, secret)


@pytest.mark.parametrize(
    "change",
    [
        {"is_public_outcome": False},  # the Secretariat has not published it
        {"status": Post.Status.CLOSED},  # no longer realised
        {"is_hidden": True},  # moderated
    ],
)
def test_only_a_published_realised_visible_proposal_is_shown(client, change):
    event = EventFactory(start_date=dt.date(2030, 11, 18))
    post = realised_post(event=event, created=at(2030, 9, 28))
    Post.objects.filter(pk=post.pk).update(**change)
    assert outcome_section(client, event) is None
    assert not BeautifulSoup(client.get(reverse("outcomes")).content, "html.parser").find("a", href=event.get_absolute_url())


def test_outcomes_are_listed_by_fiscal_year_with_the_years_counts(client):
    early = EventFactory(start_date=dt.date(2031, 3, 20))
    late = EventFactory(start_date=dt.date(2031, 6, 1))
    realised_post(event=early, created=at(2031, 1, 10))  # 令和12年度 (2030): January is in the previous 年度
    realised_post(event=late, created=at(2031, 4, 2))  # 令和13年度 (2031)
    unpublished = realised_post(event=EventFactory(start_date=dt.date(2031, 7, 1)), created=at(2031, 5, 1), public=False)
    answered = PostFactory(category=Category.objects.get(slug="participation"))
    Post.objects.filter(pk=answered.pk).update(created_at=at(2031, 5, 2))
    Engagement.objects.create(post=answered, ward_id=MINATO, stage="taken_up", marked_by=LiaisonFactory())
    Post.objects.filter(pk=PostFactory().pk).update(created_at=at(2031, 5, 3))  # posted, not answered
    Post.objects.filter(pk=PostFactory(category=Category.objects.get(slug="notice")).pk).update(created_at=at(2031, 5, 4))
    Post.objects.filter(pk=PostFactory(is_hidden=True).pk).update(created_at=at(2031, 5, 5))

    soup = BeautifulSoup(client.get(reverse("outcomes")).content, "html.parser")
    sections = {s.h2.get_text(): s for s in soup.select("section.outcome-year")}
    fy2031, fy2030 = sections[wareki.format_fiscal_year(2031)], sections[wareki.format_fiscal_year(2030)]
    figures = {d.dt.get_text(): d.dd.contents[0] for d in fy2031.select("div.figure")}
    # Proposals and calls (not the notice, not the hidden post): 2 realised + the answered call + the unanswered one.
    assert figures == {"提案・参加募集の書き込み": "4", "区が応じた": "3", "実現した": "2"}
    assert [a["href"] for a in fy2031.select(".outcome-list h3 a")] == [late.get_absolute_url()]
    assert [a["href"] for a in fy2030.select(".outcome-list h3 a")] == [early.get_absolute_url()]
    assert unpublished.realised_event.get_absolute_url() not in str(soup)
    headings = [s.h2.get_text() for s in soup.select("section.outcome-year")]
    assert headings.index(wareki.format_fiscal_year(2031)) < headings.index(wareki.format_fiscal_year(2030))


def test_an_outcome_realised_as_an_exchange_relation_is_listed_too(client):
    from municipalities.models import ExchangeRelation

    post = realised_post(event=None, created=at(2032, 5, 1))
    relation = ExchangeRelation.objects.create(
        ward_id=SHINAGAWA, municipality=post.organization, kind="friendship", since=dt.date(2032, 8, 1)
    )
    Post.objects.filter(pk=post.pk).update(realised_relation=relation)
    item = BeautifulSoup(client.get(reverse("outcomes")).content, "html.parser").select_one(
        "#fy2032 ~ ul.outcome-list li"
    )
    assert item.h3.get_text() == f"品川区と{post.organization.name}の友好都市・姉妹都市"
    assert "令和14年（2032年）8月1日" in item.get_text()


def test_the_outcomes_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(6):
        realised_post(event=EventFactory(start_date=dt.date(2033, 6, 1 + n)), created=at(2033, 5, 1 + n),
                      wards=(SHINAGAWA, MINATO))
    # Counts, published outcomes + their engagements, footer contacts, the request's transaction.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("outcomes")).status_code == 200


def test_a_proposal_or_an_answer_bumps_the_public_pages_but_a_notice_does_not():
    before = caching.CONTENT.version()
    post = PostFactory()
    assert caching.CONTENT.version() != before
    before = caching.CONTENT.version()
    Engagement.objects.create(post=post, ward_id=SHINAGAWA, stage="taken_up", marked_by=LiaisonFactory())
    assert caching.CONTENT.version() != before
    before = caching.CONTENT.version()
    PostFactory(category=Category.objects.get(slug="notice"))
    ReplyFactory(post=post)
    assert caching.CONTENT.version() == before


# --- the Secretariat publishes it in the board's admin -------------------------------------------


def admin_form_data(client, post: Post) -> tuple[str, dict]:
    url = reverse("admin:board_post_change", args=[post.pk])
    form = BeautifulSoup(client.get(url).content, "html.parser").find("form", id="post_form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = [o["value"] for o in field.find_all("option", selected=True)]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return url, data


def test_the_secretariat_publishes_a_realised_proposal_in_the_admin(client, secretariat_client):
    event = EventFactory(start_date=dt.date(2030, 11, 18))
    post = realised_post(event=event, created=at(2030, 9, 28), public=False)
    url, data = admin_form_data(secretariat_client, post)
    data["is_public_outcome"] = "on"
    response = secretariat_client.post(url, data)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_public_outcome
    assert outcome_section(client, event) is not None


def test_a_proposal_that_is_not_realised_cannot_be_published(secretariat_client):
    post = PostFactory(status=Post.Status.COORDINATING)
    url, data = admin_form_data(secretariat_client, post)
    data["is_public_outcome"] = "on"
    response = secretariat_client.post(url, data)
    assert response.status_code == 200
    assert "成果として公開できるのは、状況が「実現」の投稿だけです。" in response.content.decode()
    post.refresh_from_db()
    assert not post.is_public_outcome


@pytest.mark.parametrize("who", ["member_client", "liaison_client", "pending_client", "client"])
def test_no_one_but_the_secretariat_reaches_the_flag(who, request):
    post = PostFactory()
    response = request.getfixturevalue(who).get(reverse("admin:board_post_change", args=[post.pk]))
    if who == "client":  # anonymous: to the login page
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:  # signed in without staff rights: a 403 page, not a login loop
        assert response.status_code == 403


def test_the_board_forms_do_not_offer_the_flag(member_client):
    html = member_client.get(reverse("board:new")).content.decode()
    assert "is_public_outcome" not in html


def test_the_demo_story_is_published_on_its_event_page(client):
    from django.core.management import call_command

    call_command("load_demo_accounts", force=True, stdout=open("/dev/null", "w"))
    call_command("load_demo_board", force=True, stdout=open("/dev/null", "w"))
    story = Post.objects.get(title__startswith="【提案】黄金がに")
    assert story.is_public_outcome
    section = outcome_section(client, story.realised_event)
    details = {dt_.get_text(): dt_.find_next_sibling("dd").get_text() for dt_ in section.find_all("dt")}
    assert details["提案した団体"] == "福井県坂井市" and details["応じた区"] == "品川区"
    assert details["提案"] == "平成27年（2015年）9月28日" and details["区が応じた日"] == "平成27年（2015年）10月2日"
    assert Ward.objects.get(pk=SHINAGAWA).name in section.get_text()
