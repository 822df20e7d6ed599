"""The members-only bulletin board (掲示板): categories, posts, replies, attachments, workflow.

Reads go through `board.selectors` (visible-to querysets); writes through `board.services`.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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
    class AnswerKind(models.TextChoices):
        NONE = "", "なし（返信のみ）"
        PARTICIPATION = "participation", "参加の回答（参加する／参加しない）"
        DISTRIBUTION = "distribution", "配布の回答（配布できる／できない・部数・配布場所・送付先）"

    takes_deadline = models.BooleanField(
        "締切日を設ける", default=False,
        help_text="参加募集・配布依頼のように、締切日までに区の回答を集める分類で有効にします。",
    )
    answer_kind = models.CharField(
        "区の回答の形式", max_length=15, choices=AnswerKind.choices, default=AnswerKind.NONE, blank=True,
        help_text="区の連絡担当者が決まった形式で回答する分類（回答の一覧と合計が投稿者に表示されます）。",
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
    deadline = models.DateField(
        "締切日", null=True, blank=True, db_index=True, help_text="参加募集・配布依頼の回答の締切（この日まで回答できます）"
    )
    reminded_at = models.DateTimeField(
        "締切前のお知らせの送信日時", null=True, blank=True, editable=False,
        help_text="未回答の対象区に締切前のお知らせを送った日時（締切日を変えると再び送ります）",
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

    @property
    def days_left(self) -> int | None:
        """Days from today (Asia/Tokyo) to the deadline: 0 on the day itself, negative after it."""
        if self.deadline is None:
            return None
        return (self.deadline - timezone.localdate()).days

    @property
    def is_past_deadline(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()


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
    draft = models.ForeignKey(
        "Draft", verbose_name="下書き", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
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
                condition=models.Q(post__isnull=False, reply__isnull=True, draft__isnull=True)
                | models.Q(post__isnull=True, reply__isnull=False, draft__isnull=True)
                | models.Q(post__isnull=True, reply__isnull=True, draft__isnull=False),
                name="attachment_has_one_parent",
            )
        ]

    def __str__(self):
        return self.original_name

    @property
    def thread(self) -> Post | None:
        """The thread the file belongs to (None for a draft's file)."""
        if self.post_id:
            return self.post
        return self.reply.post if self.reply_id else None


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


class WardAnswer(models.Model):
    """A ward's structured answer to a call for participants or a pamphlet request (区の回答), and,
    for pamphlets, the shipment: 発送済み (marked by the requester), 受領 (marked by the ward)."""

    class Response(models.TextChoices):
        YES = "yes", "できる"
        NO = "no", "できない"

    # The wording of the two answers for each kind of request (Category.answer_kind).
    LABELS = {
        "participation": {"yes": "参加する", "no": "参加しない"},
        "distribution": {"yes": "配布できる", "no": "配布できない"},
    }
    MAX_COPIES = 100_000

    post = models.ForeignKey(Post, verbose_name="投稿", on_delete=models.CASCADE, related_name="answers")
    ward = models.ForeignKey("municipalities.Ward", verbose_name="区", on_delete=models.PROTECT, related_name="answers")
    response = models.CharField("回答", max_length=3, choices=Response.choices)
    copies = models.PositiveIntegerField(
        "部数", null=True, blank=True,
        validators=[MinValueValidator(1, "部数は1以上で入力してください。"),
                    MaxValueValidator(MAX_COPIES, f"部数は{MAX_COPIES:,}部までで入力してください。")],
    )
    place = models.CharField("配布場所", max_length=200, blank=True)
    ship_to = models.TextField("送付先", max_length=300, blank=True)
    note = models.CharField("補足", max_length=300, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回答者", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("回答日時", default=timezone.now)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    shipped_at = models.DateTimeField("発送日時", null=True, blank=True)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="発送の登録者", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField("受領日時", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="受領の登録者", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "区の回答"
        verbose_name_plural = "区の回答"
        ordering = ["post", "ward__sort_order", "ward"]
        constraints = [models.UniqueConstraint(fields=["post", "ward"], name="unique_answer_per_ward")]

    def __str__(self):
        return f"{self.ward}: {self.response_label}"

    @property
    def response_label(self) -> str:
        return self.LABELS.get(self.post.category.answer_kind, {}).get(self.response, self.get_response_display())

    @property
    def is_yes(self) -> bool:
        return self.response == self.Response.YES


class Draft(models.Model):
    """A new post not yet published (下書き): kept on the server, seen by its author only."""

    MAX_PER_AUTHOR = 50

    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作成者", on_delete=models.CASCADE, related_name="board_drafts")
    category = models.ForeignKey(Category, verbose_name="分類", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    title = models.CharField("件名", max_length=120, blank=True)
    body = models.TextField("本文", max_length=20000, blank=True)
    target_wards = models.ManyToManyField("municipalities.Ward", verbose_name="対象の区", blank=True, related_name="+")
    deadline = models.DateField("締切日", null=True, blank=True)
    created_at = models.DateTimeField("作成日時", default=timezone.now)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "下書き"
        verbose_name_plural = "下書き"
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title or "（件名なし）"

    def get_absolute_url(self):
        return reverse("board:draft", kwargs={"draft_id": self.pk})


class Report(models.Model):
    """A member's report of a post or reply (通報), reviewed by the Secretariat in the admin."""

    class Reason(models.TextChoices):
        SPAM = "spam", "宣伝・スパム"
        PERSONAL = "personal", "個人情報が含まれている"
        OFF_TOPIC = "off_topic", "掲示板の目的に合わない"
        OTHER = "other", "その他"

    class Outcome(models.TextChoices):
        OPEN = "open", "未対応"
        HIDDEN = "hidden", "非表示にした"
        KEPT = "kept", "問題なし（表示したまま）"

    post = models.ForeignKey(Post, verbose_name="投稿", on_delete=models.CASCADE, related_name="reports")
    reply = models.ForeignKey(Reply, verbose_name="返信", on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="通報者", on_delete=models.CASCADE, related_name="board_reports")
    reason = models.CharField("理由", max_length=10, choices=Reason.choices)
    text = models.CharField("内容", max_length=1000, blank=True)
    created_at = models.DateTimeField("通報日時", default=timezone.now, db_index=True)
    outcome = models.CharField("対応", max_length=10, choices=Outcome.choices, default=Outcome.OPEN, db_index=True)
    resolution_note = models.CharField("対応の記録", max_length=300, blank=True, help_text="通報者にも通知されます。")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="対応者", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField("対応日時", null=True, blank=True)

    class Meta:
        verbose_name = "通報"
        verbose_name_plural = "通報"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One report per member and item (a post's own report has no reply).
            models.UniqueConstraint(fields=["reporter", "post"], condition=models.Q(reply__isnull=True), name="unique_post_report"),
            models.UniqueConstraint(fields=["reporter", "reply"], condition=models.Q(reply__isnull=False), name="unique_reply_report"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.item_label}"

    @property
    def item_label(self) -> str:
        return f"「{self.post.title}」への返信" if self.reply_id else f"投稿「{self.post.title}」"


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
        OWN = "own", "自分の投稿への返信・区の対応・区の回答・状況の変更"
        WATCHED = "watched", "ウォッチ中のスレッドへの返信・区の対応・状況の変更"
        WARD = "ward", "自分の区あての投稿と、回答の締切前のお知らせ（区の連絡担当者）"
        ORGANIZATION = "organization", "所属団体の新しい会員の承認"
        MENTION = "mention", "所属団体の名前が「@」で挙げられた投稿・返信"
        REPORT = "report", "自分の通報への事務局の対応"

    # Without a choice: e-mail at once, except for new members of one's organisation (the site only).
    DEFAULTS = {
        Topic.OWN: "each", Topic.WATCHED: "each", Topic.WARD: "each", Topic.ORGANIZATION: "none",
        Topic.MENTION: "each", Topic.REPORT: "each",
    }

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
        MENTION = "mention", "団体の名前（@）"
        ANSWER = "answer", "区の回答"
        DEADLINE = "deadline", "締切前のお知らせ"
        REPORT = "report", "通報への対応"

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
        """Where the entry leads: the exact reply (its permalink finds its page), the post's status or
        answers panel, the post, one's organisation, or — a reported item now hidden — the board."""
        if self.kind == self.Kind.MEMBER:
            return reverse("members:organization")
        if self.post_id is None:
            return reverse("board:index")
        if self.reply_id:
            return reverse("board:reply_link", kwargs={"reply_id": self.reply_id})
        url = reverse("board:post", kwargs={"post_id": self.post_id})
        if self.kind in (self.Kind.ENGAGEMENT, self.Kind.STATUS):
            return f"{url}#status-title"
        if self.kind in (self.Kind.ANSWER, self.Kind.DEADLINE):
            return f"{url}#answers-title"
        return url
