"""Prefectures and municipalities (全国地方公共団体コード), the 23 wards and who they work with."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from core import wareki

code_validator = RegexValidator(r"^\d{6}$", "全国地方公共団体コードは6桁の数字です。")
domain_validator = RegexValidator(
    r"^(?=.{4,100}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$",
    "ドメインは小文字の英数字とハイフン、ドットで入力してください（例: city.sakai.fukui.jp）。",
)


class Region(models.TextChoices):
    HOKKAIDO = "hokkaido", "北海道地方"
    TOHOKU = "tohoku", "東北地方"
    KANTO = "kanto", "関東地方"
    CHUBU = "chubu", "中部地方"
    KINKI = "kinki", "近畿地方"
    CHUGOKU = "chugoku", "中国地方"
    SHIKOKU = "shikoku", "四国地方"
    KYUSHU = "kyushu", "九州・沖縄地方"


class Prefecture(models.Model):
    """A prefecture, keyed by its JIS X 0401 code (01–47)."""

    code = models.CharField("都道府県コード", max_length=2, primary_key=True)
    lg_code = models.CharField("全国地方公共団体コード", max_length=6, unique=True, validators=[code_validator])
    name = models.CharField("名称", max_length=10, unique=True)
    name_kana = models.CharField("よみ", max_length=20)
    region = models.CharField("地方", max_length=10, choices=Region.choices, db_index=True)

    class Meta:
        verbose_name = "都道府県"
        verbose_name_plural = "都道府県"
        ordering = ["code"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A 市区町村 of the master list, keyed by its 6-digit 全国地方公共団体コード."""

    class Kind(models.TextChoices):
        CITY = "city", "市"
        TOWN = "town", "町"
        VILLAGE = "village", "村"
        WARD = "ward", "特別区"

    code = models.CharField(
        "全国地方公共団体コード", max_length=6, primary_key=True, validators=[code_validator]
    )
    prefecture = models.ForeignKey(
        Prefecture, verbose_name="都道府県", on_delete=models.PROTECT, related_name="municipalities"
    )
    name = models.CharField("名称", max_length=30, db_index=True)
    name_kana = models.CharField("よみ（カタカナ）", max_length=60, blank=True)
    name_hiragana = models.CharField("よみ（ひらがな）", max_length=60, blank=True)
    kind = models.CharField("種別", max_length=10, choices=Kind.choices, db_index=True)
    website = models.URLField("ホームページ", blank=True)
    official_domain = models.CharField(
        "公式ドメイン", max_length=100, blank=True, validators=[domain_validator],
        help_text="職員のメールアドレスのドメイン（例: city.sakai.fukui.jp）。会員登録の申請の確認に使います。",
    )

    class Meta:
        verbose_name = "市区町村"
        verbose_name_plural = "市区町村"
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def full_name(self) -> str:
        return f"{self.prefecture.name}{self.name}"

    @property
    def is_ward(self) -> bool:
        return self.kind == self.Kind.WARD

    def domain_match(self, email_domain: str) -> str:
        """How an e-mail domain relates to this municipality: "official" (its recorded domain or a
        subdomain of it), "lg" (some 地方公共団体 domain under lg.jp), or "" (anything else)."""
        domain = email_domain.lower().strip(".")
        official = self.official_domain
        if official and (domain == official or domain.endswith("." + official)):
            return "official"
        if domain == "lg.jp" or domain.endswith(".lg.jp"):
            return "lg"
        return ""


class Ward(models.Model):
    """The ward profile of one of the 23 special wards (千代田区 131016 … 江戸川区 131237)."""

    municipality = models.OneToOneField(
        Municipality, verbose_name="区", on_delete=models.PROTECT, primary_key=True, related_name="ward"
    )
    name_en = models.CharField("英語名", max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)
    introduction = models.TextField("紹介", blank=True)
    website = models.URLField("ホームページ", blank=True)
    mailing_address = models.TextField(
        "送付先（郵送物の宛先）", max_length=300, blank=True,
        help_text="掲示板のパンフレット配布依頼に回答するときの送付先の初期値です（〒・住所・担当課）。公開されません。",
    )

    class Meta:
        verbose_name = "特別区"
        verbose_name_plural = "特別区（23区）"
        ordering = ["sort_order", "municipality_id"]

    def __str__(self):
        return self.municipality.name

    @property
    def code(self) -> str:
        return self.municipality_id

    @property
    def name(self) -> str:
        return self.municipality.name


class ExchangeRelation(models.Model):
    """A ward's relation with a municipality: friendship city, disaster aid agreement, exchange …"""

    class Kind(models.TextChoices):
        FRIENDSHIP = "friendship", "友好都市・姉妹都市"
        DISASTER_AID = "disaster_aid", "災害時相互応援協定"
        EXCHANGE = "exchange", "交流事業"
        PROJECT = "project", "連携事業"

    ward = models.ForeignKey(Ward, verbose_name="区", on_delete=models.CASCADE, related_name="relations")
    municipality = models.ForeignKey(
        Municipality, verbose_name="自治体", on_delete=models.CASCADE, related_name="ward_relations"
    )
    kind = models.CharField("関係の種類", max_length=20, choices=Kind.choices)
    since = models.DateField("開始日", null=True, blank=True)
    since_precision = models.CharField(
        "開始日の精度", max_length=6, choices=wareki.PRECISION_CHOICES, default=wareki.DAY
    )
    description = models.TextField("内容", blank=True)
    source = models.CharField("出典", max_length=200, blank=True)

    class Meta:
        verbose_name = "区との交流関係"
        verbose_name_plural = "区との交流関係"
        ordering = ["ward", "kind", "municipality"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "municipality", "kind"], name="unique_relation_kind")
        ]

    def __str__(self):
        return f"{self.ward} ↔ {self.municipality}（{self.get_kind_display()}）"

    @property
    def since_display(self) -> str:
        return wareki.format_date(self.since, self.since_precision) if self.since else ""


class Area(models.Model):
    """A sub-prefecture area (釧路地域 …) and the ward it is paired with (地域別の交流)."""

    name = models.CharField("地域名", max_length=50)
    prefecture = models.ForeignKey(Prefecture, verbose_name="都道府県", on_delete=models.PROTECT, related_name="areas")
    paired_ward = models.ForeignKey(
        Ward, verbose_name="交流する区", on_delete=models.PROTECT, null=True, blank=True, related_name="paired_areas"
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name="構成自治体", blank=True, related_name="areas"
    )
    description = models.TextField("説明", blank=True)
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "地域（振興局等）"
        verbose_name_plural = "地域（振興局等）"
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["prefecture", "name"], name="unique_area_name")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A municipality's registration as a member (会員登録) and its public PR profile."""

    municipality = models.OneToOneField(
        Municipality, verbose_name="自治体", on_delete=models.PROTECT, related_name="membership"
    )
    registered_on = models.DateField("登録日", null=True, blank=True)
    is_active = models.BooleanField("有効", default=True)
    contact_department = models.CharField("担当部署", max_length=150, blank=True)
    contact_person = models.CharField("担当者", max_length=100, blank=True)
    contact_email = models.EmailField("メールアドレス", blank=True)
    contact_phone = models.CharField("電話番号", max_length=30, blank=True)
    pr_text = models.TextField("PR文", blank=True)
    pr_pamphlet = models.FileField("パンフレット（PDF）", upload_to="pr/", blank=True)
    pr_video_url = models.URLField("PR動画のURL", blank=True)
    source = models.CharField("出典", max_length=200, blank=True)
    history = HistoricalRecords(verbose_name="会員登録の変更履歴")

    class Meta:
        verbose_name = "会員登録"
        verbose_name_plural = "会員登録"
        ordering = ["municipality"]

    def __str__(self):
        return str(self.municipality)
