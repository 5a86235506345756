#!/usr/bin/env bash
# What the operations server costs in resident memory: the packaged jar with the shipped JVM flags (deploy/jvm.options)
# and its AppCDS archive (JAR's name with .jsa, when there is one), default settings (simulation, own loopback ports),
# SETTLE s after start, in four variants run in turn ROUNDS times:
#   off      ops.http-enabled=false (no server, no Jolokia, no status page: the product without them)
#   idle     the default (server, Jolokia, page) never asked anything
#   page     the default, the status page and /health asked every 2 s by curl
#   jolokia  the default, the status page, /health, a Jolokia read and a list asked every 2 s (Hawtio polls like that)
# RSS from /proc/PID/status; the machine is shared and noisy: compare within one run, look at the medians.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=$(readlink -f "${1:-$HERE/target/dual-modem-telemetry.jar}")
FLAGS=("@$HERE/deploy/jvm.options")
[[ -f ${JAR%.jar}.jsa ]] && FLAGS+=(-XX:SharedArchiveFile="${JAR%.jar}.jsa")
ROUNDS=${ROUNDS:-3} SETTLE=${SETTLE:-60}
WORK=$(mktemp -d /tmp/ops-footprint.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT; trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
kb() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$2/status"; }

# run VARIANT: prints "VmRSS RssAnon Threads" in kB after SETTLE s
run() {
    local variant=$1 receiver ops dir
    receiver=$(free_port); ops=$(free_port); dir=$WORK/$variant-$RANDOM; mkdir -p "$dir"
    local extra=(-Dops.http-port="$ops"); [[ $variant == off ]] && extra+=(-Dops.http-enabled=false)
    ( cd "$dir" && exec java "${FLAGS[@]}" -Ddemo.failover=false -Ddemo.receiver-port="$receiver" \
        -Duplink.url="http://127.0.0.1:$receiver/readings" "${extra[@]}" -jar "$JAR" ) > "$dir/app.log" 2>&1 &
    local app=$!; PIDS+=("$app")
    local start=$SECONDS
    while (( SECONDS - start < SETTLE )); do
        if [[ $variant == page || $variant == jolokia ]] && grep -q 'Status page' "$dir/app.log"; then
            curl -sf -o /dev/null "http://127.0.0.1:$ops/" || true
            curl -s -o /dev/null "http://127.0.0.1:$ops/health" || true
        fi
        if [[ $variant == jolokia ]] && grep -q 'Status page' "$dir/app.log"; then
            curl -sf -o /dev/null -X POST -d '{"type":"read","mbean":"org.apache.camel:type=routes,*","attribute":"ExchangesTotal"}' \
                "http://127.0.0.1:$ops/jolokia/" || true
            curl -sf -o /dev/null -X POST -d '{"type":"list","path":"io.dualmodem"}' "http://127.0.0.1:$ops/jolokia/" || true
        fi
        sleep 2
    done
    echo "$(kb VmRSS "$app") $(kb RssAnon "$app") $(kb Threads "$app")"
    kill "$app"; wait "$app" 2>/dev/null || true
}

echo "jar: $JAR; flags: ${FLAGS[*]}; java: $(java -version 2>&1 | head -1); nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg); settle ${SETTLE}s"
printf '%-6s %-6s %10s %12s %8s\n' round variant "VmRSS kB" "RssAnon kB" threads
for r in $(seq "$ROUNDS"); do
    for v in off idle page jolokia; do
        read -r rss anon threads < <(run "$v")
        printf '%-6s %-6s %10s %12s %8s\n' "$r" "$v" "$rss" "$anon" "$threads"
        echo "$rss" >> "$WORK/$v.rss"; echo "$anon" >> "$WORK/$v.anon"
    done
done
echo
printf '%-8s %14s %16s %18s\n' variant "median VmRSS" "median RssAnon" "VmRSS minus off"
off=$(median < "$WORK/off.rss")
for v in off idle page jolokia; do
    m=$(median < "$WORK/$v.rss")
    printf '%-8s %11s kB %13s kB %15s kB\n' "$v" "$m" "$(median < "$WORK/$v.anon")" "$(awk -v a="$m" -v b="$off" 'BEGIN {print a - b}')"
done
