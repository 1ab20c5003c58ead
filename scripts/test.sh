#!/usr/bin/env bash
# Runs every test: unit and integration tests (native), then the real build (server + WASM)
# served on a free local port and driven by Playwright in Debian Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh --test

# One clean build: incremental caches only cost disk and time here.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

step() { printf '\n\033[1;32m== [%ss] %s\033[0m\n' "$SECONDS" "$*"; }

LOGS=$(mktemp -d)
step "modules depend in one direction (no import cycles)"
# sea-orm entities name each other in their relations: the one exception.
node --test scripts/module-cycles.test.mjs 2>&1 | tail -n 8
node scripts/module-cycles.mjs server/src --except db/entities
node scripts/module-cycles.mjs app/src --only domain --only eds --only documents --only pages

step "unit and integration tests"
# Default members only (app, server, migrations): `--workspace` would add the frontend and
# unify `ssr` with `hydrate`.
cargo test --locked 2>&1 | tee "$LOGS/cargo.log"

step "integration tests again on PostgreSQL"
# The same server suite through the same sea-orm code, each test in its own fresh database.
PG_URL=$(scripts/ensure-postgres.sh)
for d in $(psql "$PG_URL" -Atc "select datname from pg_database where datname like 'ekg_t_%'"); do
  psql "$PG_URL" -qc "drop database if exists $d with (force)" >/dev/null
done
# `--test it` over the same packages as above reuses that build; `-p server --tests` would
# resolve features for the server alone and compile app, migrations and server again (~3 min).
EKG_TEST_PG_URL="$PG_URL" cargo test --locked --test it 2>&1 | tee "$LOGS/cargo-pg.log"

step "build the product once: the server and the browser bundle as it ships"
scripts/build-worker.sh 2>&1 | tail -n 3
# The browser tests drive the release bundle (wasm-opt, --split chunks, brotli/gzip), the very
# files a phone downloads, served by a debug server (it reads the bundle's hashed names from
# hash.txt beside it). A release bundle hydrates in a
# fraction of the time a debug one needs, so a busy machine does not time the pages out.
cargo leptos build --release --split --precompress --frontend-only --cargo-locked 2>&1 | tail -n 3
# The server is the debug one the first step built (`cargo test` builds the binary for the
# integration tests), with `--cfg erase_components` like the bundle (.cargo/config.toml),
# without which it would render other hydration markers and no page would hydrate. It reads
# the bundle's hashed file names from hash.txt beside it.
cp target/release/hash.txt target/debug/hash.txt

step "first-load budget of the release WASM bundle"
# What a parent's phone downloads on the first visit (brotli, as served): within the budget in
# docs/performance.md.
node scripts/bundle-budget.mjs target/site/pkg "${EKG_FIRST_LOAD_BUDGET_KB:-430}" 2>&1 | tee "$LOGS/budget.log"

step "end-to-end tests in Chromium"
PORT="${E2E_PORT:-3300}"
DATA_DIR=$(mktemp -d)
LOG="$DATA_DIR/server.log"
# Every browser test signs in from 127.0.0.1: lift the per-client log-in and support-request
# limits (tested on their own in server/tests/it/hardening.rs) so the whole suite counts as
# many clients; and the demo mother adds a child in most wizard tests, more than the ten a
# cabinet holds by default (that limit is tested in server/tests/it/cabinet.rs).
EKG_DATA_DIR="$DATA_DIR" EKG_DEMO=1 EKG_LISTEN="127.0.0.1:$PORT" EKG_LOGIN_ATTEMPTS_PER_10_MIN=100000 \
  EKG_SUPPORT_REQUESTS_PER_10_MIN=100000 EKG_MAX_CHILDREN_PER_CABINET=1000 \
  LEPTOS_SITE_ROOT=target/site LEPTOS_OUTPUT_NAME=ekg \
  target/debug/server serve >"$LOG" 2>&1 &
SERVER_PID=$!
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$DATA_DIR" "$LOGS"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG"; echo "server did not start"; exit 1; }
  sleep 0.2
done
target/debug/server fixtures --out "$DATA_DIR/fixtures" >/dev/null
(cd end2end && E2E_BASE_URL="http://127.0.0.1:$PORT" E2E_FIXTURES="$DATA_DIR/fixtures" npx playwright test) 2>&1 | tee "$LOGS/e2e.log" \
  || { echo "--- server log"; tail -n 50 "$LOG"; exit 1; }

step "first start in production, end to end (a non-demo server from an empty database)"
scripts/e2e-production.sh "$DATA_DIR" "http://127.0.0.1:$PORT" "$DATA_DIR/fixtures" 2>&1 \
  | tee "$LOGS/e2e-production.log"

# One closing line for the whole run (every step above already stopped on any failure).
rust=$(cat "$LOGS/cargo.log" "$LOGS/cargo-pg.log" | grep -E '^test result: ok\.' | awk '{s+=$4} END {print s+0}')
e2e=$(cat "$LOGS/e2e.log" "$LOGS/e2e-production.log" | grep -Eo '^ *[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
echo
echo "Summary: $((rust + e2e)) passed, 0 failed, in ${SECONDS} s"
