"""Disasters and what the 23 wards gave: funds, staff, supplies, shelters, housing, parking."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from core.models import PartialDateMixin


class Disaster(PartialDateMixin):
    """A disaster; its date may be known only to the month, or be a range (4月14日〜16日)."""

    name = models.CharField("災害名", max_length=200)
    summary = models.TextField("概要", blank=True)
    support_summary = models.CharField("主な支援内容", max_length=500, blank=True)
    staff_dispatched = models.BooleanField("職員派遣", default=False)
    supplies_provided = models.BooleanField("支援物資等の提供", default=False)
    is_continuing = models.BooleanField("継続して支援中", default=False)
    dispatch_scope = models.CharField("派遣した区市町村", max_length=100, blank=True, help_text="例: 54区市町村")
    supplies_scope = models.CharField("物資を提供した区市町村", max_length=100, blank=True)
    supplies_note = models.TextField("物資の補足", blank=True)
    as_of = models.DateField("数値の基準日", null=True, blank=True)
    source = models.CharField("出典", max_length=200, blank=True)

    class Meta:
        verbose_name = "災害"
        verbose_name_plural = "災害"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("disaster_support:detail", kwargs={"pk": self.pk})


class FundContribution(models.Model):
    """Money given: 義援金, 復興支援金 or 見舞金, to a prefecture, federation or municipality."""

    class Kind(models.TextChoices):
        DONATION = "donation", "義援金"
        RECOVERY = "recovery", "復興支援金"
        SYMPATHY = "sympathy", "見舞金"

    disaster = models.ForeignKey(Disaster, verbose_name="災害", on_delete=models.CASCADE, related_name="funds")
    kind = models.CharField("種類", max_length=10, choices=Kind.choices)
    recipient = models.CharField("拠出先", max_length=100, blank=True)
    prefecture = models.ForeignKey(
        "municipalities.Prefecture", verbose_name="拠出先の都道府県", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    federation = models.ForeignKey(
        "agreements.Federation", verbose_name="拠出先の団体", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    amount_yen = models.BigIntegerField("金額（円）", null=True, blank=True)
    contributors = models.CharField("拠出者", max_length=100, blank=True, help_text="例: 23区共同、32区市町")
    note = models.CharField("注記", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField("順序", default=0)

    class Meta:
        verbose_name = "義援金・支援金"
        verbose_name_plural = "義援金・支援金"
        ordering = ["disaster", "sort_order", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.recipient or '拠出先未記載'}）"


class StaffDispatch(models.Model):
    """Staff sent to help: by task and destination, or as totals by status."""

    class Term(models.TextChoices):
        SHORT = "short", "短期派遣"
        LONG = "long", "中長期派遣"
        UNSPECIFIED = "unspecified", "区分なし"

    class Status(models.TextChoices):
        CURRENT = "current", "現在派遣中"
        DONE = "done", "既派遣"
        PLANNED = "planned", "今後派遣予定"
        CUMULATIVE = "cumulative", "累計（予定含む）"

    disaster = models.ForeignKey(Disaster, verbose_name="災害", on_delete=models.CASCADE, related_name="dispatches")
    term = models.CharField("派遣区分", max_length=12, choices=Term.choices, default=Term.UNSPECIFIED)
    status = models.CharField("状況", max_length=12, choices=Status.choices, default=Status.CUMULATIVE)
    task = models.CharField("業務内容", max_length=200, blank=True)
    destination = models.CharField("派遣先", max_length=100, blank=True)
    destination_municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name="派遣先自治体", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    people = models.PositiveIntegerField("延べ派遣数（人）")
    sort_order = models.PositiveSmallIntegerField("順序", default=0)

    class Meta:
        verbose_name = "職員派遣"
        verbose_name_plural = "職員派遣"
        ordering = ["disaster", "sort_order", "pk"]

    def __str__(self):
        return f"{self.task or self.get_status_display()} {self.people}人"


class SupplyDonation(models.Model):
    """Supplies given, by category and item, with quantity and unit (289,164食, 104,451ℓ …)."""

    disaster = models.ForeignKey(Disaster, verbose_name="災害", on_delete=models.CASCADE, related_name="supplies")
    category = models.CharField("分類", max_length=50)
    item = models.CharField("品目", max_length=50)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=1)
    unit = models.CharField("単位", max_length=10)
    sort_order = models.PositiveSmallIntegerField("順序", default=0)

    class Meta:
        verbose_name = "支援物資"
        verbose_name_plural = "支援物資"
        ordering = ["disaster", "sort_order", "pk"]

    def __str__(self):
        return f"{self.item} {self.quantity}{self.unit}"


class ShelterSupport(models.Model):
    """Shelters, housing and parking offered in the 23 wards."""

    class Kind(models.TextChoices):
        SHELTER = "shelter", "避難所の提供"
        HOUSING = "housing", "避難住宅の提供"
        PARKING = "parking", "駐車場の提供"

    disaster = models.ForeignKey(Disaster, verbose_name="災害", on_delete=models.CASCADE, related_name="shelters")
    kind = models.CharField("種類", max_length=10, choices=Kind.choices)
    quantity = models.PositiveIntegerField("数量")
    unit = models.CharField("単位", max_length=10, blank=True)
    places = models.PositiveIntegerField("か所数", null=True, blank=True)
    current_quantity = models.PositiveIntegerField("現在の数量", null=True, blank=True)
    is_finished = models.BooleanField("終了", default=False)
    note = models.CharField("注記", max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField("順序", default=0)

    class Meta:
        verbose_name = "避難所・住宅・駐車場の提供"
        verbose_name_plural = "避難所・住宅・駐車場の提供"
        ordering = ["disaster", "sort_order", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity}{self.unit}"
