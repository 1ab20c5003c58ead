#!/usr/bin/env bash
# Prints the URL of a PostgreSQL database the integration tests can create databases from.
# Uses the one already answering on 127.0.0.1:5432 (or $EKG_TEST_PG_URL); on a fresh Debian
# machine installs the `postgresql` package, starts its cluster and sets a local password.
set -euo pipefail
log() { printf '\033[1;34m[postgres]\033[0m %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
try() { command -v psql >/dev/null && psql "$1" -Atc 'select 1' >/dev/null 2>&1; }

candidates=("${EKG_TEST_PG_URL:-}" postgres://postgres@127.0.0.1:5432/test
  postgres://postgres@127.0.0.1:5432/postgres postgres://postgres:ekg@127.0.0.1:5432/postgres)
for url in "${candidates[@]}"; do
  if [ -n "$url" ] && try "$url"; then echo "$url"; exit 0; fi
done

if ! command -v pg_ctlcluster >/dev/null; then
  log "installing Debian postgresql (once)"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
  as_root pg_createcluster "$ver" main >/dev/null
fi
# Through systemd where it runs; directly where it does not (containers, CI machines).
as_root pg_ctlcluster "$ver" main start 2>/dev/null \
  || as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || true
for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'ekg'\"" >/dev/null
url=postgres://postgres:ekg@127.0.0.1:5432/postgres
try "$url" || { log "PostgreSQL does not answer at $url"; exit 1; }
echo "$url"
