"""The demo threads of `make run`: the seeds' first success story, told through the board's services."""

import pytest
from django.core.management import CommandError, call_command

from board.models import Engagement, Post

pytestmark = pytest.mark.django_db


def test_demo_board_tells_the_sakai_shinagawa_story_once(settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = False  # as in `make run` (scripts/dev-server.sh)
    call_command("load_demo_accounts", force=True, stdout=open("/dev/null", "w"))
    call_command("load_demo_board", force=True, stdout=open("/dev/null", "w"))
    call_command("load_demo_board", force=True, stdout=open("/dev/null", "w"))
    assert Post.objects.count() == 4
    story = Post.objects.get(title__startswith="【提案】黄金がに")
    assert story.organization.name == "坂井市" and story.status == Post.Status.REALISED
    assert "しながわ水族館" in story.realised_event.title
    assert story.replies.get().organization.name == "品川区"
    assert Engagement.objects.get(post=story).ward.municipality.name == "品川区"
    request = Post.objects.get(title__startswith="【配布依頼】")
    assert request.attachments.count() == 1
    assert request.deadline is not None
    # 品川区 answered itself, 港区 through the Secretariat: 450 copies in all.
    assert sorted((a.ward.municipality.name, a.copies) for a in request.answers.all()) == [("品川区", 300), ("港区", 150)]
    assert Post.objects.get(title__startswith="【参加募集】").deadline is not None


def test_demo_board_is_refused_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_board")
