"""Public uploaded files (PR pamphlets, newsletters, event flyers), served as downloads in production too.

Only the upload folders of public models are served here; the board's attachments live under
board/ and are reachable solely through the members-only download view. Files are sent as
attachments with nosniff, never rendered inline from the portal's origin (an uploaded PDF or image
cannot run script in the portal's pages).
"""

from __future__ import annotations

import mimetypes
import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest

PUBLIC_UPLOAD_DIRS = ("pr/", "newsletters/", "events/flyers/")


def public_media(request: HttpRequest, path: str) -> FileResponse:
    """A file of a public upload folder, as a download."""
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or not path.startswith(PUBLIC_UPLOAD_DIRS):
        raise Http404("ファイルが見つかりません。")
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("ファイルが見つかりません。") from exc
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=posixpath.basename(path), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response
