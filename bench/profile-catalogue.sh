#!/usr/bin/env bash
# Where a catalogue render's time goes (issue 28, item 2): `perf record` (cpu-clock, DWARF call
# graphs) on the release server while `wrk` asks for a page it has to render every time
# (`/?n=<unique>`: catalogue in memory, page not kept yet). Writes a flame graph
# (`inferno`, installed with cargo if missing) and prints the share of the main parts.
#
#   bench/profile-catalogue.sh [OUT.svg]     # default /tmp/catalogue-render.svg
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-/tmp/catalogue-render.svg}"
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q wrk >/dev/null || sudo apt-get install -y -q wrk >/dev/null; }
command -v perf >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q linux-perf >/dev/null || sudo apt-get install -y -q linux-perf >/dev/null; }
command -v inferno-flamegraph >/dev/null || cargo install inferno --locked --version 0.12.8
. bench/release-server.sh
cat >"$DIR/unique.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/?n=" .. n)
end
LUA
wrk -t1 -c4 -d3s -s "$DIR/unique.lua" "$URL" >/dev/null   # warm up
wrk -t1 -c4 -d7s -s "$DIR/unique.lua" "$URL" >"$DIR/wrk.txt" &
WRK=$!
sleep 1
perf record -q -F 499 -e cpu-clock --call-graph dwarf,16384 -p "$SERVER" -o "$DIR/perf.data" -- sleep 4 2>/dev/null
wait "$WRK"
perf script --no-inline -i "$DIR/perf.data" 2>/dev/null | inferno-collapse-perf >"$DIR/folded.txt"
inferno-flamegraph --title "catalogue page render (GET /?n=unique), release server" <"$DIR/folded.txt" >"$OUT"
echo "flame graph: $OUT"
grep -E 'Requests/sec|Latency' "$DIR/wrk.txt"
python3 bench/render-shares.py "$DIR/folded.txt"
cp "$DIR/folded.txt" "${OUT%.svg}.folded"
