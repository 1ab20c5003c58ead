#!/usr/bin/env bash
# The catalogue under an admission-day rush (issue 28, item 2): `wrk` against the release
# server in demo mode (SQLite), load generator on the same two cores, loopback.
#
#   bench/catalogue.sh            # builds `server` in release once (~15 min cold)
#   EKG_BENCH_SECONDS=10 EKG_BENCH_CONNECTIONS=16 bench/catalogue.sh
#
# Rows: the anonymous catalogue as a browser asks for it (brotli) and as plain `wrk` does
# (identity) — both from memory; the same page with a revalidation (`If-None-Match` → 304);
# a search page per request from a set of 36 searches; a page with a new query every time
# (the render path alone: catalogue in memory, page rendered and stored); and the page for a
# visitor with a session cookie, rendered every time after a session lookup in the database.
# Prints a Markdown table. `bench/profile-catalogue.sh` shows where a render's time goes.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${EKG_BENCH_SECONDS:-10}"
CONNECTIONS="${EKG_BENCH_CONNECTIONS:-16}"
if ! command -v wrk >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -q wrk >/dev/null
fi
. bench/release-server.sh
ETAG=$(curl -sI "$URL/" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')
cat >"$DIR/searches.lua" <<'LUA'
local words = {"%D0%B1%D0%B0%D0%BB%D0%B0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
  "%D0%B0%D0%B1%D0%B0%D0%B9", "%D0%B6%D0%B5%D2%A3%D1%96%D1%81", "%D1%83%D0%BB%D0%B8%D1%86%D0%B0",
  "10", "11", "%D0%B4%D0%BE%D0%BC", "%D2%AF%D0%B9", "%D1%81%D0%B0%D0%B4"}
local n = 0
request = function()
  n = n + 1
  local w = words[(n % #words) + 1]
  local o = ({"", "&ownership=state", "&ownership=private", "&econtract=1"})[(n % 4) + 1]
  return wrk.format("GET", "/?q=" .. w .. o)
end
LUA
cat >"$DIR/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
cat "$DIR/report.lua" >>"$DIR/searches.lua"
cat >"$DIR/unique.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/?n=" .. n)
end
LUA
cat "$DIR/report.lua" >>"$DIR/unique.lua"
run() {
  local what="$1"; shift
  local line
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$@" | grep '^RESULT')
  read -r _ rate p50 p99 errors <<<"$line"
  echo "| $what | $rate | $p50 ms | $p99 ms | $errors |"
}
echo
echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); $(date -u +%F); wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s"
echo
echo "| request | req/s | p50 | p99 | non-2xx/3xx or socket errors |"
echo "|---|---|---|---|---|"
run '`GET /` anonymous, brotli (as a browser asks)' -s "$DIR/report.lua" -H 'Accept-Encoding: gzip, deflate, br' "$URL/"
run '`GET /` anonymous, identity (plain wrk)' -s "$DIR/report.lua" "$URL/"
run '`GET /` revalidated (`If-None-Match` → 304)' -s "$DIR/report.lua" -H "If-None-Match: $ETAG" "$URL/"
run '`GET /?q=…` 36 different searches, brotli' -s "$DIR/searches.lua" -H 'Accept-Encoding: gzip, deflate, br' "$URL"
run '`GET /?n=<unique>` anonymous, never kept: rendered each time, identity' -s "$DIR/unique.lua" "$URL"
run '`GET /` with a session cookie (rendered each time), brotli' -s "$DIR/report.lua" -H 'Accept-Encoding: gzip, deflate, br' -H 'Cookie: ekg_session=00' "$URL/"
run '`GET /healthz` (one database ping)' -s "$DIR/report.lua" "$URL/healthz"
