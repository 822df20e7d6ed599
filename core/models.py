"""Abstract models shared by the apps (no tables of their own)."""

from __future__ import annotations

from django.db import models

from core import wareki


class PartialDateMixin(models.Model):
    """A date that may be known only to the month or year, optionally ending on another date."""

    date = models.DateField("日付")
    date_precision = models.CharField(
        "日付の精度", max_length=6, choices=wareki.PRECISION_CHOICES, default=wareki.DAY
    )
    end_date = models.DateField("終了日", null=True, blank=True)
    end_date_precision = models.CharField(
        "終了日の精度", max_length=6, choices=wareki.PRECISION_CHOICES, blank=True
    )

    class Meta:
        abstract = True

    @property
    def date_display(self) -> str:
        return wareki.format_range(
            self.date, self.end_date, self.date_precision, self.end_date_precision or None
        )

    @property
    def fiscal_year(self) -> int:
        return wareki.fiscal_year(self.date)
