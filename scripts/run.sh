#!/usr/bin/env bash
# Runs the product: builds it and serves http://127.0.0.1:3000 with an embedded SQLite
# database and local document storage under ./data, demo data loaded on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh
export EKG_DATA_DIR="${EKG_DATA_DIR:-$PWD/data}"
export EKG_DEMO="${EKG_DEMO:-1}"
export EKG_DEMO_FAMILY="${EKG_DEMO_FAMILY:-1}"
# The national CA's GOST 2022 *test* root, intermediate and CRLs, as test anchors: a key from
# the national CA's test service (IINs like 123456789011) then works in the demo too.
TEST_ANCHORS="${EKG_TRUST_DIR:-$EKG_DATA_DIR/trust}/test-anchors"
mkdir -p "$TEST_ANCHORS"
cp app/fixtures/nca/kalkan/certs/* "$TEST_ANCHORS/"
# The photo converter's own WASM (run in a Web Worker at the document step).
scripts/build-worker.sh >/dev/null
# --split: the staff and admin pages are lazily loaded WASM chunks (app/src/lazy_routes.rs).
exec cargo leptos serve --split "$@"
