"""Accounts, and the project-wide content the Secretariat edits: about page, timeline, news, figures."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import wareki
from core.models import PartialDateMixin


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("メールアドレスは必須です。")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("approval_status", User.Approval.APPROVED)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: municipal member, ward liaison officer or Secretariat staff.

    The role follows from the data: staff are the Secretariat; an approved user whose organisation
    is one of the 23 wards is that ward's liaison officer; any other approved user is a member.
    """

    class Approval(models.TextChoices):
        PENDING = "pending", "承認待ち"
        APPROVED = "approved", "承認済み"
        REJECTED = "rejected", "却下"

    class Deactivation(models.TextChoices):
        HANDOVER = "handover", "後任者への交代（人事異動）"
        LEFT = "left", "本人による退会"
        SECRETARIAT = "secretariat", "事務局による利用停止"

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("メールアドレス", unique=True)
    full_name = models.CharField("氏名", max_length=100, blank=True)
    full_name_kana = models.CharField("氏名（ふりがな）", max_length=100, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name="所属自治体",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    department = models.CharField("部署", max_length=150, blank=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    approval_status = models.CharField(
        "承認状態", max_length=10, choices=Approval.choices, default=Approval.PENDING, db_index=True
    )
    approval_decided_at = models.DateTimeField("承認・却下日時", null=True, blank=True)
    approval_note = models.TextField(
        "承認・却下の理由", blank=True, help_text="却下の理由は本人へのメールと承認待ちページに表示されます。"
    )
    # The application is complete once the e-mail address is confirmed (or came from a hand-over
    # invitation): from then on the Secretariat is asked to decide.
    applied_at = models.DateTimeField("申請日時（メール確認済み）", null=True, blank=True, db_index=True)
    deactivated_at = models.DateTimeField("利用停止日時", null=True, blank=True)
    deactivation_reason = models.CharField(
        "利用停止の理由", max_length=15, choices=Deactivation.choices, blank=True
    )
    personal_data_cleared_at = models.DateTimeField("個人情報の消去日時", null=True, blank=True)
    # Members are asked to keep 担当者・部署・連絡先 current; the Secretariat sees every change.
    history = HistoricalRecords(
        verbose_name="利用者の変更履歴", excluded_fields=["password", "last_login"], user_db_constraint=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "利用者"
        verbose_name_plural = "利用者"
        ordering = ["email"]

    def __str__(self):
        return f"{self.full_name}（{self.email}）" if self.full_name else self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name or self.email

    @property
    def is_approved(self) -> bool:
        return self.is_active and self.approval_status == self.Approval.APPROVED

    @property
    def email_domain(self) -> str:
        return self.email.rpartition("@")[2].lower()


class Handover(models.Model):
    """人事異動: a member names a successor, who signs up already linked to the organisation.

    The Secretariat confirms the successor (one click, with the predecessor shown); the successor
    inherits the predecessor's board settings; the predecessor's account is deactivated then, or on
    the date the predecessor set. The invitation link is signed and works while the state is INVITED.
    """

    class State(models.TextChoices):
        INVITED = "invited", "後任者の登録待ち"
        APPLIED = "applied", "事務局の確認待ち"
        COMPLETED = "completed", "交代済み"
        CANCELLED = "cancelled", "取消"

    predecessor = models.ForeignKey(
        User, verbose_name="前任者", on_delete=models.CASCADE, related_name="handovers_given"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name="所属自治体", on_delete=models.PROTECT, related_name="+"
    )
    successor_email = models.EmailField("後任者のメールアドレス")
    successor = models.ForeignKey(
        User, verbose_name="後任者", on_delete=models.SET_NULL, null=True, blank=True, related_name="handovers_received"
    )
    message = models.TextField("後任者へのメッセージ", max_length=1000, blank=True)
    deactivate_on = models.DateField(
        "前任者のアカウントを停止する日", null=True, blank=True,
        help_text="空欄なら、後任者が承認された時に停止します。",
    )
    state = models.CharField("状態", max_length=10, choices=State.choices, default=State.INVITED, db_index=True)
    nonce = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField("依頼日時", default=timezone.now)
    expires_at = models.DateTimeField("招待の有効期限")
    applied_at = models.DateTimeField("後任者の登録日時", null=True, blank=True)
    completed_at = models.DateTimeField("交代日時", null=True, blank=True)

    class Meta:
        verbose_name = "担当者の交代（人事異動）"
        verbose_name_plural = "担当者の交代（人事異動）"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.predecessor} → {self.successor or self.successor_email}"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.INVITED, self.State.APPLIED)


class ContactReconfirmation(models.Model):
    """A member's yearly confirmation of their contact data (登録情報の確認), one row per 年度."""

    class Via(models.TextChoices):
        LINK = "link", "メールのリンク（変更なし）"
        PROFILE = "profile", "登録情報の画面"
        APPROVAL = "approval", "承認（今年度の登録）"

    user = models.ForeignKey(User, verbose_name="利用者", on_delete=models.CASCADE, related_name="reconfirmations")
    fiscal_year = models.PositiveSmallIntegerField("年度（西暦）")
    requested_at = models.DateTimeField("依頼メールの送信日時", null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField("再送の回数", default=0)
    confirmed_at = models.DateTimeField("確認日時", null=True, blank=True)
    confirmed_via = models.CharField("確認の方法", max_length=10, choices=Via.choices, blank=True)

    class Meta:
        verbose_name = "登録情報の確認"
        verbose_name_plural = "登録情報の確認（年度ごと）"
        ordering = ["-fiscal_year", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "fiscal_year"], name="unique_reconfirmation_per_year")]

    def __str__(self):
        return f"{self.user} {wareki.format_fiscal_year(self.fiscal_year)}"


class TimelineEntry(PartialDateMixin):
    """One line of これまでの経過 (the project's history)."""

    title = models.CharField("見出し", max_length=300)
    body = models.TextField("内容", blank=True)
    event = models.ForeignKey(
        "events.Event", verbose_name="関連イベント", on_delete=models.SET_NULL,
        null=True, blank=True, related_name="timeline_entries",
    )
    is_milestone = models.BooleanField("主な出来事", default=False)
    sort_order = models.PositiveSmallIntegerField("同日内の順序", default=0)
    source = models.CharField("出典", max_length=200, blank=True)

    class Meta:
        verbose_name = "経過（年表）"
        verbose_name_plural = "経過（年表）"
        ordering = ["date", "sort_order", "pk"]

    def __str__(self):
        return f"{self.date_display} {self.title}"


class NewsItem(models.Model):
    """A topic (トピックス) on the public site."""

    title = models.CharField("タイトル", max_length=200)
    published_on = models.DateField("掲載日", default=timezone.localdate, db_index=True)
    published_precision = models.CharField(
        "掲載日の精度", max_length=6, choices=wareki.PRECISION_CHOICES, default=wareki.DAY,
        help_text="資料に年月や年度しかない場合に指定します（掲載日はその初日）。",
    )
    body = models.TextField("本文")
    link_url = models.URLField("関連リンク", blank=True)
    link_label = models.CharField("関連リンクの表示名", max_length=100, blank=True, help_text="空欄のときは「関連リンク」")
    is_published = models.BooleanField("公開", default=True)

    class Meta:
        verbose_name = "トピックス"
        verbose_name_plural = "トピックス"
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def date_display(self) -> str:
        return wareki.format_date(self.published_on, self.published_precision)

    @property
    def datetime_attr(self) -> str:
        return wareki.html_datetime(self.published_on, self.published_precision)


class NewsletterIssue(models.Model):
    """An issue of 東京23区 全国連携NEWS (the project's PR newsletter)."""

    number = models.PositiveSmallIntegerField("号", null=True, blank=True, unique=True)
    title = models.CharField("表題", max_length=200)
    published_on = models.DateField("発行日", null=True, blank=True)
    published_precision = models.CharField(
        "発行日の精度", max_length=6, choices=wareki.PRECISION_CHOICES, default=wareki.DAY,
        help_text="発行日が年度や年月しか分からない場合に指定します（発行日はその初日）。",
    )
    publisher = models.CharField("発行・編集", max_length=200, blank=True)
    summary = models.TextField("主な内容", blank=True, help_text="1行に1項目")
    pdf = models.FileField(
        "PDF", upload_to="newsletters/", blank=True, validators=[FileExtensionValidator(["pdf"])],
        help_text="この号のPDF。登録すると、お知らせのページに「PDF（約3.1MB）」のように大きさを添えて表示します。",
    )

    class Meta:
        verbose_name = "全国連携NEWS"
        verbose_name_plural = "全国連携NEWS"
        ordering = ["-published_on", "-number"]

    def __str__(self):
        return f"{self.title} {self.number_label or self.date_display}".strip()

    @property
    def number_label(self) -> str:
        if self.number is None:
            return ""
        return "創刊号" if self.number == 1 else f"第{self.number}号"

    @property
    def date_display(self) -> str:
        return wareki.format_date(self.published_on, self.published_precision) if self.published_on else ""

    @property
    def datetime_attr(self) -> str:
        return wareki.html_datetime(self.published_on, self.published_precision) if self.published_on else ""

    @property
    def contents(self) -> list[str]:
        return [line.strip() for line in self.summary.splitlines() if line.strip()]


class NetworkStatistic(models.Model):
    """An official count of the network (特別区長会調べ) at a reference date."""

    class Metric(models.TextChoices):
        TOTAL = "total", "東京23区と連携・交流している総自治体数"
        WARD_EXCHANGE = "ward_exchange", "各区（23区）の交流自治体数"
        MEMBERS = "members", "会員専用ホームページ登録自治体数"
        FEDERATION = "federation", "広域連携協定締結自治体数"

    metric = models.CharField("項目", max_length=20, choices=Metric.choices)
    as_of = models.DateField("基準日")
    value = models.PositiveIntegerField("数")
    source = models.CharField("出典", max_length=200, blank=True)
    note = models.CharField("注記", max_length=300, blank=True)

    class Meta:
        verbose_name = "連携自治体数（統計）"
        verbose_name_plural = "連携自治体数（統計）"
        ordering = ["-as_of", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "as_of"], name="unique_statistic_per_date")
        ]

    def __str__(self):
        return f"{self.get_metric_display()} {self.value}（{wareki.format_date(self.as_of)}）"


class AboutSection(models.Model):
    """A block of the about page: purpose, the 趣意書, the direction's preamble …"""

    slug = models.SlugField("識別子", unique=True)
    title = models.CharField("見出し", max_length=200)
    body = models.TextField("本文")
    dated = models.DateField("日付", null=True, blank=True)
    signed_by = models.CharField("署名", max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "プロジェクト紹介の項目"
        verbose_name_plural = "プロジェクト紹介の項目"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title


class Goal(models.Model):
    """One of the project's 3 goals (3つの目標)."""

    number = models.PositiveSmallIntegerField("番号", unique=True)
    text = models.CharField("目標", max_length=100)

    class Meta:
        verbose_name = "目標"
        verbose_name_plural = "目標"
        ordering = ["number"]

    def __str__(self):
        return self.text


class DirectionPlan(models.Model):
    """A multi-year direction of the project (e.g. 令和5年度～令和8年度)."""

    title = models.CharField("名称", max_length=200)
    first_fiscal_year = models.PositiveSmallIntegerField("初年度（西暦）")
    last_fiscal_year = models.PositiveSmallIntegerField("最終年度（西暦）")
    preamble = models.TextField("前文", blank=True)

    class Meta:
        verbose_name = "方向性"
        verbose_name_plural = "方向性"
        ordering = ["-first_fiscal_year"]

    def __str__(self):
        return self.title

    @property
    def fiscal_years(self) -> list[int]:
        return list(range(self.first_fiscal_year, self.last_fiscal_year + 1))


class DirectionItem(models.Model):
    """One numbered line of the direction table (主な方向性)."""

    plan = models.ForeignKey(DirectionPlan, verbose_name="方向性", on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField("番号")
    title = models.CharField("項目", max_length=200)

    class Meta:
        verbose_name = "方向性の項目"
        verbose_name_plural = "方向性の項目"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_direction_item")]

    def __str__(self):
        return f"{self.number} {self.title}"


class DirectionActivity(models.Model):
    """What an item plans for a span of fiscal years (one cell of the table, maybe spanning years)."""

    item = models.ForeignKey(DirectionItem, verbose_name="項目", on_delete=models.CASCADE, related_name="activities")
    from_fiscal_year = models.PositiveSmallIntegerField("開始年度（西暦）")
    to_fiscal_year = models.PositiveSmallIntegerField("終了年度（西暦）")
    text = models.TextField("内容", help_text="1行に1項目")

    class Meta:
        verbose_name = "方向性の取組"
        verbose_name_plural = "方向性の取組"
        ordering = ["item", "from_fiscal_year"]

    def __str__(self):
        return self.text[:40]

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]

    @property
    def span(self) -> int:
        return self.to_fiscal_year - self.from_fiscal_year + 1


class ContactPoint(models.Model):
    """お問い合わせ: who answers which questions."""

    topic = models.CharField("お問い合わせの内容", max_length=200)
    organization = models.CharField("担当", max_length=200)
    phone = models.CharField("電話番号", max_length=30)
    email = models.EmailField(
        "受付メールアドレス", blank=True,
        help_text="お問い合わせフォームの送信先。空欄のときは設定 PORTAL_CONTACT_FALLBACK_EMAIL の宛先に送ります。",
    )
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "お問い合わせ先"
        verbose_name_plural = "お問い合わせ先"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.topic


class DatasetChange(models.Model):
    """When an open data set (portal/opendata.py) last changed: written on commit of any edit of its rows."""

    slug = models.SlugField("データセット", max_length=50, unique=True)
    changed_at = models.DateTimeField("最終更新日時")

    class Meta:
        verbose_name = "オープンデータの更新日時"
        verbose_name_plural = "オープンデータの更新日時"
        ordering = ["slug"]

    def __str__(self):
        return f"{self.slug}（{self.changed_at:%Y-%m-%d %H:%M}）"


# --- お問い合わせ, よくある質問, 個人情報の取扱い ------------------------------------------------------


class ContactSubject(models.Model):
    """A subject of the contact form (プロジェクトについて …) and the desk that answers it."""

    label = models.CharField("件名", max_length=100, unique=True)
    desk = models.ForeignKey(ContactPoint, verbose_name="担当窓口", on_delete=models.PROTECT, related_name="subjects")
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)
    is_active = models.BooleanField("フォームに表示", default=True)

    class Meta:
        verbose_name = "お問い合わせの件名"
        verbose_name_plural = "お問い合わせの件名"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.label


class ContactMessage(models.Model):
    """A message sent with the contact form; the Secretariat follows it up in the admin."""

    class Status(models.TextChoices):
        NEW = "new", "未対応"
        IN_PROGRESS = "in_progress", "対応中"
        DONE = "done", "完了"

    name = models.CharField("氏名", max_length=100)
    organization = models.CharField("所属（自治体・団体・会社など）", max_length=150)
    email = models.EmailField("メールアドレス", db_index=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    subject = models.ForeignKey(ContactSubject, verbose_name="件名", on_delete=models.PROTECT, related_name="messages")
    message = models.TextField("お問い合わせ内容")
    status = models.CharField("対応状況", max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    staff_note = models.TextField("事務局メモ", blank=True)
    # A keyed hash of the sender's IP address: enough to count messages per address, not to find the sender.
    client_hash = models.CharField("送信元（ハッシュ）", max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField("受付日時", default=timezone.now, db_index=True)
    mailed_at = models.DateTimeField("窓口へのメール送信日時", null=True, blank=True)

    class Meta:
        verbose_name = "お問い合わせ"
        verbose_name_plural = "お問い合わせ"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subject}（{self.name}）"


class FaqCategory(models.Model):
    name = models.CharField("分類", max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "よくある質問の分類"
        verbose_name_plural = "よくある質問の分類"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class FaqEntry(models.Model):
    category = models.ForeignKey(FaqCategory, verbose_name="分類", on_delete=models.PROTECT, related_name="entries")
    question = models.CharField("質問", max_length=300)
    answer = models.TextField("回答", help_text="空行で段落を分けます。")
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)
    is_published = models.BooleanField("公開", default=True)

    class Meta:
        verbose_name = "よくある質問"
        verbose_name_plural = "よくある質問"
        ordering = ["category", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["category", "question"], name="unique_faq_question")]

    def __str__(self):
        return self.question


class PolicyDocument(models.Model):
    """A policy page made of sections (個人情報の取扱い), with its dates."""

    slug = models.SlugField("識別子", unique=True)
    title = models.CharField("名称", max_length=100)
    lead = models.TextField("前文", blank=True)
    established_on = models.DateField("制定日")
    revised_on = models.DateField("最終改定日", null=True, blank=True)

    class Meta:
        verbose_name = "規程・方針のページ"
        verbose_name_plural = "規程・方針のページ"
        ordering = ["slug"]

    def __str__(self):
        return self.title


class PolicySection(models.Model):
    document = models.ForeignKey(PolicyDocument, verbose_name="ページ", on_delete=models.CASCADE, related_name="sections")
    title = models.CharField("見出し", max_length=200)
    body = models.TextField("本文", help_text="空行で段落を分けます。行頭を「- 」にすると箇条書きになります。")
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "規程・方針の項目"
        verbose_name_plural = "規程・方針の項目"
        ordering = ["document", "sort_order", "pk"]

    def __str__(self):
        return self.title


# --- 試験結果（ウェブアクセシビリティ） -----------------------------------------------------------------


class AccessibilityTestRun(models.Model):
    """One test of the site against JIS X 8341-3:2016 (みんなの公共サイト運用ガイドラインの「試験結果」)."""

    tested_on = models.DateField("試験日")
    standard = models.CharField("規格", max_length=50, default="JIS X 8341-3:2016")
    target_level = models.CharField("目標とする適合レベル", max_length=5, default="AA")
    base_url = models.CharField("試験したサイトのURL", max_length=200)
    page_selection = models.TextField("試験対象ページの選び方", blank=True)
    technologies = models.CharField("依存したウェブコンテンツ技術", max_length=200, default="HTML、CSS、JavaScript、WAI-ARIA")
    tools = models.JSONField("試験ツールとバージョン", default=dict, blank=True)
    summary = models.TextField("結果の概要", blank=True, help_text="公開ページに表示します。")
    is_published = models.BooleanField("公開", default=False, db_index=True)
    created_at = models.DateTimeField("記録日時", default=timezone.now)

    class Meta:
        verbose_name = "アクセシビリティ試験"
        verbose_name_plural = "アクセシビリティ試験"
        ordering = ["-tested_on", "-pk"]

    def __str__(self):
        return f"{self.standard} {self.target_level}（{wareki.format_date(self.tested_on)}）"


class AccessibilityPageResult(models.Model):
    """One tested page: what the automatic checks found on it."""

    run = models.ForeignKey(AccessibilityTestRun, verbose_name="試験", on_delete=models.CASCADE, related_name="pages")
    path = models.CharField("ページのパス", max_length=300)
    title = models.CharField("ページのタイトル", max_length=300, blank=True)
    axe_violations = models.PositiveIntegerField("axe-coreで見つかった問題の数")
    html_errors = models.PositiveIntegerField("HTMLの文法エラーの数")
    fits_phone = models.BooleanField("幅375pxで横スクロールなし")
    details = models.JSONField("詳細", default=dict, blank=True)
    sort_order = models.PositiveSmallIntegerField("順序", default=0)

    class Meta:
        verbose_name = "試験対象ページの結果"
        verbose_name_plural = "試験対象ページの結果"
        ordering = ["run", "sort_order", "pk"]

    def __str__(self):
        return self.path

    @property
    def passed(self) -> bool:
        return self.axe_violations == 0 and self.html_errors == 0 and self.fits_phone


class AccessibilityCriterionResult(models.Model):
    """The result for one success criterion (達成基準チェックリストの1行)."""

    class Result(models.TextChoices):
        PASS = "pass", "○（満たしている）"
        AUTO_PASS = "auto", "○（自動試験で問題なし・人による確認は未実施）"
        FAIL = "fail", "×（満たしていない）"
        NOT_APPLICABLE = "na", "－（該当するコンテンツがない）"
        NOT_TESTED = "untested", "未確認（人による確認が必要）"

    run = models.ForeignKey(AccessibilityTestRun, verbose_name="試験", on_delete=models.CASCADE, related_name="criteria")
    number = models.CharField("達成基準の番号", max_length=10)
    title = models.CharField("達成基準", max_length=100)
    level = models.CharField("適合レベル", max_length=3)
    result = models.CharField("結果", max_length=10, choices=Result.choices)
    method = models.CharField("確認の方法", max_length=200, blank=True, help_text="例：自動試験（axe-core）、目視・スクリーンリーダー")
    note = models.CharField("注記", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField("順序", default=0)

    class Meta:
        verbose_name = "達成基準ごとの結果"
        verbose_name_plural = "達成基準ごとの結果"
        ordering = ["run", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="unique_criterion_per_run")]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def applicable(self) -> bool:
        return self.result != self.Result.NOT_APPLICABLE
