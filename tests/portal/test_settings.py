"""Settings read from the environment: media storage choice, production refusals."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings_probe(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    script = f"import django; django.setup(); {code}"
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_media_can_live_in_private_s3_compatible_object_storage():
    result = _settings_probe(
        "from django.core.files.storage import default_storage as s; s._setup(); w = s._wrapped;"
        "print(type(w).__name__, w.bucket_name, w.endpoint_url, w.default_acl, w.querystring_auth)",
        DJANGO_DEBUG="1",
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_S3_BUCKET="portal-media",
        DJANGO_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "portal-media", "http://127.0.0.1:9000", "private", "True"]


def test_an_unknown_media_storage_is_refused():
    result = _settings_probe("pass", DJANGO_DEBUG="1", DJANGO_MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "DJANGO_MEDIA_STORAGE must be 'local' or 's3'" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_probe("pass", DJANGO_DEBUG="off")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr
