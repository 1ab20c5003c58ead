#!/usr/bin/env bash
# Installs moto's standalone S3-compatible server (`moto_server`) into a private venv, for the
# S3 document-store tests (they start it on 127.0.0.1 and talk real S3 HTTP to it).
#
# Usage: scripts/ensure-moto.sh [REPO_ROOT]
#   REPO_ROOT defaults to this script's parent directory; the venv is REPO_ROOT/.tools/moto.
#   Idempotent: installs only when moto_server (at the pinned version) is missing, and starts
#   over from an empty venv if an earlier install was interrupted.
#   Prints the absolute path of moto_server on stdout; progress goes to stderr.
set -euo pipefail

MOTO_VERSION="5.2.5"

if [[ $# -ge 1 && -n "$1" ]]; then
  repo_root="$(cd "$1" && pwd)"
else
  repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fi

venv="$repo_root/.tools/moto"
bin="$venv/bin/moto_server"
# Written last: its absence means "not installed, or interrupted, or another version".
marker="$venv/.installed-moto-$MOTO_VERSION"
log() { printf '\033[1;34m[moto]\033[0m %s\n' "$*" >&2; }

if [[ ! -x "$bin" || ! -f "$marker" ]]; then
  command -v python3 >/dev/null || { log "python3 is missing"; exit 1; }
  # Debian's python3 has no venv/ensurepip without the python3-venv package.
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
      log "installing Debian python3-venv"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    else
      log "python3 cannot create venvs: install python3-venv (Debian) and run again"
      exit 1
    fi
  fi
  log "installing moto[server]==$MOTO_VERSION into $venv (about 30 s and 320 MB, once)"
  rm -rf "$venv"
  mkdir -p "$repo_root/.tools"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-cache-dir \
    "moto[server]==$MOTO_VERSION" >&2
  [[ -x "$bin" ]] || { log "$bin missing after the install"; exit 1; }
  touch "$marker"
fi

echo "$bin"
