"""Stored files that no record points to. Generic (no project imports).

A replaced or deleted record's file is removed after the commit by django-cleanup. What is left —
a file stored by a transaction that was rolled back, a file of a row deleted by raw SQL — is found
here: every file under the folders the models' FileFields store into, not named by any of them,
and older than a grace period (a file being uploaded now has no committed record yet).
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

logger = logging.getLogger(__name__)


@contextmanager
def removed_on_failure() -> Iterator[list[FieldFile]]:
    """Files appended to the yielded list are deleted again if the block raises (its transaction is
    rolled back, so no record would point to them)."""
    stored: list[FieldFile] = []
    try:
        yield stored
    except BaseException:
        for file in stored:
            try:
                file.storage.delete(file.name)
            except Exception:  # noqa: BLE001 - the orphan job removes it later
                logger.exception("could not delete %s after a failed transaction", file.name)
        raise


@dataclass
class OrphanScan:
    orphans: list[str] = field(default_factory=list)  # unreferenced, older than the grace period
    recent: int = 0  # unreferenced, within the grace period: kept for now
    removed: int = 0
    removed_bytes: int = 0


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField):
                yield model, model_field


def _top_folder(model_field: models.FileField) -> str | None:
    """The first folder of the names the field stores (its upload_to, applied to a sample name)."""
    try:
        sample = model_field.generate_filename(None, "sample.bin")
    except Exception:  # noqa: BLE001 - an upload_to that needs a real instance: not scanned
        logger.warning("%s: cannot tell where its files go; its folder is not scanned", model_field)
        return None
    head = sample.split("/", 1)[0]
    return head if head != sample else None


def _walk(storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield posixpath.join(folder, name)
    for sub in folders:
        yield from _walk(storage, posixpath.join(folder, sub))


def find_orphan_files(*, grace: timedelta, now: datetime | None = None) -> tuple[OrphanScan, dict]:
    """The scan, and each orphan's storage (by name)."""
    now = now or timezone.now()
    referenced: set[tuple[int, str]] = set()
    folders: dict[int, tuple[object, set[str]]] = {}
    for model, model_field in _file_fields():
        storage = model_field.storage
        names = model._default_manager.exclude(**{model_field.name: ""}).values_list(model_field.name, flat=True)
        referenced.update((id(storage), name) for name in names if name)
        if (top := _top_folder(model_field)) is not None:
            folders.setdefault(id(storage), (storage, set()))[1].add(top)
    scan, storages = OrphanScan(), {}
    for key, (storage, tops) in folders.items():
        for top in sorted(tops):
            for name in _walk(storage, top):
                if (key, name) in referenced:
                    continue
                if storage.get_modified_time(name) > now - grace:
                    scan.recent += 1
                    continue
                scan.orphans.append(name)
                storages[name] = storage
    return scan, storages


def remove_orphan_files(*, grace: timedelta, dry_run: bool = False) -> OrphanScan:
    """Delete (or, with dry_run, only list) the stored files no record points to, older than `grace`."""
    scan, storages = find_orphan_files(grace=grace)
    if not dry_run:
        for name in scan.orphans:
            storage = storages[name]
            size = storage.size(name)
            storage.delete(name)
            scan.removed += 1
            scan.removed_bytes += size
    logger.info(
        "orphan files: %d found%s, %d removed (%d bytes), %d newer than %s kept",
        len(scan.orphans), " (dry run)" if dry_run else "", scan.removed, scan.removed_bytes, scan.recent, grace,
    )
    return scan
