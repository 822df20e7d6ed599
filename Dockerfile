# 特別区全国連携ポータル — production image. It runs only what the repository's scripts run
# (scripts/bootstrap.sh, scripts/entrypoint.sh, scripts/healthcheck.sh), and `make test` runs
# those same scripts against PostgreSQL 15 (scripts/smoke-production.sh), so the image's path is
# tested without a Docker daemon.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/app/.venv/bin:$PATH \
    PORT=8000

RUN groupadd --system portal \
 && useradd --system --gid portal --home-dir /app --no-create-home --shell /usr/sbin/nologin portal

WORKDIR /app

# Dependencies first, so that a code change reuses this layer: .venv from uv.lock, no dev group.
COPY pyproject.toml uv.lock ./
COPY scripts/bootstrap.sh scripts/
RUN PIP_NO_CACHE_DIR=1 UV_NO_CACHE=1 UV_COMPILE_BYTECODE=1 scripts/bootstrap.sh

COPY . .
# collectstatic writes staticfiles/ at start-up; uploads go to media/ (a volume in compose.yaml).
RUN mkdir -p staticfiles media && chown -R portal:portal staticfiles media

USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["scripts/healthcheck.sh"]
ENTRYPOINT ["scripts/entrypoint.sh"]
