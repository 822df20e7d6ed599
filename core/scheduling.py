"""Daily tasks on the task queue (django-tasks' database backend has no scheduler of its own).

settings.PERIODIC_TASKS maps a task's dotted path to a local time ("03:30"). `schedule_periodic_tasks`
queues each one for its next time unless a run is already waiting; it runs at start-up
(scripts/entrypoint.sh, `manage.py schedule_tasks`) and again whenever such a task finishes
(the task_finished signal), so each run queues the next. Generic (no project imports).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus

logger = logging.getLogger(__name__)


def next_run(at: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """The next moment at the local time `at` ("HH:MM") after `now`."""
    now = timezone.localtime(now or timezone.now())
    hour, minute = (int(part) for part in at.split(":"))
    candidate = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + dt.timedelta(days=1)


def _waiting(task_path: str) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.READY).exists()


def schedule_periodic_tasks(*, now: dt.datetime | None = None) -> list[tuple[str, dt.datetime]]:
    """Queue each periodic task that has no run waiting; returns what was queued. A backend that
    cannot defer (the tests' immediate one) queues nothing."""
    queued = []
    for task_path, at in settings.PERIODIC_TASKS.items():
        task = import_string(task_path)
        if not task.get_backend().supports_defer or _waiting(task.module_path):
            continue
        run_after = next_run(at, now=now)
        task.using(run_after=run_after).enqueue()
        queued.append((task.module_path, run_after))
        logger.info("scheduled %s for %s", task.module_path, run_after.isoformat())
    return queued


def reschedule_after_run(sender, task_result, **kwargs) -> None:
    """task_finished receiver: a periodic task that has run (or failed) queues its next run."""
    if task_result.task.module_path in settings.PERIODIC_TASKS:
        schedule_periodic_tasks()
