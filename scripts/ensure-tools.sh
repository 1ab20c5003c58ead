#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already present at the
# right version. Works on a fresh Debian machine with rustup, cargo, node/npm and apt.
#   scripts/ensure-tools.sh          build tools (wasm target, cargo-leptos, wasm-bindgen)
#   scripts/ensure-tools.sh --test   also Chromium and the end-to-end npm packages
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
log() { printf '\033[1;34m[tools %ss]\033[0m %s\n' "$SECONDS" "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

command -v cargo >/dev/null || { echo "cargo is missing: install rustup first (https://rustup.rs)"; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q " ${CARGO_LEPTOS_VERSION}\$"; then
  # Its own release profile asks for fat LTO in one codegen unit, which makes the install take
  # about 15 minutes on two cores. It only drives cargo, wasm-bindgen and wasm-opt and
  # compresses a few files, so an unoptimised-link build serves as well and installs in a
  # fraction of that (measured in docs/operations.md).
  log "installing cargo-leptos ${CARGO_LEPTOS_VERSION} (several minutes, once)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi

# The wasm-bindgen CLI must be exactly the wasm-bindgen version in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  log "installing wasm-bindgen-cli ${WB_VERSION}"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# wasm-opt shrinks the release WASM (cargo-leptos with no_downloads takes it from PATH) and
# speeds up the photo worker; npm's binaryen package ships it.
BINARYEN_VERSION=132.0.0
if ! wasm-opt --version 2>/dev/null | grep -q "version_${BINARYEN_VERSION%%.*}"; then
  log "installing wasm-opt (npm binaryen ${BINARYEN_VERSION})"
  npm install -g --no-audit --no-fund "binaryen@${BINARYEN_VERSION}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] \
     || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    log "installing end-to-end npm packages (no browser download)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
  # pdftotext reads the contract PDFs back in the PDF tests.
  if ! command -v pdftotext >/dev/null; then
    log "installing Debian poppler-utils (pdftotext)"
    apt_install poppler-utils
  fi
  # A real S3-compatible server (moto, from PyPI) for the S3 document-store tests.
  scripts/ensure-moto.sh >/dev/null
fi
log "tools ready"
