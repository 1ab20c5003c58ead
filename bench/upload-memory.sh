#!/usr/bin/env bash
# Peak memory of 40 parallel uploads, for docs/performance.md: the server (in
# release, alone in its process) takes 40 uploads at once of the largest picture it decodes,
# then 40 small files declaring 8192 × 8192 pixels. Loopback only, bounded (80 requests).
#
#   bench/upload-memory.sh     # builds the server's test binary in release once (~15 min cold)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
cargo test --release --locked -p server --test it --no-run
EKG_UPLOAD_MEMORY_OUT="$OUT" cargo test --release --locked -p server --test it \
  upload_memory::peak_memory_of_40_parallel_uploads -- --ignored --exact --nocapture >/dev/null
echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem/{print $2}') GiB; decodes at once: ${EKG_UPLOAD_DECODES:-$(nproc)}; $(date -u +%F)"
echo
echo "| uploads | size | answers | time | RSS before | peak above it |"
echo "|---|---|---|---|---|---|"
cat "$OUT"
