"""Regional federations (広域連携協定締結団体), their agreements, and corporate partners."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from core import wareki


class Federation(models.Model):
    """A 市長会 or 町村会 that has an agreement with the 特別区長会."""

    class Kind(models.TextChoices):
        MAYORS = "mayors", "市長会"
        TOWNS = "towns", "町村会"

    name = models.CharField("団体名", max_length=50, unique=True)
    slug = models.SlugField("URL名", max_length=50, unique=True, help_text="団体のページのURL（/agreements/〈URL名〉/）。半角英数字とハイフン")
    kind = models.CharField("種別", max_length=10, choices=Kind.choices)
    prefecture = models.ForeignKey(
        "municipalities.Prefecture", verbose_name="道府県", on_delete=models.PROTECT, related_name="federations"
    )
    members = models.ManyToManyField(
        "municipalities.Municipality",
        verbose_name="加入自治体",
        through="FederationMembership",
        related_name="federations",
        blank=True,
    )
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)
    note = models.TextField("注記", blank=True, help_text="資料間の相違とその訂正など")

    class Meta:
        verbose_name = "広域連携協定締結団体"
        verbose_name_plural = "広域連携協定締結団体"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agreements:federation", kwargs={"slug": self.slug})


class FederationMembership(models.Model):
    federation = models.ForeignKey(Federation, verbose_name="団体", on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name="自治体", on_delete=models.CASCADE,
        related_name="federation_memberships",
    )

    class Meta:
        verbose_name = "加入自治体"
        verbose_name_plural = "加入自治体"
        ordering = ["federation", "municipality"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "municipality"], name="unique_federation_member")
        ]

    def __str__(self):
        return f"{self.federation} / {self.municipality}"


class FederationAgreement(models.Model):
    """A signed agreement; one signing can cover two federations (e.g. 京都府市長会・京都府町村会)."""

    title = models.CharField("協定名", max_length=200)
    signed_on = models.DateField("協定締結年月日", db_index=True)
    federations = models.ManyToManyField(Federation, verbose_name="締結団体", related_name="agreements")
    ceremony = models.CharField("締結式", max_length=200, blank=True)
    note = models.TextField("注記", blank=True)

    class Meta:
        verbose_name = "広域連携協定"
        verbose_name_plural = "広域連携協定"
        ordering = ["signed_on", "pk"]

    def __str__(self):
        return f"{self.title}（{wareki.format_date(self.signed_on)}）"


class CorporatePartner(models.Model):
    """A company with a comprehensive partnership agreement (包括連携協定)."""

    name = models.CharField("締結企業名", max_length=100, unique=True)
    former_name = models.CharField("旧名称", max_length=100, blank=True)
    signed_on = models.DateField("締結年月日")
    initiatives = models.TextField("主な取組み", blank=True, help_text="1行に1項目")
    website = models.URLField("ホームページ", blank=True)
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)
    note = models.TextField("注記", blank=True)

    class Meta:
        verbose_name = "包括連携協定締結企業"
        verbose_name_plural = "包括連携協定締結企業"
        ordering = ["signed_on", "sort_order"]

    def __str__(self):
        return self.name

    @property
    def initiative_lines(self) -> list[str]:
        return [line.strip() for line in self.initiatives.splitlines() if line.strip()]
