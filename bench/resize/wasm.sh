#!/usr/bin/env bash
# The resize benchmark as the browser runs the converter: built for wasm32 with SIMD128 and
# the photo worker's profile (worker-release: opt-level 3, LTO), run under Node's WASI
# (Node ≥ 20, V8 like Chromium). Needs `rustup target add wasm32-wasip1`.
#   bench/resize/wasm.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
rustup target list --installed | grep -qx wasm32-wasip1 || rustup target add wasm32-wasip1
export CARGO_TARGET_DIR=target/bench-wasi
RUSTFLAGS="-C target-feature=+simd128" cargo build --locked -p resize-bench \
  --target wasm32-wasip1 --profile worker-release
# Node 20 sometimes crashes (SIGSEGV) while exiting after the run, once the module's memory
# has grown past 2 GB (the `image` crate's resize of 48 megapixels works in f32): every figure
# is printed by then, so only that exit is forgiven.
rc=0
node --no-warnings bench/resize/wasi.mjs \
  "$CARGO_TARGET_DIR/wasm32-wasip1/worker-release/resize-bench.wasm" "${1:-7}" || rc=$?
if [ "$rc" = 139 ]; then
  echo "(Node crashed while exiting, after the run; the figures above are complete)"
elif [ "$rc" != 0 ]; then
  exit "$rc"
fi
