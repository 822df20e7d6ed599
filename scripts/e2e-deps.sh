#!/usr/bin/env bash
# Installs what the browser tests (tests/e2e) need, when missing; a quick no-op when all is there:
#   - Debian's chromium and fonts-noto-cjk (without the fonts Japanese renders as boxes), as root via apt-get
#   - axe-core, pa11y and vnu.jar from the npm registry (package-lock.json), into node_modules/; pa11y's
#     puppeteer is told not to download a browser of its own (PUPPETEER_SKIP_DOWNLOAD): the tests point
#     it at Debian's chromium, and nothing but the package registries can be reached
#   - Java for vnu.jar (default-jre-headless), as root via apt-get
# Without root or apt-get it says what is missing; the browser tests then skip with that reason.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "e2e-deps: $*" >&2; }
missing=()
command -v chromium >/dev/null || missing+=(chromium)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
  else
    log "missing ${missing[*]} (install them with apt-get as root); browser tests will be skipped"
    exit 0
  fi
fi

stamp=node_modules/.e2e-lock
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  log "npm ci (axe-core, pa11y, vnu-jar)"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
  cp package-lock.json "$stamp"
fi
