#!/usr/bin/env bash
# Creates .venv if missing and installs the locked dependencies (uv.lock) into it.
# Usage: scripts/bootstrap.sh [--dev]   (--dev adds the `dev` group: pytest and friends)
# Idempotent: a second run only checks that the environment matches the lock.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=${UV_VERSION:-0.13.9}
PYTHON=${PYTHON:-python3}
VENV=.venv

groups=(--no-dev)
[[ ${1:-} == --dev ]] && groups=()

if [[ ! -x $VENV/bin/python ]]; then
  echo "bootstrap: creating $VENV with $($PYTHON --version 2>&1)"
  rm -rf "$VENV"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    # Debian ships venv's ensurepip separately (python3-venv); install it when we may.
    rm -rf "$VENV"
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
      echo "bootstrap: installing python3-venv"
      export DEBIAN_FRONTEND=noninteractive
      apt-get install -y -q python3-venv >/dev/null || { apt-get update -q && apt-get install -y -q python3-venv >/dev/null; }
      "$PYTHON" -m venv "$VENV"
    else
      echo "bootstrap: '$PYTHON -m venv' failed; install python3-venv (apt-get install python3-venv)" >&2
      exit 1
    fi
  fi
fi

if [[ $("$VENV/bin/python" -m uv --version 2>/dev/null) != "uv $UV_VERSION"* ]]; then
  echo "bootstrap: installing uv $UV_VERSION"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi

# --frozen: install exactly uv.lock, never re-resolve; --inexact: keep extra packages (dev tools
# someone added by hand, or the dev group when `make run` follows `make test`).
UV_PROJECT_ENVIRONMENT=$VENV UV_PYTHON_DOWNLOADS=never \
  "$VENV/bin/python" -m uv sync --frozen --inexact --quiet "${groups[@]}"
