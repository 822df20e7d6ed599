"""Load test users: anonymous visitors browsing, and members reading, posting and replying on the board.

Run by loadtest/run.sh (which prepares the accounts, gunicorn and PostgreSQL). Each acknowledged post
or reply (the portal answered with a redirect to the thread) is written to $LOADTEST_OUT/acked.jsonl
with a unique marker, so that run.sh can check afterwards that every one of them is in the database.
Every failed request is written to $LOADTEST_OUT/errors.jsonl with its time, to split errors into
"under load" and "during the database restart".
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
import uuid

from locust import HttpUser, between, events, task

OUT = os.environ.get("LOADTEST_OUT", "/tmp/portal-loadtest")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "load-test-2026")
MEMBERS = int(os.environ.get("LOADTEST_MEMBERS", "100"))
_lock = threading.Lock()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
THREAD_LINK = re.compile(r'href="/board/(\d+)/"')
CATEGORY = re.compile(r'<select[^>]*name="category"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]+)"')
# A POST form (attributes in any order) holding a textarea named body: the thread's reply form.
POST_FORM = re.compile(r'<form(?=[^>]*method="post")[^>]*action="([^"]*)"[^>]*>((?:(?!</form>).)*?<textarea[^>]*name="body")', re.S)

PUBLIC_PAGES = [
    "/", "/about/", "/about/history/", "/wards/", "/wards/131091/", "/municipalities/",
    "/municipalities/?prefecture=18", "/municipalities/182109/", "/agreements/", "/events/",
    "/disaster-support/", "/news/", "/search/?q=%E9%80%A3%E6%90%BA",  # 連携
]


def _append(name: str, record: dict) -> None:
    with _lock, open(os.path.join(OUT, name), "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")


@events.request.add_listener
def _record_failure(request_type, name, response_time, response_length, response=None, exception=None, **kw):
    status = getattr(response, "status_code", 0) if response is not None else 0
    if exception is not None or status >= 400 or status == 0:
        _append("errors.jsonl", {"t": time.time(), "name": name, "status": status, "error": str(exception or "")[:200]})


class Visitor(HttpUser):
    """Someone from the public: home, directory, events, search."""

    weight = 4
    wait_time = between(1, 3)

    @task(6)
    def browse(self) -> None:
        self.client.get(random.choice(PUBLIC_PAGES), name="public page")

    @task(1)
    def event_or_disaster(self) -> None:
        self.client.get(random.choice(["/events/", "/disaster-support/"]), name="public page")


class Member(HttpUser):
    """A municipal member: signs in, reads the board, posts proposals and replies."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.email = f"load{random.randrange(MEMBERS):03d}@example.jp"
        self.signed_in = False
        self._sign_in()

    def _csrf(self, html: str) -> str | None:
        match = CSRF.search(html)
        return match.group(1) if match else None

    def _sign_in(self) -> None:
        page = self.client.get("/accounts/login/", name="login form")
        token = self._csrf(page.text)
        if not token:
            return
        response = self.client.post(
            "/accounts/login/",
            {"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login", allow_redirects=False,
        )
        self.signed_in = response.status_code == 302

    @task(5)
    def read_board(self) -> None:
        if not self.signed_in:
            return self._sign_in()
        index = self.client.get("/board/", name="/board/")
        threads = THREAD_LINK.findall(index.text)
        if threads:
            self.client.get(f"/board/{random.choice(threads)}/", name="/board/<pk>/")

    @task(2)
    def post(self) -> None:
        if not self.signed_in:
            return self._sign_in()
        form = self.client.get("/board/new/", name="/board/new/")
        token = self._csrf(form.text)
        select = CATEGORY.search(form.text)
        options = OPTION.findall(select.group(1)) if select else []
        if not token or not options:
            return
        marker = f"LT-{uuid.uuid4().hex[:12]}"
        _append("attempts.jsonl", {"kind": "post", "marker": marker})
        with self.client.post(
            "/board/new/",
            {"csrfmiddlewaretoken": token, "category": options[0], "title": f"負荷試験の投稿 {marker}",
             "body": f"連携イベントの提案です。{marker}\n\n- 日時: 調整中\n- 会場: 未定"},
            name="post new (POST)", allow_redirects=False, catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and re.search(r"/board/\d+/", location):
                _append("acked.jsonl", {"kind": "post", "marker": marker, "t": time.time()})
                response.success()
            else:
                response.failure(f"post not acknowledged: {response.status_code}")

    @task(3)
    def reply(self) -> None:
        if not self.signed_in:
            return self._sign_in()
        index = self.client.get("/board/", name="/board/")
        threads = THREAD_LINK.findall(index.text)
        if not threads:
            return
        thread = self.client.get(f"/board/{random.choice(threads)}/", name="/board/<pk>/")
        token = self._csrf(thread.text)
        form = POST_FORM.search(thread.text)
        if not token or not form:
            return  # locked thread, or no reply form
        marker = f"LR-{uuid.uuid4().hex[:12]}"
        _append("attempts.jsonl", {"kind": "reply", "marker": marker})
        with self.client.post(
            form.group(1), {"csrfmiddlewaretoken": token, "body": f"品川区です。ぜひ調整させてください。{marker}"},
            name="reply (POST)", allow_redirects=False, catch_response=True,
        ) as response:
            if response.status_code == 302:
                _append("acked.jsonl", {"kind": "reply", "marker": marker, "t": time.time()})
                response.success()
            else:
                response.failure(f"reply not acknowledged: {response.status_code}")
