"""Events and exhibitions of the project: lectures, promotion events, exhibitions, supported events."""

from __future__ import annotations

import datetime as dt

from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core import wareki
from core.formats import file_size_label


class Event(models.Model):
    # What the site search and the events list's text filter look in; on PostgreSQL through the
    # bigram column of exactly these (core/fulltext.py, events/0004).
    SEARCH_FIELDS = (
        "title", "theme", "summary", "program", "venue", "organizers", "co_hosts", "cooperation", "supporters",
    )

    class Kind(models.TextChoices):
        LECTURE = "lecture", "講演会・シンポジウム"
        PROMOTION = "promotion", "魅力発信イベント"
        EXHIBITION = "exhibition", "全国連携展示"
        EXCHANGE = "exchange", "交流会・意見交換会"
        MARKET = "market", "物産展・マルシェ"
        COUNCIL = "council", "協議会・委員会"
        SUPPORTED = "supported", "支援・協力イベント"
        WARD_PROJECT = "ward_project", "区と自治体の連携事業"
        CEREMONY = "ceremony", "協定締結式"

    title = models.CharField("名称", max_length=200)
    title_kana = models.CharField("名称（カナ）", max_length=300, blank=True, help_text="全角カタカナ（オープンデータのイベント名_カナ）")
    title_en = models.CharField("名称（英語）", max_length=300, blank=True)
    kind = models.CharField("種類", max_length=20, choices=Kind.choices, db_index=True)
    start_date = models.DateField("開始日", db_index=True)
    date_precision = models.CharField(
        "日付の精度", max_length=6, choices=wareki.PRECISION_CHOICES, default=wareki.DAY,
        help_text="資料に年月や年度しかない場合に指定します（開始日はその初日）。",
    )
    end_date = models.DateField("終了日", null=True, blank=True, help_text="期間のある催しのみ")
    start_time = models.TimeField("開始時刻", null=True, blank=True)
    end_time = models.TimeField("終了時刻", null=True, blank=True)
    schedule_note = models.CharField("日時の補足", max_length=300, blank=True)
    venue = models.CharField("会場", max_length=200, blank=True)
    venue_address = models.CharField("会場の所在地", max_length=200, blank=True)
    venue_address_detail = models.CharField("方書", max_length=200, blank=True, help_text="ビル名・階など")
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True, help_text="世界測地系、10進数")
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True, help_text="世界測地系、10進数")
    access = models.CharField("アクセス方法", max_length=300, blank=True)
    parking = models.CharField("駐車場情報", max_length=200, blank=True)
    is_online = models.BooleanField("オンライン開催", default=False)
    theme = models.CharField("テーマ", max_length=300, blank=True)
    summary = models.TextField("概要", blank=True)
    program = models.TextField("内容", blank=True)
    organizers = models.CharField("主催", max_length=300, blank=True)
    co_hosts = models.CharField("共催", max_length=300, blank=True)
    cooperation = models.CharField("連携・協力", max_length=300, blank=True)
    supporters = models.CharField("後援・協賛", max_length=300, blank=True)
    organizer_municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name="主催自治体", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="organized_events",
        help_text="オープンデータの団体コードになります。空欄の催しは特別区長会の催しとして公開します。",
    )
    contact = models.CharField("問い合わせ", max_length=300, blank=True)
    contact_phone = models.CharField("問い合わせ先の電話番号", max_length=30, blank=True)
    contact_extension = models.CharField("内線番号", max_length=10, blank=True)
    fee = models.PositiveIntegerField("料金（基本・円）", null=True, blank=True, help_text="無料は0、不明は空欄")
    fee_detail = models.CharField("料金（詳細）", max_length=300, blank=True)
    capacity = models.PositiveIntegerField("定員（人）", null=True, blank=True)
    application_deadline = models.DateField("参加申込の締切日", null=True, blank=True)
    application_deadline_time = models.TimeField("参加申込の締切時刻", null=True, blank=True)
    application_method = models.CharField("参加申込の方法", max_length=300, blank=True)
    visitors = models.PositiveIntegerField("来場者数", null=True, blank=True)
    visitors_note = models.CharField("来場者数の補足", max_length=100, blank=True)
    flyer = models.FileField(
        "チラシ",
        upload_to="events/flyers/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"])],
    )
    wards = models.ManyToManyField(
        "municipalities.Ward", verbose_name="参加・実施区", blank=True, related_name="events"
    )
    municipalities = models.ManyToManyField(
        "municipalities.Municipality", verbose_name="参加自治体", blank=True, related_name="events"
    )
    federations = models.ManyToManyField(
        "agreements.Federation", verbose_name="参加団体（市長会・町村会）", blank=True, related_name="events"
    )
    partners = models.ManyToManyField(
        "agreements.CorporatePartner", verbose_name="協力企業", blank=True, related_name="events"
    )
    source = models.CharField("出典", max_length=200, blank=True)
    seed_key = models.CharField(
        "シードデータの識別子", max_length=40, blank=True, editable=False,
        help_text="load_seed が読み込んだイベント（開始日/種類）。シードの名称を直しても同じ行を更新するために使います。",
    )
    is_published = models.BooleanField("公開", default=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "イベント・展示"
        verbose_name_plural = "イベント・展示"
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="event_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["seed_key"], condition=~models.Q(seed_key=""), name="unique_event_seed_key"
            ),
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (models.Q(latitude__gte=-90, latitude__lte=90) & models.Q(longitude__gte=-180, longitude__lte=180)),
                name="event_coordinates_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk})

    @property
    def last_date(self) -> dt.date:
        return self.end_date or self.start_date

    @property
    def is_upcoming(self) -> bool:
        return self.last_date >= timezone.localdate()

    @property
    def fiscal_year(self) -> int:
        return wareki.fiscal_year(self.start_date)

    @property
    def date_display(self) -> str:
        return wareki.format_range(self.start_date, self.end_date, self.date_precision)

    @property
    def flyer_label(self) -> str:
        """「PDF（約3.1MB）」: the flyer's type and size, as Japanese municipal sites show it."""
        if not self.flyer:
            return ""
        try:
            size = self.flyer.size
        except OSError:
            size = None
        return file_size_label(self.flyer.name, size)


class EventSpeaker(models.Model):
    """A speaker, panellist or coordinator of an event."""

    class Role(models.TextChoices):
        KEYNOTE = "keynote", "基調講演"
        LECTURE = "lecture", "講演"
        DIALOGUE = "dialogue", "対談"
        PANELIST = "panelist", "パネリスト"
        COORDINATOR = "coordinator", "コーディネーター"
        CASE = "case", "事例紹介・報告"
        GREETING = "greeting", "あいさつ"

    event = models.ForeignKey(Event, verbose_name="イベント", on_delete=models.CASCADE, related_name="speakers")
    role = models.CharField("役割", max_length=20, choices=Role.choices)
    name = models.CharField("氏名", max_length=100)
    affiliation = models.CharField("所属・役職", max_length=200, blank=True)
    talk_title = models.CharField("演題", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField("順序", default=0)

    class Meta:
        verbose_name = "登壇者"
        verbose_name_plural = "登壇者"
        ordering = ["event", "sort_order", "pk"]

    def __str__(self):
        return self.name


class EventLink(models.Model):
    """An archive video, handout or report of an event."""

    event = models.ForeignKey(Event, verbose_name="イベント", on_delete=models.CASCADE, related_name="links")
    label = models.CharField("表示名", max_length=100)
    url = models.URLField("URL")
    sort_order = models.PositiveSmallIntegerField("順序", default=0)

    class Meta:
        verbose_name = "関連リンク（アーカイブ等）"
        verbose_name_plural = "関連リンク（アーカイブ等）"
        ordering = ["event", "sort_order", "pk"]

    def __str__(self):
        return self.label
