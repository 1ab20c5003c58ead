#!/usr/bin/env bash
# Builds the photo worker's WASM (frontend/worker) into public/photo-worker/ (not in git), which
# cargo-leptos copies into the site with the other static assets (served as /photo-worker/…).
# Run it before `cargo leptos build|serve` (scripts/run.sh and scripts/test.sh do; cargo-leptos
# empties the site directory on each build, so writing there directly would not last), and by
# hand after changing app/src/documents when using `cargo leptos watch`.
#
# Always the speed-optimised profile (opt-level 3, LTO) with WASM SIMD: the converter is
# arithmetic on 12–48 megapixels, and every browser that runs module workers has SIMD
# (Chrome 91, Firefox 89, Safari 16.4). Its own target directory keeps these flags from
# invalidating the other builds.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=public/photo-worker
export CARGO_TARGET_DIR=target/worker
RUSTFLAGS="-C target-feature=+simd128" cargo build ${CARGO_LOCKED:---locked} -p photo-worker --lib \
  --target wasm32-unknown-unknown --profile worker-release
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" \
  target/worker/wasm32-unknown-unknown/worker-release/photo_worker.wasm
if command -v wasm-opt >/dev/null; then
  wasm-opt -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals \
    "$OUT/photo_worker_bg.wasm" -o "$OUT/photo_worker_bg.wasm.opt"
  mv "$OUT/photo_worker_bg.wasm.opt" "$OUT/photo_worker_bg.wasm"
fi
ls -l "$OUT"
