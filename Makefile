# 特別区全国連携ポータル — build, run and test. Each target sets up what it needs (.venv from uv.lock).
# Details of every target and script: docs/commands.md
.DEFAULT_GOAL := help
SHELL := /bin/bash
PORT ?= 8000
export PORT

.PHONY: help run test lint test-sqlite test-postgres smoke venv venv-dev check pg-start pg-stop clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: venv ## migrate, load seed + demo accounts, serve http://127.0.0.1:$PORT/ (SQLite, DEBUG, console mail)
	scripts/dev-server.sh

test: venv-dev ## lint gates, pytest on SQLite, then on a throwaway PostgreSQL 15 + production smoke test (SKIP_POSTGRES=1 skips)
	scripts/test.sh all

lint: venv-dev ## ruff, import contracts, makemigrations --check, check --deploy (the first step of make test)
	scripts/test.sh lint

test-sqlite: venv-dev ## pytest on SQLite only
	scripts/test.sh sqlite

test-postgres: venv-dev ## pytest on a throwaway PostgreSQL 15 only
	scripts/test.sh postgres

smoke: venv ## production smoke test (entrypoint.sh + gunicorn) on a throwaway PostgreSQL 15
	scripts/test.sh smoke

venv: ## create .venv and install the locked runtime dependencies
	scripts/bootstrap.sh

venv-dev: ## create .venv and install the locked runtime + dev dependencies
	scripts/bootstrap.sh --dev

check: venv ## Django system checks (also --deploy with production settings) and missing migrations
	DJANGO_DEBUG=1 .venv/bin/python manage.py check
	DJANGO_DEBUG=1 .venv/bin/python manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=off DJANGO_SECRET_KEY=$$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  .venv/bin/python manage.py check --deploy

pg-start: ## start the throwaway PostgreSQL (its URL: scripts/postgres.sh url)
	scripts/postgres.sh start

pg-stop: ## stop the throwaway PostgreSQL and delete its data
	scripts/postgres.sh stop

clean: pg-stop ## remove .venv, db.sqlite3, .pgdata, staticfiles
	rm -rf .venv db.sqlite3 .pgdata staticfiles
