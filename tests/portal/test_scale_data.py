"""generate_scale_data with tiny sizes: consistent rows, realistic text, refuses to run twice."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from board.models import Attachment, Post, Reply
from events.models import Event
from portal.models import User

pytestmark = pytest.mark.django_db


def test_tiny_scale_data_is_consistent():
    events_before = Event.objects.count()
    call_command("generate_scale_data", members=30, posts=50, replies=400, events=20, stdout=open("/dev/null", "w"))
    assert User.objects.filter(email__startswith="scale-").count() == 30
    assert Post.objects.count() == 50 and Reply.objects.count() == 400
    assert Attachment.objects.count() == 5
    assert Event.objects.count() == events_before + 20
    long_thread = Post.objects.order_by("-reply_count").first()
    assert long_thread.reply_count >= 200  # one thread in a thousand (at least one) has 200 replies
    for post in Post.objects.annotate(n=Count("replies")):
        assert post.reply_count == post.n
    assert "連携" in "".join(Post.objects.values_list("body", flat=True))
    with pytest.raises(CommandError):
        call_command("generate_scale_data", members=1, posts=1, replies=0, events=0)
