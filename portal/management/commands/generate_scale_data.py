"""Scale data on top of the seeds, for benchmarks: what the portal holds when every municipality has
joined and the board has years of history.

    python manage.py generate_scale_data            # 5,000 members, 100,000 posts, 300,000 replies, 10,000 events
    python manage.py generate_scale_data --posts 1000 --replies 3000 --members 100 --events 100

Text is built from the seeds' own sentences (the about page, the timeline, event descriptions), so it
is realistic Japanese for search. Rows are bulk-inserted in batches; reply counts and last activity are
consistent. Refuses to run twice (a marker category of rows exists) unless --force.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from contextlib import contextmanager

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from board.models import Attachment, Category, Post, Reply
from core import fulltext
from core.caching import BOARD
from events.models import Event
from municipalities.models import Municipality, Ward
from portal.models import AboutSection, TimelineEntry, User

MARKER = "scale-"
BATCH = 5000


class Command(BaseCommand):
    help = "ベンチマーク用の大量データ（会員・投稿・返信・イベント）を生成します。"

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=5000)
        parser.add_argument("--posts", type=int, default=100_000)
        parser.add_argument("--replies", type=int, default=300_000)
        parser.add_argument("--events", type=int, default=10_000)
        parser.add_argument("--attachment-every", type=int, default=10, help="1 post in N has an attachment")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, **opts):
        if User.objects.filter(email__startswith=MARKER).exists() and not opts["force"]:
            raise CommandError("大量データは生成済みです（--force で追加生成）。")
        self.rng = random.Random(opts["seed"])  # noqa: S311 — repeatable demo data, not secrets
        self.sentences = self._sentences()
        started = time.monotonic()
        with transaction.atomic():
            users = self._members(opts["members"])
            with self._without_search_index():
                posts = self._posts(users, opts["posts"], opts["attachment_every"], opts["replies"])
                self._replies(users, posts)
            self._events(opts["events"])
        # Bulk inserts send no model signals: running app servers must drop their board parts.
        BOARD.bump()
        self.stdout.write(self.style.SUCCESS(f"完了（{time.monotonic() - started:.0f}秒）"))

    @contextmanager
    def _without_search_index(self):
        """Build the bigram index once after the bulk insert (PostgreSQL): far cheaper than per row.
        (The bigram column itself is filled by its trigger as rows are inserted.)"""
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {fulltext.index_name('board_post')}")
        yield
        t = time.monotonic()
        with connection.cursor() as cursor:
            # Deferred foreign-key checks of the bulk insert must run before an index can be built.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(fulltext.create_index_sql("board_post"))
        self.stdout.write(f"検索用インデックス（{time.monotonic() - t:.0f}秒）")

    def _sentences(self) -> list[str]:
        texts = list(AboutSection.objects.values_list("body", flat=True))
        texts += [f"{t} {b}" for t, b in TimelineEntry.objects.values_list("title", "body")]
        texts += list(Event.objects.values_list("summary", flat=True))
        sentences = []
        for text in texts:
            for part in text.replace("\n", "。").split("。"):
                part = part.strip(" ・-")
                if 8 <= len(part) <= 160:
                    sentences.append(part + "。")
        if len(sentences) < 20:
            raise CommandError("シードの文章がありません。先に manage.py load_seed を実行してください。")
        return sentences

    def _text(self, n: int) -> str:
        return "".join(self.rng.choice(self.sentences) for _ in range(n))

    def _members(self, n: int) -> list[tuple[int, str]]:
        t = time.monotonic()
        codes = list(Municipality.objects.exclude(kind="ward").values_list("code", flat=True))
        wards = list(Ward.objects.values_list("municipality_id", flat=True))
        password = make_password("scale-data-not-for-login")
        now = timezone.now()
        rows = []
        for i in range(n):
            code = self.rng.choice(wards) if i % 20 == 0 else self.rng.choice(codes)
            rows.append(User(
                email=f"{MARKER}{i:05d}@example.jp", full_name=f"会員 {i}", municipality_id=code, department="企画課",
                phone="03-0000-0000", approval_status=User.Approval.APPROVED, approval_decided_at=now, password=password,
            ))
        User.objects.bulk_create(rows, batch_size=BATCH)
        users = list(User.objects.filter(email__startswith=MARKER).values_list("pk", "municipality_id"))
        self.stdout.write(f"会員 {len(users):,}人（{time.monotonic() - t:.0f}秒）")
        return users

    def _posts(self, users, n: int, attachment_every: int, n_replies: int) -> list[tuple[int, dt.datetime, int]]:
        """Posts with their final reply counts (the replies are planned first: no update pass)."""
        t = time.monotonic()
        # One thread in a thousand is long (200 replies), the rest share what is left at random.
        counts = [0] * n
        for i in range(0, n, 1000):
            counts[i] = 200
        for _ in range(max(0, n_replies - sum(counts))):
            counts[self.rng.randrange(n)] += 1 if n else 0
        categories = list(Category.objects.values_list("pk", "has_workflow"))
        statuses = [s for s, _ in Post.Status.choices]
        start = timezone.now() - dt.timedelta(days=365 * 10)
        step = dt.timedelta(days=365 * 10) / max(n, 1)
        first_pk = (Post.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        for offset in range(0, n, BATCH):
            rows = []
            for i in range(offset, min(n, offset + BATCH)):
                user_pk, code = self.rng.choice(users)
                category, workflow = self.rng.choice(categories)
                created = start + step * i
                body = self._text(self.rng.randint(2, 6))
                rows.append(Post(
                    category_id=category, author_id=user_pk, organization_id=code,
                    title=self._text(1)[:60].rstrip("。"), body=body, body_html=f"<p>{body}</p>",
                    status=self.rng.choice(statuses) if workflow else Post.Status.OPEN,
                    created_at=created, last_activity_at=created + dt.timedelta(hours=counts[i]),
                    reply_count=counts[i],
                ))
            Post.objects.bulk_create(rows, batch_size=BATCH)
        planned = list(Post.objects.filter(pk__gte=first_pk).order_by("pk").values_list("pk", "created_at", "reply_count"))
        post_pks = [pk for pk, _, _ in planned]
        attachments = [
            Attachment(post_id=pk, file=f"board/scale/{pk}.pdf", original_name="資料.pdf",
                       content_type="application/pdf", size=self.rng.randint(50_000, 5_000_000), uploaded_by_id=users[0][0])
            for pk in post_pks[::attachment_every]
        ]
        Attachment.objects.bulk_create(attachments, batch_size=BATCH)
        self.stdout.write(f"投稿 {len(post_pks):,}件・添付 {len(attachments):,}件（{time.monotonic() - t:.0f}秒）")
        return planned

    def _replies(self, users, posts: list[tuple[int, dt.datetime, int]]) -> None:
        """Each post's planned replies, one hour apart, the last at the post's last activity."""
        t = time.monotonic()
        rows, total = [], 0
        for post_pk, created_at, count in posts:
            for k in range(count):
                user_pk, code = self.rng.choice(users)
                body = self._text(self.rng.randint(1, 3))
                rows.append(Reply(post_id=post_pk, author_id=user_pk, organization_id=code, body=body,
                                  body_html=f"<p>{body}</p>", created_at=created_at + dt.timedelta(hours=k + 1)))
            if len(rows) >= BATCH:
                Reply.objects.bulk_create(rows, batch_size=BATCH)
                total += len(rows)
                rows = []
        Reply.objects.bulk_create(rows, batch_size=BATCH)
        total += len(rows)
        self.stdout.write(f"返信 {total:,}件（{time.monotonic() - t:.0f}秒）")

    def _events(self, n: int) -> None:
        t = time.monotonic()
        kinds = [k for k, _ in Event.Kind.choices]
        venues = ["東京区政会館 1階エントランスホール", "特別区職員研修所", "明治安田ヴィレッジ丸の内", "大井競馬場", "オンライン"]
        today = timezone.localdate()
        rows = []
        for i in range(n):
            start = today - dt.timedelta(days=self.rng.randint(-365, 365 * 12))
            rows.append(Event(
                title=f"{self._text(1)[:50].rstrip('。')}（{i}）", kind=self.rng.choice(kinds), start_date=start,
                end_date=start + dt.timedelta(days=self.rng.choice([0, 0, 1, 2, 40])), venue=self.rng.choice(venues),
                summary=self._text(2), source=f"{MARKER}generated",
            ))
        Event.objects.bulk_create(rows, batch_size=BATCH)
        self.stdout.write(f"イベント {n:,}件（{time.monotonic() - t:.0f}秒）")
