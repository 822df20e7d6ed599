"""Small display formats shared by every app (no model imports here: models use them too)."""

from __future__ import annotations

import os


def file_size_label(name: str, size: int | None) -> str:
    """「PDF（約3.1MB）」: a file's type and size, as Japanese municipal sites show a download."""
    ext = os.path.splitext(name)[1].lstrip(".").upper() or "ファイル"
    if size is None:
        return ext
    if size >= 1024 * 1024:
        return f"{ext}（約{size / 1024 / 1024:.1f}MB）"
    return f"{ext}（約{max(1, round(size / 1024))}KB）"


def file_label(field_file) -> str:
    """「PDF（約3.1MB）」 for a stored file (its size read from the storage)."""
    if not field_file:
        return ""
    try:
        size = field_file.size
    except (OSError, ValueError):
        size = None
    return file_size_label(field_file.name, size)
