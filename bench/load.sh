#!/usr/bin/env bash
# Load figures for docs/performance.md: the catalogue page rendered on the
# server, a server function of the parent's cabinet, and complete contract submissions (three
# uploads, prepare, sign, send with CMS verification), on SQLite and then on PostgreSQL.
# Loopback only and bounded: EKG_LOAD_SECONDS per measurement (10), EKG_LOAD_CONCURRENCY (16),
# EKG_LOAD_CONTRACTS per database (200). The generator runs in the same process as the server
# (server/tests/it/load.rs), so both share this machine's cores, as they would on one box.
#
#   bench/load.sh            # builds the server's test binary in release once (~15 min cold)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

cargo test --release --locked -p server --test it --no-run
run() {
  EKG_LOAD_OUT="$OUT" cargo test --release --locked -p server --test it \
    load::load_figures -- --ignored --exact --nocapture
  # 200 eGov Mobile signing sessions at once, completed by the app's stand-in.
  EKG_LOAD_OUT="$OUT" cargo test --release --locked -p server --test it \
    egov_mobile::two_hundred_sessions_at_once_each_sign_in_exactly_once -- --exact --nocapture
}
run
PG_URL=$(scripts/ensure-postgres.sh)
EKG_TEST_PG_URL="$PG_URL" run

echo
echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/^Mem/{print $2}') GiB; $(date -u +%F)"
echo
echo "| measurement | database | concurrency | done | rate | p50 | p99 | errors |"
echo "|---|---|---|---|---|---|---|---|"
cat "$OUT"
