"""Static checks of the build and deployment plumbing (the scripts themselves run in `make test`)."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "scripts").glob("*.sh")) + [ROOT / ".ci" / "run"]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_script_is_executable_bash_without_syntax_errors(script: Path):
    assert os.access(script, os.X_OK)
    assert script.read_text().startswith("#!/usr/bin/env bash\n")
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_ci_runs_make_test_strictly():
    text = (ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in text
    assert text.rstrip().endswith("make test")


def test_image_runs_the_repository_scripts_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim-bookworm" in dockerfile
    assert "RUN PIP_NO_CACHE_DIR=1 UV_NO_CACHE=1 UV_COMPILE_BYTECODE=1 scripts/bootstrap.sh\n" in dockerfile
    assert 'ENTRYPOINT ["scripts/entrypoint.sh"]' in dockerfile
    assert 'CMD ["scripts/healthcheck.sh"]' in dockerfile
    assert "\nUSER portal\n" in dockerfile


def test_compose_database_is_created_in_utf8_with_c_utf8_collation():
    compose = (ROOT / "compose.yaml").read_text()
    assert 'POSTGRES_INITDB_ARGS: "--locale=C.UTF-8 --encoding=UTF8"' in compose
    assert "image: postgres:15" in compose
    assert "condition: service_healthy" in compose


def test_entrypoint_refuses_to_start_without_production_settings(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    result = subprocess.run(
        [str(ROOT / "scripts" / "entrypoint.sh")], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_docker_context_leaves_out_local_state():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".pgdata", "db.sqlite3", "staticfiles", "media", ".env"} <= ignored
