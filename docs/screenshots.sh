#!/usr/bin/env bash
# Takes the README's screenshots as an operator would see them: docs/status-page.png (the status page), docs/hawtio.png
# (the product's Camel routes in Hawtio) and docs/hawtio-mbeans.png (its io.dualmodem MBeans). The packaged jar runs in
# simulation (its demo failover shortened), its operations server on 127.0.0.1; Hawtio runs on 127.0.0.1
# (hawtio/hawtio.sh) connected to it; Debian's chromium, headless, draws the pages (driven through its DevTools port
# for Hawtio, hawtio/cdp_screenshot.py). Everything listens on loopback only and is stopped at the end.
#   mvn -q -B package -DskipTests && docs/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JAR=$ROOT/target/dual-modem-telemetry.jar
[[ -f $JAR ]] || { echo "no $JAR: run mvn -q -B package -DskipTests first" >&2; exit 1; }
WORK=$(mktemp -d /tmp/hawtio-shot.XXXXXX)
GROUPS_STARTED=()
cleanup() { for g in "${GROUPS_STARTED[@]}"; do kill -- "-$g" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT; trap 'exit 130' INT TERM
# each in its own process group, so that the group (mvn, java, chromium's helpers) is stopped by its id
start() { local log=$1; shift; setsid "$@" > "$log" 2>&1 & GROUPS_STARTED+=("$!"); }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 240); do eval "$2" >/dev/null 2>&1 && return; sleep 0.5; done; echo "timed out waiting for $1" >&2; tail -20 "$WORK"/*.log >&2; exit 1; }

RECEIVER=$(free_port); OPS=$(free_port); HAWTIO=$(free_port); DEVTOOLS=$(free_port)
mkdir -p "$WORK/app"
start "$WORK/app.log" bash -c 'cd "$1" && shift && exec java "$@"' _ "$WORK/app" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dhardware.mode=simulation -Ddemo.receiver-port="$RECEIVER" -Duplink.url="http://127.0.0.1:$RECEIVER/readings" \
    -Dops.http-port="$OPS" -Dsensor.interval=2s -Ddemo.cut-primary-after=20s -Ddemo.restore-primary-after=40s -Ddemo.hold-down=20s \
    -Dmodem.sim-boot-delay=2s -jar "$JAR"
start "$WORK/hawtio.log" "$ROOT/docs/hawtio/hawtio.sh" "$HAWTIO"
jolokia() { curl -sf -X POST -d "$1" "http://127.0.0.1:$OPS/jolokia/"; }
echo "waiting for the demo's failover and fail-back (about 90 s) and for Hawtio ..."
wait_for "the fail-back" "jolokia '{\"type\":\"read\",\"mbean\":\"io.dualmodem:type=Modems\",\"attribute\":\"SwitchHistory\"}' | grep -q 'fail-back'"
wait_for "Hawtio" "curl -sf -o /dev/null http://127.0.0.1:$HAWTIO/hawtio/"

start "$WORK/chromium.log" chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$WORK/profile" \
    --remote-debugging-address=127.0.0.1 --remote-debugging-port="$DEVTOOLS" about:blank
wait_for "chromium's DevTools" "curl -sf http://127.0.0.1:$DEVTOOLS/json/version"
python3 "$ROOT/docs/hawtio/cdp_screenshot.py" "$DEVTOOLS" "http://localhost:$HAWTIO/hawtio" "$OPS" "$ROOT/docs"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$WORK/profile2" --hide-scrollbars --window-size=1000,1000 \
    --screenshot="$ROOT/docs/status-page.png" "http://127.0.0.1:$OPS/" 2>/dev/null
echo "wrote $ROOT/docs/status-page.png"
