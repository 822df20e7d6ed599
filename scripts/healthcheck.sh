#!/usr/bin/env bash
# Container health check (Dockerfile HEALTHCHECK): GET /healthz on this host's gunicorn, as the
# TLS-terminating proxy would send it: with a Host that DJANGO_ALLOWED_HOSTS accepts and
# X-Forwarded-Proto: https (so DJANGO_SECURE_SSL_REDIRECT does not answer 301). Exit 0 = healthy.
set -euo pipefail
cd "$(dirname "$0")/.."
py=python
[[ -x .venv/bin/python ]] && py=.venv/bin/python
exec "$py" - <<'PY'
import os
import sys
import urllib.request

host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
if host in ("", "*"):
    host = "localhost"
request = urllib.request.Request(
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz",
    headers={"Host": host, "X-Forwarded-Proto": "https"},
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:
        body = response.read().decode()
except Exception as error:  # any failure means unhealthy
    print(f"unhealthy: {error}")
    sys.exit(1)
print(body)
sys.exit(0 if body == "ok" else 1)
PY
