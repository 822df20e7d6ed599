"""Shared helpers for the seed loaders (`manage.py load_seed`).

Every loader is idempotent: it keys rows on a natural key (団体コード, name, date …) and uses
`update_or_create`, so running it again changes nothing and edits to the fixtures are applied.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


def read_yaml(name: str) -> Any:
    with open(FIXTURES_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def read_csv(name: str) -> list[dict[str, str]]:
    with open(FIXTURES_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def parse_date(value: Any) -> dt.date | None:
    """YAML gives dates as `date`; strings like "2015-11" or "2015" are partial dates (1st day)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(*parts)


def precision_of(value: Any) -> str:
    """"2015-11-18" → day, "2015-11" → month, "2015" → year."""
    if isinstance(value, dt.date) or value in (None, ""):
        return "day"
    return {1: "year", 2: "month"}.get(len(str(value).split("-")), "day")


class SeedReport(Counter):
    """Rows written per model, printed by the command (the Secretariat's record of the load)."""

    def add(self, model, n: int = 1) -> None:
        self[model._meta.verbose_name_plural] += n
