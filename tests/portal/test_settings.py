"""Settings read from the environment: media storage choice, production refusals."""

import os
import secrets
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


def _deploy_check(**env: str) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "off", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )


def test_the_production_defaults_pass_the_deploy_check_without_extra_variables():
    """Only what production must set (DEBUG off, a secret key): no security variable needed."""
    result = _deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_proxy_that_redirects_itself_may_turn_the_redirect_off_and_still_pass():
    result = _deploy_check(DJANGO_SECURE_SSL_REDIRECT="off")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(1 silenced)" in result.stdout  # security.W008, declared by turning the redirect off


def test_turning_secure_cookies_off_in_production_is_reported():
    result = _deploy_check(DJANGO_SECURE_COOKIES="off")
    assert result.returncode != 0
    assert "security.W012" in result.stderr and "security.W016" in result.stderr


def test_production_redirects_http_to_https_except_the_health_check():
    result = _settings_probe(
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_REDIRECT_EXEMPT)",
        DJANGO_DEBUG="off", DJANGO_SECRET_KEY="x" * 60,
    )
    assert result.stdout.strip() == "True True ['^healthz$']"
