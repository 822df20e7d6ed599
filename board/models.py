"""The members-only bulletin board (掲示板): categories, posts, replies, attachments, workflow.

Reads go through `board.selectors` (visible-to querysets); writes through `board.services`.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Category(models.Model):
    """One of the board's categories (from the seeds' 活用事例)."""

    slug = models.SlugField("識別子", unique=True)
    name = models.CharField("名称", max_length=100, unique=True)
    description = models.CharField("説明", max_length=300, blank=True)
    has_workflow = models.BooleanField(
        "状況（募集中→調整中→実現／終了）を管理する", default=False,
        help_text="提案・参加募集のように、区が受けて実現までを追う分類で有効にします。",
    )
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "掲示板の分類"
        verbose_name_plural = "掲示板の分類"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class Post(models.Model):
    """A thread: a proposal or notice by a member, with replies."""

    # Searched on the board; on PostgreSQL through the bigram column of these (core/fulltext.py).
    SEARCH_FIELDS = ("title", "body")

    class Status(models.TextChoices):
        OPEN = "open", "募集中"
        COORDINATING = "coordinating", "調整中"
        REALISED = "realised", "実現"
        CLOSED = "closed", "終了"

    category = models.ForeignKey(Category, verbose_name="分類", on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="投稿者", on_delete=models.PROTECT, related_name="board_posts"
    )
    organization = models.ForeignKey(
        "municipalities.Municipality", verbose_name="投稿団体", on_delete=models.PROTECT, related_name="board_posts",
        help_text="投稿時の投稿者の所属",
    )
    title = models.CharField("件名", max_length=120)
    body = models.TextField("本文", max_length=20000, help_text="Markdown 記法が使えます。")
    body_html = models.TextField("本文（表示用HTML）", blank=True, editable=False)
    target_wards = models.ManyToManyField(
        "municipalities.Ward", verbose_name="対象の区", blank=True, related_name="targeted_posts"
    )
    status = models.CharField("状況", max_length=15, choices=Status.choices, default=Status.OPEN, db_index=True)
    realised_event = models.ForeignKey(
        "events.Event", verbose_name="実現したイベント", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="board_posts",
    )
    realised_relation = models.ForeignKey(
        "municipalities.ExchangeRelation", verbose_name="実現した交流", on_delete=models.SET_NULL, null=True,
        blank=True, related_name="board_posts",
    )
    status_note = models.CharField("状況の補足", max_length=300, blank=True)
    is_public_outcome = models.BooleanField(
        "成果として公開", default=False,
        help_text="「実現」の投稿を、イベントのページと「掲示板から実現した連携」（/about/outcomes/）に公開します。"
        "公開するのは投稿した団体、応じた区、日付と実現したイベント・交流だけで、件名・本文・返信は公開しません。",
    )
    is_pinned = models.BooleanField("ピン留め", default=False)
    is_locked = models.BooleanField("返信の締切（ロック）", default=False)
    is_hidden = models.BooleanField("非表示（モデレーション）", default=False)
    moderation_note = models.CharField("モデレーションの理由", max_length=300, blank=True)
    reply_count = models.PositiveIntegerField("返信数", default=0, editable=False)
    created_at = models.DateTimeField("投稿日時", default=timezone.now, db_index=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    last_activity_at = models.DateTimeField("最終更新", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "掲示板の投稿"
        verbose_name_plural = "掲示板の投稿"
        ordering = ["-is_pinned", "-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["category", "-last_activity_at"], name="board_post_cat_activity"),
            # The index page's order: read in index order, so a page costs the same on any board size.
            models.Index(fields=["-is_pinned", "-last_activity_at", "-id"], name="board_post_index_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("board:post", kwargs={"post_id": self.pk})


class Reply(models.Model):
    post = models.ForeignKey(Post, verbose_name="投稿", on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="返信者", on_delete=models.PROTECT, related_name="board_replies"
    )
    organization = models.ForeignKey(
        "municipalities.Municipality", verbose_name="返信団体", on_delete=models.PROTECT, related_name="board_replies"
    )
    body = models.TextField("本文", max_length=20000)
    body_html = models.TextField("本文（表示用HTML）", blank=True, editable=False)
    is_hidden = models.BooleanField("非表示（モデレーション）", default=False)
    created_at = models.DateTimeField("返信日時", default=timezone.now, db_index=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "返信"
        verbose_name_plural = "返信"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.post} への返信"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Random names: the stored path reveals nothing and cannot be guessed from the upload's name.
    ext = os.path.splitext(filename)[1].lower()
    return f"board/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class Attachment(models.Model):
    """A file attached to a post or reply, served to approved members only, as a download."""

    post = models.ForeignKey(Post, verbose_name="投稿", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    reply = models.ForeignKey(Reply, verbose_name="返信", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField("ファイル", upload_to=attachment_path)
    original_name = models.CharField("元のファイル名", max_length=255)
    content_type = models.CharField("ファイル形式", max_length=100)
    size = models.PositiveBigIntegerField("サイズ（バイト）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登録者", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登録日時", default=timezone.now)

    class Meta:
        verbose_name = "添付ファイル"
        verbose_name_plural = "添付ファイル"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=False, reply__isnull=True) | models.Q(post__isnull=True, reply__isnull=False),
                name="attachment_has_one_parent",
            )
        ]

    def __str__(self):
        return self.original_name

    @property
    def thread(self) -> Post:
        return self.post if self.post_id else self.reply.post


class Engagement(models.Model):
    """A ward's answer to a proposal: taken up (調整中) or realised (実現) by that ward."""

    class Stage(models.TextChoices):
        TAKEN_UP = "taken_up", "区が検討・調整中"
        REALISED = "realised", "区で実現"

    post = models.ForeignKey(Post, verbose_name="投稿", on_delete=models.CASCADE, related_name="engagements")
    ward = models.ForeignKey("municipalities.Ward", verbose_name="区", on_delete=models.PROTECT, related_name="engagements")
    stage = models.CharField("段階", max_length=10, choices=Stage.choices)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登録者", on_delete=models.PROTECT, related_name="+")
    note = models.CharField("補足", max_length=300, blank=True)
    created_at = models.DateTimeField("登録日時", default=timezone.now)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "区の対応"
        verbose_name_plural = "区の対応"
        ordering = ["post", "ward"]
        constraints = [models.UniqueConstraint(fields=["post", "ward"], name="unique_engagement_per_ward")]

    def __str__(self):
        return f"{self.ward}: {self.get_stage_display()}"


class ReadMark(models.Model):
    """When a user last read a thread (for unread markers)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="read_marks")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "既読"
        verbose_name_plural = "既読"
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="unique_read_mark")]

    def __str__(self):
        return f"{self.user_id} / {self.post_id}: {self.read_at:%Y-%m-%d %H:%M}"


class CategorySubscription(models.Model):
    """How a person wants to hear about new posts in a category."""

    class Mode(models.TextChoices):
        EACH = "each", "投稿ごとにメール"
        DIGEST = "digest", "1日1回まとめてメール"
        NONE = "none", "通知しない"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="利用者", on_delete=models.CASCADE, related_name="category_subscriptions")
    category = models.ForeignKey(Category, verbose_name="分類", on_delete=models.CASCADE, related_name="subscriptions")
    mode = models.CharField("通知方法", max_length=10, choices=Mode.choices, default=Mode.EACH)

    class Meta:
        verbose_name = "分類の通知設定"
        verbose_name_plural = "分類の通知設定"
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="unique_category_subscription")]

    def __str__(self):
        return f"{self.user} / {self.category}: {self.get_mode_display()}"


class ThreadWatch(models.Model):
    """A person watching (always notified) or muting (never notified) one thread."""

    class Mode(models.TextChoices):
        WATCH = "watch", "ウォッチ（返信を通知）"
        MUTE = "mute", "ミュート（通知しない）"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="利用者", on_delete=models.CASCADE, related_name="thread_watches")
    post = models.ForeignKey(Post, verbose_name="投稿", on_delete=models.CASCADE, related_name="watches")
    mode = models.CharField("設定", max_length=10, choices=Mode.choices)

    class Meta:
        verbose_name = "スレッドの通知設定"
        verbose_name_plural = "スレッドの通知設定"
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="unique_thread_watch")]

    def __str__(self):
        return f"{self.user} / {self.post_id}: {self.get_mode_display()}"


class TopicSubscription(models.Model):
    """How a person wants e-mail about what concerns them (beyond the categories they follow).
    The entry in the notification centre is written whatever the mode, except for muted threads."""

    class Topic(models.TextChoices):
        OWN = "own", "自分の投稿への返信・区の対応・状況の変更"
        WATCHED = "watched", "ウォッチ中のスレッドへの返信・区の対応・状況の変更"
        WARD = "ward", "自分の区あての投稿（区の連絡担当者）"
        ORGANIZATION = "organization", "所属団体の新しい会員の承認"

    # Without a choice: e-mail at once, except for new members of one's organisation (the site only).
    DEFAULTS = {Topic.OWN: "each", Topic.WATCHED: "each", Topic.WARD: "each", Topic.ORGANIZATION: "none"}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="利用者", on_delete=models.CASCADE, related_name="topic_subscriptions")
    topic = models.CharField("通知の種類", max_length=15, choices=Topic.choices)
    mode = models.CharField("メール", max_length=10, choices=CategorySubscription.Mode.choices)

    class Meta:
        verbose_name = "通知の種類ごとの設定"
        verbose_name_plural = "通知の種類ごとの設定"
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="unique_topic_subscription")]

    def __str__(self):
        return f"{self.user} / {self.get_topic_display()}: {self.get_mode_display()}"


class Notification(models.Model):
    """One event for one person: an entry in their notification centre (/members/notifications/),
    and the e-mail owed for it — sent at once by the task worker (retried on failure), kept for the
    daily digest, or none, as the person's settings say."""

    class Kind(models.TextChoices):
        NEW_POST = "new_post", "新しい投稿"
        TARGETED = "targeted", "区あての投稿"
        REPLY = "reply", "返信"
        ENGAGEMENT = "engagement", "区の対応"
        STATUS = "status", "状況の変更"
        MEMBER = "member", "団体の新しい会員"

    class State(models.TextChoices):
        PENDING = "pending", "送信待ち"
        DIGEST = "digest", "まとめて送信待ち"
        SENT = "sent", "送信済み"
        FAILED = "failed", "送信失敗"
        NO_MAIL = "no_mail", "メールなし（サイト内の通知のみ）"
        SKIPPED = "skipped", "送信取りやめ（非表示・利用停止）"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="宛先", on_delete=models.CASCADE, related_name="board_notifications")
    kind = models.CharField("種類", max_length=10, choices=Kind.choices)
    post = models.ForeignKey(Post, verbose_name="投稿", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications")
    reply = models.ForeignKey(Reply, verbose_name="返信", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications")
    # Who did it, as whom (the ward for 区の対応), and what it was at the time: the entry keeps saying
    # what happened when the post changes again.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="行った人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_organization = models.ForeignKey(
        "municipalities.Municipality", verbose_name="行った団体", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stage = models.CharField("区の対応の段階", max_length=10, choices=Engagement.Stage.choices, blank=True)
    status = models.CharField("新しい状況", max_length=15, choices=Post.Status.choices, blank=True)
    note = models.CharField("補足", max_length=300, blank=True)
    event = models.ForeignKey(
        "events.Event", verbose_name="実現したイベント", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    read_at = models.DateTimeField("既読日時", null=True, blank=True)
    state = models.CharField("メール", max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField("送信試行回数", default=0)
    last_error = models.TextField("最後のエラー", blank=True)
    created_at = models.DateTimeField("作成日時", default=timezone.now)
    sent_at = models.DateTimeField("送信日時", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The header's unread count and the notification centre (unread first, newest first).
            models.Index(fields=["user", "read_at", "-created_at"], name="board_notice_user_unread"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.user}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    def get_target_url(self) -> str:
        """Where the entry leads: the exact reply, the post's status panel, the post, or one's organisation."""
        if self.kind == self.Kind.MEMBER:
            return reverse("members:organization")
        url = reverse("board:post", kwargs={"post_id": self.post_id})
        if self.reply_id:
            return f"{url}#reply-{self.reply_id}"
        if self.kind in (self.Kind.ENGAGEMENT, self.Kind.STATUS):
            return f"{url}#status-title"
        return url
