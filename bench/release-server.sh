# Sourced by the bench scripts: builds the release server once, starts it in demo mode on a
# free loopback port with a fresh data directory (removed on exit), waits until it answers.
# Sets DIR, SERVER (its pid) and URL.
cargo build --release --locked -p server
DIR=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
EKG_DEMO=1 EKG_DATA_DIR="$DIR" EKG_LISTEN="127.0.0.1:$PORT" RUST_LOG=warn \
  target/release/server serve >"$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$DIR"' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -fs "$URL/healthz" >/dev/null && break; sleep 0.2; done
