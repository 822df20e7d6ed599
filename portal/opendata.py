"""The open data catalogue (/opendata/): each dataset's description, format, licence, last update.

The tables themselves are defined by the domain apps (`<app>/opendata.py`: a header row and rows of
strings); this module names them, writes them as CSV (UTF-8 with BOM, CRLF line ends, every field
quoted as needed: RFC 4180, which Excel and the standard's tools read) and records when each one last
changed: any save or delete of a model a dataset reads marks the dataset changed, once per transaction
(a seed load touching 10,000 rows writes one row here).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from agreements import opendata as agreements_data
from disaster_support import opendata as disaster_data
from events import opendata as events_data
from municipalities import opendata as municipalities_data

LICENCE = "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ja"


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    # () -> (header, rows); the events table needs the site's address for its URL column.
    table: Callable[..., tuple[list[str], Iterator[list[str]]]]
    models: tuple[str, ...]  # model labels whose changes change the dataset
    needs_site_url: bool = False
    has_json: bool = False

    @property
    def filename(self) -> str:
        return f"{self.slug}.csv"

    def csv_rows(self, *, site_url: str) -> tuple[list[str], Iterator[list[str]]]:
        return self.table(site_url=site_url) if self.needs_site_url else self.table()


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        slug="events",
        title="イベント一覧",
        description="プロジェクトのイベント・展示・講演会の一覧です。デジタル庁「自治体標準オープンデータセット」の"
        "「イベント一覧」の項目（32項目）と順序に従っています。",
        table=events_data.event_table,
        models=("events.event", "municipalities.municipality"),
        needs_site_url=True,
        has_json=True,
    ),
    Dataset(
        slug="federation-members",
        title="広域連携協定締結団体と加入自治体",
        description="特別区長会と広域連携協定を締結した市長会・町村会と、その加入自治体（1行に1自治体）です。",
        table=agreements_data.federation_member_table,
        models=("agreements.federation", "agreements.federationmembership", "agreements.federationagreement"),
    ),
    Dataset(
        slug="corporate-partners",
        title="包括連携協定締結企業",
        description="特別区長会と包括連携協定を締結した企業と、締結年月日・主な取組みです。",
        table=agreements_data.partner_table,
        models=("agreements.corporatepartner",),
    ),
    Dataset(
        slug="ward-relations",
        title="23区と全国の自治体との交流関係",
        description="各区と全国の自治体との友好都市・災害時相互応援協定・交流事業などの関係です（1行に1関係）。",
        table=municipalities_data.relation_table,
        models=("municipalities.exchangerelation",),
    ),
    Dataset(
        slug="disasters",
        title="被災自治体への支援（災害の一覧）",
        description="23区が支援した災害の一覧です。支援の内訳の各表の「災害NO」はこの表のNOです。",
        table=disaster_data.disaster_table,
        models=("disaster_support.disaster",),
    ),
    Dataset(
        slug="disaster-funds",
        title="被災自治体への支援（義援金・支援金）",
        description="災害ごとの義援金・復興支援金・見舞金の拠出先と金額です。",
        table=disaster_data.fund_table,
        models=("disaster_support.fundcontribution", "disaster_support.disaster"),
    ),
    Dataset(
        slug="disaster-dispatches",
        title="被災自治体への支援（職員派遣）",
        description="災害ごとの職員派遣の業務内容・派遣先・延べ派遣数です。",
        table=disaster_data.dispatch_table,
        models=("disaster_support.staffdispatch", "disaster_support.disaster"),
    ),
    Dataset(
        slug="disaster-supplies",
        title="被災自治体への支援（支援物資）",
        description="災害ごとの支援物資の分類・品目・数量です。",
        table=disaster_data.supply_table,
        models=("disaster_support.supplydonation", "disaster_support.disaster"),
    ),
    Dataset(
        slug="disaster-shelters",
        title="被災自治体への支援（避難所・住宅・駐車場の提供）",
        description="災害ごとに23区が提供した避難所・避難住宅・駐車場です。",
        table=disaster_data.shelter_table,
        models=("disaster_support.sheltersupport", "disaster_support.disaster"),
    ),
)
BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}


def write_csv(header: list[str], rows: Iterator[list[str]]) -> bytes:
    """CSV bytes: UTF-8 with BOM, CRLF, a Japanese header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- Last update ------------------------------------------------------------------------------
_SLUGS_BY_MODEL: dict[str, list[str]] = {}
for _dataset in DATASETS:
    for _label in _dataset.models:
        _SLUGS_BY_MODEL.setdefault(_label, []).append(_dataset.slug)


def _record_changes(slugs: set[str]) -> None:
    from portal.models import DatasetChange

    now = timezone.now()
    for slug in sorted(slugs):
        DatasetChange.objects.update_or_create(slug=slug, defaults={"changed_at": now})


def _mark_changed(sender, **kwargs) -> None:
    if sender.__module__ == "__fake__":
        return  # a migration's historical model: the DatasetChange table may not exist yet
    slugs = _SLUGS_BY_MODEL.get(sender._meta.label_lower)
    if not slugs:
        return
    from django.db import connection

    if not connection.in_atomic_block:
        _record_changes(set(slugs))
        return
    # One callback per transaction: many rows saved in one transaction write one row per dataset. A
    # rollback drops the callback with its set, so the next change registers a new one.
    for entry in connection.run_on_commit:
        pending = getattr(entry[1], "opendata_pending", None)
        if pending is not None:
            pending.update(slugs)
            return
    pending = set(slugs)

    def flush() -> None:
        _record_changes(pending)

    flush.opendata_pending = pending
    transaction.on_commit(flush)


def _mark_m2m_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _mark_changed(type(instance))


def connect() -> None:
    """Connect the change receivers (called from PortalConfig.ready)."""
    post_save.connect(_mark_changed, dispatch_uid="portal.opendata:save")
    post_delete.connect(_mark_changed, dispatch_uid="portal.opendata:delete")
    m2m_changed.connect(_mark_m2m_changed, dispatch_uid="portal.opendata:m2m")
