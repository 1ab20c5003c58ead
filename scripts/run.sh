#!/usr/bin/env bash
# Runs the product: builds it and serves http://127.0.0.1:3000 with an embedded SQLite
# database and local document storage under ./data, demo data loaded on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh
export EKG_DATA_DIR="${EKG_DATA_DIR:-$PWD/data}"
export EKG_DEMO="${EKG_DEMO:-1}"
export EKG_DEMO_FAMILY="${EKG_DEMO_FAMILY:-1}"
exec cargo leptos serve "$@"
