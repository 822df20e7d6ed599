#!/usr/bin/env bash
# Smoke test of the production entry point: scripts/entrypoint.sh (migrate, collectstatic,
# gunicorn) with DEBUG off against PostgreSQL, then the seed, the health check, the home page
# and static files served by whitenoise. Prints one PASS/FAIL line per check; exits 1 on a FAIL.
# Database: $SMOKE_DATABASE_URL (an empty database), or else a fresh `portal_smoke` database on
# the server started by `scripts/postgres.sh start`.
set -uo pipefail
cd "$(dirname "$0")/.."

failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
py=.venv/bin/python
command -v curl >/dev/null || { echo "FAIL  curl is not installed"; exit 1; }

if [[ -n ${SMOKE_DATABASE_URL:-} ]]; then
  db_url=$SMOKE_DATABASE_URL
else
  scripts/postgres.sh createdb portal_smoke || { echo "FAIL  could not create portal_smoke (is scripts/postgres.sh start running?)"; exit 1; }
  db_url=$(scripts/postgres.sh url portal_smoke)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/portal-smoke.XXXXXX")
port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
server=
cleanup() {
  if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"  # gunicorn's master: stops its workers gracefully
    for _ in $(seq 1 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Production-like environment; nothing is inherited from a developer's .env except what
# settings.py reads and we do not set here.
export DJANGO_DEBUG=off
export DJANGO_SECRET_KEY=$($py -c 'import secrets; print(secrets.token_urlsafe(50))')
export DATABASE_URL=$db_url
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_STATIC_ROOT=$work/static
export DJANGO_MEDIA_ROOT=$work/media
export DJANGO_EMAIL_URL=consolemail://
export PORT=$port
export GUNICORN_WORKERS=2
# The shared cache of production, Redis, when scripts/test.sh started one (else the database table).
if [[ -n ${PORTAL_TEST_REDIS_URL:-} ]]; then export DJANGO_CACHE_URL=${PORTAL_TEST_REDIS_URL%/*}/2; fi
# Secure cookies and the SSL redirect are the production defaults: no variable turns them on.
unset DJANGO_STATICFILES_STORAGE DJANGO_TASKS_BACKEND DJANGO_SECURE_COOKIES DJANGO_SECURE_SSL_REDIRECT

echo "smoke: entrypoint.sh on $base, database ${db_url%%\?*}"
scripts/entrypoint.sh >"$work/server.log" 2>&1 &
server=$!

# Requests come as from the TLS-terminating proxy in front of gunicorn (SSL redirect is on).
proxy=(-H 'X-Forwarded-Proto: https')

# Up: /healthz answers 200 "ok" once migrations ran and gunicorn listens.
up=
for _ in $(seq 1 120); do
  kill -0 "$server" 2>/dev/null || break
  [[ $(curl -s -m 5 "${proxy[@]}" "$base/healthz" 2>/dev/null) == ok ]] && { up=1; break; }
  sleep 0.5
done
if [[ -z $up ]]; then
  fail "entrypoint.sh did not serve /healthz (exited, or not up within 60 s); log:"
  tail -n 30 "$work/server.log"
  exit 1
fi
pass "entrypoint.sh migrated, collected static files and started gunicorn"

if $py manage.py load_seed >"$work/seed.log" 2>&1; then pass "manage.py load_seed on PostgreSQL"
else fail "manage.py load_seed; log:"; tail -n 20 "$work/seed.log"; fi

# GET path → sets $code, $ctype and $work/body.
get() {
  local out
  out=$(curl -s -m 20 "${proxy[@]}" -o "$work/body" -w '%{http_code} %{content_type}' "$base$1")
  code=${out%% *}; ctype=${out#* }
}

get /healthz
[[ $code == 200 && $(cat "$work/body") == ok ]] && pass "/healthz → 200 ok" || fail "/healthz → $code $(head -c 100 "$work/body")"

if out=$(scripts/healthcheck.sh 2>&1); then pass "scripts/healthcheck.sh (the image's HEALTHCHECK) → $out"
else fail "scripts/healthcheck.sh → $out"; fi

location=$(curl -s -m 20 -o /dev/null -w '%{http_code} %{redirect_url}' "$base/about/")
[[ $location == "301 https://127.0.0.1:$port/about/" ]] && pass "plain http → 301 to https" || fail "plain http /about/ → $location"
plain=$(curl -s -m 20 "$base/healthz")
[[ $plain == ok ]] && pass "plain http /healthz → ok (load balancers' checks are not redirected)" || fail "plain http /healthz → $plain"

# Security headers of the production defaults.
headers=$(curl -s -m 20 "${proxy[@]}" -D - -o /dev/null "$base/")
for header in 'Strict-Transport-Security: max-age=31536000' 'Permissions-Policy: .*camera=\(\)' 'Content-Security-Policy: '; do
  grep -q -i -E "^$header" <<<"$headers" && pass "/ sends $header" || fail "/ lacks $header"
done
# The second anonymous visit of a page is a page-cache hit (answered before the session middleware)
# and carries the same headers as the first.
strip() { grep -i -v -E '^(date|x-page-cache):' | tr -d '\r' | sort; }
# The pages are cached per worker process: visit until a worker that has the page answers.
first=$(curl -s -m 20 "${proxy[@]}" -D - -o /dev/null "$base/events/")
for _ in $(seq 1 10); do
  second=$(curl -s -m 20 "${proxy[@]}" -D - -o /dev/null "$base/events/")
  grep -q -i '^x-page-cache: hit' <<<"$second" && break
done
if grep -q -i '^x-page-cache: hit' <<<"$second" && [[ $(strip <<<"$first") == $(strip <<<"$second") ]]; then
  pass "/events/ visited again → page-cache hit with the same headers (cache: ${DJANGO_CACHE_URL:-database table})"
else
  fail "/events/ second visit: $(grep -i '^x-page-cache' <<<"$second"); header differences: $(diff <(strip <<<"$first") <(strip <<<"$second") | head -5)"
fi
grep -q -i '^set-cookie:.*secure' <<<"$(curl -s -m 20 "${proxy[@]}" -D - -o /dev/null "$base/accounts/login/")" \
  && pass "/accounts/login/ sets its cookies Secure" || fail "/accounts/login/ sets a cookie without Secure"

# Characters PostgreSQL cannot store (NUL) in a parameter or a path: a 400 page, never a 500.
for url in '/search/?q=a%00b' '/municipalities/%00/' '/wards/%00/' '/events/?q=%00'; do
  get "$url"
  [[ $code == 400 ]] && grep -q '使用できない文字' "$work/body" && pass "$url → 400 (Japanese page)" || fail "$url → $code"
done

# A body over the limit is refused by its Content-Length before it is read: 413 stating the limit.
head -c $((60 * 1024 * 1024)) /dev/zero >"$work/big.bin"
big=$(curl -s -m 60 "${proxy[@]}" -o "$work/body" -w '%{http_code}' -H 'Content-Type: multipart/form-data; boundary=smoke' \
  --data-binary @"$work/big.bin" "$base/board/new/")
[[ $big == 413 ]] && grep -q '51.0' "$work/body" && pass "a 60 MB upload → 413 stating the 51 MB limit" || fail "a 60 MB upload → $big"
rm -f "$work/big.bin"

get /
if [[ $code == 200 ]] && grep -q '特別区全国連携プロジェクト' "$work/body"; then pass "/ → 200 with 特別区全国連携プロジェクト"
else fail "/ → $code (project name present: $(grep -c '特別区全国連携プロジェクト' "$work/body"))"; fi

# The stylesheet the home page links to: a hashed name from the manifest, served by whitenoise.
css=$(grep -o 'href="/static/css/[^"]*\.css"' "$work/body" | head -n 1 | sed 's/^href="//; s/"$//')
if [[ -n $css ]]; then
  get "$css"
  [[ $code == 200 && $ctype == text/css* ]] && pass "$css (linked from /) → 200 $ctype" || fail "$css → $code $ctype"
else
  fail "/ links no stylesheet under /static/css/"
fi

admin_css=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["paths"]["admin/css/base.css"])' \
  "$DJANGO_STATIC_ROOT/staticfiles.json" 2>/dev/null)
if [[ -n $admin_css ]]; then
  get "/static/$admin_css"
  [[ $code == 200 && $ctype == text/css* ]] && pass "/static/$admin_css (manifest) → 200" || fail "/static/$admin_css → $code $ctype"
else
  fail "staticfiles.json lacks admin/css/base.css"
fi

# DEBUG really off: an unknown URL gets the plain 404 page, not Django's technical one.
get /no-such-page-smoke/
if [[ $code == 404 ]] && ! grep -q 'URLconf' "$work/body"; then pass "/no-such-page-smoke/ → 404 without debug page"
else fail "/no-such-page-smoke/ → $code (debug page shown: $(grep -c URLconf "$work/body"))"; fi

get /admin/
[[ $code == 302 ]] && pass "/admin/ → 302 to login" || fail "/admin/ → $code"

if grep -q -E 'Traceback|\[ERROR\]' "$work/server.log"; then
  fail "server log has errors:"; grep -E -A5 'Traceback|\[ERROR\]' "$work/server.log" | head -n 30
else
  pass "server log has no errors"
fi

if ((failures)); then echo "smoke: $failures check(s) FAILED"; tail -n 20 "$work/server.log"; exit 1; fi
echo "smoke: all checks passed"
