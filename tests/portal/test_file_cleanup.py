"""Storage hygiene: a replaced or deleted record's file goes after the commit, a failed post leaves no
file behind, and the daily job removes what no record points to (after a grace period)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from board.models import Attachment, Category, Post
from municipalities.models import Membership
from tests.factories import PDF_BYTES, AttachmentFactory, EventFactory, PostFactory

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _organization_form(pamphlet=None, **extra) -> dict:
    data = {
        "contact_department": "観光交流課", "contact_person": "坂井 花子", "contact_email": "kanko@example.jp",
        "contact_phone": "0776-50-3152", "pr_text": "坂井市のPR", "pr_video_url": "", **extra,
    }
    if pamphlet is not None:
        data["pr_pamphlet"] = pamphlet
    return data


def test_a_replaced_pr_pamphlet_is_gone_from_its_public_url_after_the_commit(
    member_client, client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post("/members/organization/", _organization_form(SimpleUploadedFile("old.pdf", PDF_BYTES)))
    old = Membership.objects.get(municipality_id="182109").pr_pamphlet.name
    assert client.get(f"/media/{old}").status_code == 200

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = member_client.post("/members/organization/", _organization_form(SimpleUploadedFile("new.pdf", PDF_BYTES)))
    assert response.status_code == 302
    new = Membership.objects.get(municipality_id="182109").pr_pamphlet.name
    assert old in stored_files(settings)  # not before the commit: a rollback keeps the record's old file
    for callback in callbacks:
        callback()

    assert stored_files(settings) == [new]
    assert client.get(f"/media/{old}").status_code == 404
    assert client.get(f"/media/{new}").status_code == 200


def test_a_cleared_pr_pamphlet_is_deleted(member_client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post("/members/organization/", _organization_form(SimpleUploadedFile("old.pdf", PDF_BYTES)))
        member_client.post("/members/organization/", _organization_form(**{"pr_pamphlet-clear": "on"}))
    assert Membership.objects.get(municipality_id="182109").pr_pamphlet.name == ""
    assert stored_files(settings) == []


def test_any_file_field_loses_its_file_with_its_record(settings, django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        event.flyer.save("flyer.pdf", ContentFile(PDF_BYTES))
    assert stored_files(settings) == [event.flyer.name]
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert stored_files(settings) == []


def test_a_removed_attachment_and_a_deleted_posts_files_are_deleted(member, member_client, settings, django_capture_on_commit_callbacks):
    post = PostFactory(author=member, organization_id=member.municipality_id)
    kept, removed = AttachmentFactory(post=post), AttachmentFactory(post=post)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(f"/board/{post.pk}/edit/", {
            "title": post.title, "body": post.body, "remove_attachment": [removed.pk],
        })
    assert stored_files(settings) == [kept.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(f"/board/{post.pk}/delete/")
    assert not Post.objects.exists()
    assert stored_files(settings) == []


def test_a_post_whose_second_attachment_fails_to_store_leaves_no_file(member_client, settings, monkeypatch):
    calls = {"n": 0}
    original = FileSystemStorage._save

    def failing_second(self, name, content):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("No space left on device")
        return original(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", failing_second)
    member_client.raise_request_exception = False
    files = [SimpleUploadedFile(f"f{i}.pdf", PDF_BYTES, content_type="application/pdf") for i in range(2)]
    response = member_client.post("/board/new/", {
        "category": Category.objects.get(slug="proposal").pk, "title": "件名", "body": "本文", "files": files,
    })

    assert response.status_code == 500
    typed = [area.get_text() for area in BeautifulSoup(response.content, "html.parser").find_all("textarea")]
    assert typed == ["件名", "本文"]  # handed back on the error page
    assert calls["n"] == 2  # the first file had been stored
    assert not Post.objects.exists() and not Attachment.objects.exists()
    assert stored_files(settings) == []


def _age(name: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(default_storage.path(name), (then, then))


@pytest.fixture
def orphans(settings):
    """A referenced attachment, an old orphan in two folders, a fresh orphan, a file outside the upload folders."""
    referenced = AttachmentFactory(post=PostFactory()).file.name
    old = [default_storage.save("board/2025/01/lost.pdf", ContentFile(PDF_BYTES)),
           default_storage.save("pr/replaced.pdf", ContentFile(PDF_BYTES))]
    fresh = default_storage.save("pr/uploading.pdf", ContentFile(PDF_BYTES))
    elsewhere = default_storage.save("backups/keep.txt", ContentFile(b"not an upload"))
    for name in (referenced, *old, elsewhere):
        _age(name, 48)
    _age(fresh, 1)
    return {"referenced": referenced, "old": sorted(old), "fresh": fresh, "elsewhere": elsewhere}


def test_the_dry_run_lists_the_orphans_and_deletes_nothing(orphans, settings):
    before = stored_files(settings)
    out = StringIO()
    call_command("remove_orphan_files", "--dry-run", stdout=out)
    assert stored_files(settings) == before
    lines = out.getvalue().splitlines()
    assert sorted(line.removeprefix("削除対象: ") for line in lines[:-1]) == orphans["old"]
    assert lines[-1] == "参照されていないファイル 2 件（削除していません）。猶予期間（24 時間）内のため残したファイル 1 件。"


def test_the_command_removes_only_old_files_no_record_points_to_and_logs_the_count(orphans, settings, caplog):
    with caplog.at_level(logging.INFO, logger="core.file_cleanup"):
        call_command("remove_orphan_files", stdout=StringIO())
    assert stored_files(settings) == sorted([orphans["referenced"], orphans["fresh"], orphans["elsewhere"]])
    assert "orphan files: 2 found, 2 removed (" in caplog.text and "1 newer than 1 day, 0:00:00 kept" in caplog.text


def test_a_shorter_grace_period_takes_the_fresh_orphan_too(orphans, settings):
    call_command("remove_orphan_files", "--grace-hours", "0", stdout=StringIO())
    assert orphans["fresh"] not in stored_files(settings)
    assert orphans["referenced"] in stored_files(settings)


def test_the_daily_task_removes_the_orphans(orphans, settings):
    from portal.tasks import remove_orphan_files

    result = remove_orphan_files.enqueue()  # the tests' immediate backend runs it now
    assert result.return_value == 2
    assert not set(orphans["old"]) & set(stored_files(settings))


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_daily_task_is_queued_once_for_its_next_time(settings):
    from django_tasks_db.models import DBTaskResult

    from core import scheduling

    settings.TASKS = DB_TASKS
    now = dt.datetime(2026, 5, 12, 4, 0, tzinfo=dt.UTC)  # 13:00 in Tokyo
    queued = scheduling.schedule_periodic_tasks(now=now)
    assert [path for path, _ in queued] == list(settings.PERIODIC_TASKS)
    assert "portal.tasks.remove_orphan_files" in settings.PERIODIC_TASKS
    assert scheduling.schedule_periodic_tasks(now=now) == []  # one run waiting is enough
    run = DBTaskResult.objects.get(task_path="portal.tasks.remove_orphan_files")
    assert run.run_after == dt.datetime(2026, 5, 13, 3, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def test_a_finished_run_queues_the_next_one(settings):
    from django_tasks.signals import task_finished
    from django_tasks_db.models import DBTaskResult

    from portal.tasks import remove_orphan_files

    settings.TASKS = DB_TASKS
    result = remove_orphan_files.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status="SUCCESSFUL")
    task_finished.send(sender=type(remove_orphan_files.get_backend()), task_result=result)
    waiting = DBTaskResult.objects.filter(task_path="portal.tasks.remove_orphan_files", status="READY")
    assert waiting.count() == 1 and waiting.get().pk != result.id


def test_the_start_up_command_queues_the_daily_tasks(settings):
    settings.TASKS = DB_TASKS
    out = StringIO()
    call_command("schedule_tasks", stdout=out)
    assert out.getvalue().startswith("登録: portal.tasks.remove_orphan_files（")
    out = StringIO()
    call_command("schedule_tasks", stdout=out)
    assert out.getvalue().strip() == "登録が必要な定期タスクはありません。"


def test_next_run_is_today_or_tomorrow_in_local_time():
    from core.scheduling import next_run

    tokyo = dt.timezone(dt.timedelta(hours=9))
    assert next_run("03:30", now=dt.datetime(2026, 5, 12, 2, 0, tzinfo=tokyo)) == dt.datetime(2026, 5, 12, 3, 30, tzinfo=tokyo)
    assert next_run("03:30", now=dt.datetime(2026, 5, 12, 3, 30, tzinfo=tokyo)) == dt.datetime(2026, 5, 13, 3, 30, tzinfo=tokyo)
