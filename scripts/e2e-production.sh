#!/usr/bin/env bash
# The first start in production, end to end (issue 26, item 4): a server WITHOUT demo mode, set
# up from an empty database exactly as docs/operations.md «First start in production» says —
# `server migrate`, `server import-registry` (dry run, then for real), `server grant --role
# region-admin`, a trust directory with the CA's root, `EKG_PUBLIC_URL` — then the browser walk
# `end2end/tests/production_walk.spec.ts`: the region admin grants the department admin, who sets
# a tariff, confirms a parent's child and issues a referral; the parent signs; the kindergarten's
# head grants an employee; the employee signs for the kindergarten.
#
# The people's key files come from the demo server already running for the other browser tests
# (its CA stands in for the national CA: its root is installed here as an ordinary anchor, under
# another name, as an operator installs the national CA's root).
#
# Usage (scripts/test.sh runs it): scripts/e2e-production.sh DEMO_DATA_DIR DEMO_URL FIXTURES_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
DEMO_DATA="$1"
DEMO_URL="$2"
FIXTURES="$3"
PORT="${E2E_PROD_PORT:-3301}"
PROD=$(mktemp -d)
LOG="$PROD/server.log"
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  rm -rf "$PROD"
}
trap cleanup EXIT

# Who is who: the demo head's BIN names the imported kindergarten; the demo admin becomes the
# region administrator.
read -r BIN ADMIN_IIN < <(python3 - "$DEMO_DATA/demo/manifest.json" <<'PY'
import json, sys
people = json.load(open(sys.argv[1]))["people"]
head = next(p for p in people if p["role"] == "Staff")
admin = next(p for p in people if p["role"] == "Admin")
print(head["bin"], admin["iin"])
PY
)

mkdir -p "$PROD/trust"
cp "$DEMO_DATA/trust/demo-root-ca.pem" "$PROD/trust/nca-root.pem"
cat > "$PROD/registry.csv" <<CSV
department_code,district_code,region_kk,region_ru,department_name_kk,department_name_ru,place_kk,place_ru,kindergarten_id,name_kk,name_ru,address_kk,address_ru,ownership,bin,e_contracts,paper_allowed,admission_age,group_id,group_name_kk,group_name_ru,age_from,age_to,places,comment
12,02,Маңғыстау облысы,Мангистауская область,Жаңаөзен қаласының білім бөлімі,Отдел образования города Жанаозен,Жаңаөзен қаласы,город Жанаозен,MNG-1202-017,«Ақбота» балабақшасы,Детский сад «Акбота»,"Жаңаөзен қ., Арай ш/а, 17","г. Жанаозен, мкр. Арай, 17",state,$BIN,1,0,2,MNG-1202-017-G1,«Ботақан» ортаңғы тобы,Средняя группа «Ботакан»,2,6,20,
CSV

export EKG_DATA_DIR="$PROD" EKG_TRUST_DIR="$PROD/trust" EKG_LISTEN="127.0.0.1:$PORT" \
  EKG_PUBLIC_URL="http://127.0.0.1:$PORT" EKG_DEMO=0
target/debug/server migrate
target/debug/server import-registry "$PROD/registry.csv" --dry-run
target/debug/server import-registry "$PROD/registry.csv"
target/debug/server grant --iin "$ADMIN_IIN" --role region-admin

# Every browser test signs in from 127.0.0.1: lift the per-client log-in limit (tested on its own).
EKG_LOGIN_ATTEMPTS_PER_10_MIN=100000 LEPTOS_SITE_ROOT=target/site LEPTOS_OUTPUT_NAME=ekg \
  target/debug/server serve >"$LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG"; echo "the production server did not start"; exit 1; }
  sleep 0.2
done
(cd end2end && E2E_WALK=1 E2E_BASE_URL="http://127.0.0.1:$PORT" E2E_DEMO_URL="$DEMO_URL" \
  E2E_FIXTURES="$FIXTURES" npx playwright test production_walk) \
  || { echo "--- production server log"; tail -n 50 "$LOG"; exit 1; }
