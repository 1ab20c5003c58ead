#!/usr/bin/env bash
# The latency a submission's evidence adds (issue 25), for docs/performance.md:
# an RFC 3161 timestamp from OpenSSL's TSA (behind the tests' HTTP wrapper, one
# `openssl ts -reply` process per request) and the signer's status from `openssl ocsp`,
# 200 collections each on loopback, p50 and p99. Needs `openssl`.
#
#   bench/evidence-latency.sh             # release build of the server's tests (~15 min cold)
#   PROFILE=dev bench/evidence-latency.sh # the debug build the test command already made
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
FLAGS=(--release)
[ "${PROFILE:-release}" = dev ] && FLAGS=()
cargo test "${FLAGS[@]}" --locked -p server --test it --no-run
EKG_EVIDENCE_LATENCY_OUT="$OUT" cargo test "${FLAGS[@]}" --locked -p server --test it \
  evidence::added_latency_of_timestamp_and_ocsp -- --ignored --exact --nocapture >/dev/null
echo "Machine: $(nproc) cores; build: ${PROFILE:-release}; $(openssl version); $(date -u +%F)"
echo
echo "| evidence | collections | p50 | p99 |"
echo "|---|---|---|---|"
cat "$OUT"
