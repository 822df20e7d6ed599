"""Checks for files attached to board posts: size, and type judged by content, not by name."""

from __future__ import annotations

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# extension → (content type, what it is, extensions the content may be detected as)
ALLOWED = {
    ".pdf": ("application/pdf", "PDF", {"pdf"}),
    ".png": ("image/png", "画像（PNG）", {"png"}),
    ".jpg": ("image/jpeg", "画像（JPEG）", {"jpg"}),
    ".jpeg": ("image/jpeg", "画像（JPEG）", {"jpg"}),
    ".gif": ("image/gif", "画像（GIF）", {"gif"}),
    ".webp": ("image/webp", "画像（WebP）", {"webp"}),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word", {"docx"}),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", {"xlsx"}),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint", {"pptx"}),
    # Legacy Office files share one container format (OLE2), which filetype reports as doc/xls/ppt.
    ".doc": ("application/msword", "Word", {"doc", "xls", "ppt"}),
    ".xls": ("application/vnd.ms-excel", "Excel", {"doc", "xls", "ppt"}),
    ".ppt": ("application/vnd.ms-powerpoint", "PowerPoint", {"doc", "xls", "ppt"}),
}
ALLOWED_LABEL = "PDF、画像（PNG・JPEG・GIF・WebP）、Word・Excel・PowerPoint"


def max_upload_bytes() -> int:
    return settings.BOARD_MAX_UPLOAD_MB * 1024 * 1024


def validate_upload(upload) -> str:
    """Return the file's content type, or raise ValidationError with a message in Japanese."""
    name = upload.name or ""
    ext = os.path.splitext(name)[1].lower()
    if upload.size > max_upload_bytes():
        raise ValidationError(
            "「%(name)s」は %(size)s あります。添付できるのは1ファイル %(limit)s までです。",
            code="too_large",
            params={"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_upload_bytes())},
        )
    if upload.size == 0:
        raise ValidationError("「%(name)s」は空のファイルです。", code="empty", params={"name": name})
    if ext not in ALLOWED:
        raise ValidationError(
            "「%(name)s」は添付できない種類のファイルです。添付できるのは %(allowed)s です。",
            code="extension", params={"name": name, "allowed": ALLOWED_LABEL},
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    content_type, label, detected_as = ALLOWED[ext]
    if kind is None or kind.extension not in detected_as:
        raise ValidationError(
            "「%(name)s」は名前は%(label)sですが、中身が%(label)sではありません。ファイルを確かめてください。",
            code="content_mismatch", params={"name": name, "label": label},
        )
    return content_type
