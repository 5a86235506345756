#!/usr/bin/env bash
# Whether memory stays flat over time, and no reading is lost while the server restarts: the packaged app (simulation,
# the shipped flags and its AppCDS archive, as bench/footprint.sh) runs MINUTES minutes with a reading every second
# (30 times the default), uploading to a server in a process of its own, as in the field (a small Python receiver on
# loopback), which is stopped for DOWN s every RESTART s. A row every STEP s: resident memory (all, anonymous, the
# Java heap's pages), CPU time used (user + system), garbage collections so far (young/full), threads, readings
# stored, readings the server has (unique seqs) and whether it is up. Native Memory Tracking takes its baseline after
# 60 s; at the end its diff says which part grew, and the heap's live data after 60 s and at the end (jcmd's class
# histogram, which forces a full collection) shows whether the heap leaks. Last, the server stays up until every
# reading stored by then has arrived (at most 2 min): lost readings and line switches are counted (0 lost; one switch,
# the start-up one).
#
#   bench/soak.sh [JAR]      Env: MINUTES (default 30), STEP (s, default 60), RESTART (s, default 300), DOWN (s, 30),
#                            JVM_OPTIONS (default deploy/jvm.options), JCMD (default jcmd on PATH)
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=$(readlink -f "${1:-$HERE/target/dual-modem-telemetry.jar}")
JAVA=(java)
JVM_OPTIONS=${JVM_OPTIONS:-$HERE/deploy/jvm.options}
MINUTES=${MINUTES:-30} STEP=${STEP:-60} RESTART=${RESTART:-300} DOWN=${DOWN:-30}
JCMD=${JCMD:-$(command -v jcmd)}
WORK=$(mktemp -d /tmp/soak.XXXXXX)
PIDS=() RECEIVER=
cleanup() { for p in "${PIDS[@]}" $RECEIVER; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT; trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# the server: POST -> 201 after appending each reading's seq to a file (events, to /status, have none; seqs are
# absolute in a batch's first reading, differences after it: see uplink/Payload), so "received" survives its restarts
cat > "$WORK/receiver.py" <<'EOF'
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
port, seqfile = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        seq, seqs = 0, []
        for r in body.get("readings", []):
            row = r[1:] if isinstance(r[0], str) else r     # rows start with the id unless it follows on
            seq = row[0] if not seqs else seq + row[0]
            seqs.append(seq)
        with lock, open(seqfile, "a") as f:
            f.write("".join("%d\n" % s for s in seqs))
        self.send_response(201); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args):
        pass
server = ThreadingHTTPServer(("127.0.0.1", port), H)   # a thread per connection: the events' kept-alive one blocks none
server.daemon_threads = True
server.serve_forever()
EOF
PORT=$(free_port)
receiver_up() {
    python3 "$WORK/receiver.py" "$PORT" "$WORK/seqs" 2>>"$WORK/receiver.log" & RECEIVER=$!
    for _ in $(seq 100); do ss -ltn | grep -q ":$PORT " && return; sleep 0.05; done
}
receiver_down() { kill "$RECEIVER"; wait "$RECEIVER" 2>/dev/null || true; RECEIVER=; }
# readings the server has (unique seqs), or those of them up to seq N
received() { [ -f "$WORK/seqs" ] && awk -v n="${1:-}" 'n == "" || $1 <= n + 0' "$WORK/seqs" | sort -u | wc -l || echo 0; }
stored() { grep -c 'Stored reading seq=' "$WORK/app/app.log" || true; }
# the Java heap's resident pages: smaps' Rss within the heap's reservation (from jcmd's GC.heap_info)
heap_mb() {
    "$JCMD" "$APP" GC.heap_info 2>/dev/null | grep -o '0x[0-9a-f]*' | python3 -c '
import re, sys
addrs = [int(a, 16) for a in sys.stdin.read().split()]
lo, hi, rss, inside = min(addrs), max(addrs), 0, False
for line in open("/proc/%s/smaps" % sys.argv[1]):
    m = re.match(r"([0-9a-f]+)-([0-9a-f]+) ", line)
    if m:
        inside = int(m[1], 16) < hi and int(m[2], 16) > lo
    elif inside and line.startswith("Rss:"):
        rss += int(line.split()[1])
print("%.1f" % (rss / 1024))' "$APP"
}
# user + system CPU seconds (fields 14 and 15 of /proc/PID/stat, in clock ticks; the name, field 2, has no spaces here)
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$APP/stat"; }
live_mb() { "$JCMD" "$APP" GC.class_histogram 2>/dev/null | awk '/^Total/ {printf "%.1f", $3 / 1048576}'; }
# collections so far, young/full (the serial collector's two), from the JVM's counters
gcs() { "$JCMD" "$APP" PerfCounter.print 2>/dev/null | awk -F= '/^sun.gc.collector.0.invocations=/ {y = $2}
    /^sun.gc.collector.1.invocations=/ {f = $2} END {print (y == "") ? "-" : y "/" f}'; }

# shellcheck source=bench/appcds.sh
. "$HERE/bench/appcds.sh"
appcds_archive "$WORK/train" "$WORK/app.jsa" "$JAR" "$JVM_OPTIONS" "@$HERE/deploy/cds-training.options"
[ -f "$WORK/app.jsa" ] || { echo "no AppCDS archive: see $WORK/train/log" >&2; exit 1; }

echo "jar: $JAR; flags: $(sed 's/#.*//' "$JVM_OPTIONS" | xargs) + its AppCDS archive + -XX:NativeMemoryTracking=summary"
echo "a reading every 1 s; the server (its own process) down ${DOWN}s every ${RESTART}s; ${MINUTES} min; nproc $(nproc)"
receiver_up
mkdir -p "$WORK/app"
( cd "$WORK/app" && exec "${JAVA[@]}" "@$JVM_OPTIONS" -XX:SharedArchiveFile="$WORK/app.jsa" \
    -XX:NativeMemoryTracking=summary -Dsensor.interval=1s -Ddemo.failover=false \
    -Duplink.url="http://127.0.0.1:$PORT/readings" -Dops.http-port="$(free_port)" -jar "$JAR" ) > "$WORK/app/app.log" 2>&1 &
APP=$!; PIDS+=("$APP")

printf '%6s %8s %8s %8s %7s %8s %8s %8s %9s  %s\n' "t-s" "RSS-MB" "anon-MB" "heap-MB" "cpu-s" "GCs-y/f" threads stored received server
START=$SECONDS next_row=$STEP next_flip=$RESTART live_start=-
while (( SECONDS - START < MINUTES * 60 )); do
    sleep 1
    kill -0 "$APP" 2>/dev/null || { echo "the app ended:"; tail -20 "$WORK/app/app.log"; exit 1; }
    t=$((SECONDS - START))
    if [ "$live_start" = - ] && (( t >= 60 )); then
        live_start=$(live_mb); "$JCMD" "$APP" VM.native_memory baseline > /dev/null
    fi
    if (( t >= next_flip )); then
        if [ -n "$RECEIVER" ]; then receiver_down; next_flip=$((t + DOWN)); else receiver_up; next_flip=$((t + RESTART - DOWN)); fi
    fi
    if (( t >= next_row )); then
        next_row=$((next_row + STEP))
        awk -v t="$t" -v h="$(heap_mb)" -v c="$(cpu_s)" -v g="$(gcs)" -v s="$(stored)" -v r="$(received)" -v up="${RECEIVER:+up}" '/^(VmRSS|RssAnon|Threads):/ {v[$1] = $2}
            END {printf "%6d %8.1f %8.1f %8s %7s %8s %8d %8d %9d  %s\n", t, v["VmRSS:"]/1024, v["RssAnon:"]/1024, h, c, g, v["Threads:"], s, r, up ? up : "down"}' "/proc/$APP/status"
    fi
done

[ -n "$RECEIVER" ] || receiver_up
# the app goes on storing a reading a second: count the ones stored by now (seqs 1..N)
N=$(stored)
for _ in $(seq 120); do (( $(received "$N") >= N )) && break; sleep 1; done
echo; echo "heap's live data: $live_start MB after 60 s, $(live_mb) MB at the end"
echo "readings stored by the end $N, received $(received "$N"), lost $(( N - $(received "$N") )); "switches" logged: $(grep -c "Switching " "$WORK/app/app.log" || true) (the start-up one to the primary included)"
echo; echo "Native Memory Tracking, committed, the end against 60 s (categories that changed):"
"$JCMD" "$APP" VM.native_memory summary.diff | awk '/^Total/ || (/^-/ && /committed=[0-9]+KB [+-]/) {sub(/^-? */, ""); print "  " $0}'
