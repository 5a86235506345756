#!/usr/bin/env bash
# Footprint of the packaged app: jar size, start-up time (exec -> Camel "started in", exec -> "Stored reading seq=1"),
# and resident memory after 60 s with the shipped JVM flags and default settings (simulation, own loopback port).
set -euo pipefail

JAR=$(readlink -f "${1:-target/dual-modem-telemetry.jar}")
FLAGS=(-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError)
RUNS=${RUNS:-3} SETTLE=${SETTLE:-60}
WORK=$(mktemp -d /tmp/footprint.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT; trap 'exit 130' INT TERM
nap() { sleep "$1" & PIDS+=("$!"); wait $!; }   # a sleep the traps can interrupt

free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); ss -ltn | grep -q ":$p " || { echo $p; return; }; done; }
ms_of_line() { date -d "$(grep -m1 "$1" "$2" | cut -d' ' -f1)" +%s%3N; }   # log timestamp -> epoch ms
wait_line() { for _ in $(seq 600); do grep -q "$1" "$2" && return; sleep 0.05; done; echo "timeout waiting for '$1' in $2" >&2; exit 1; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# start RUN_DIR [wrapper...]: exec java in RUN_DIR, writing the exec epoch-ms to t0 and the log to app.log; sets APP
start() {
    local dir=$1; shift; local port; port=$(free_port); mkdir -p "$dir"
    ( cd "$dir" && exec "$@" bash -c 'date +%s%3N > t0; exec java "$@"' _ "${FLAGS[@]}" \
        -Ddemo.failover=false -Ddemo.receiver-port="$port" -Duplink.url="http://127.0.0.1:$port/readings" -jar "$JAR" ) > "$dir/app.log" 2>&1 &
    APP=$!; PIDS+=("$APP")
}

size=$(stat -c %s "$JAR")
echo "jar: $JAR"
awk -v s="$size" 'BEGIN {printf "jar size: %d bytes = %.2f MB (%.2f MiB)\n", s, s/1e6, s/1048576}'
echo "java: $(java -version 2>&1 | head -1); flags: ${FLAGS[*]}; nproc: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"

echo; echo "start-up (ms from java exec):   run  to 'started in'  to 'Stored reading seq=1'  (Camel says 'started in X, boot Y')"
: > "$WORK/started" ; : > "$WORK/stored"
for i in $(seq "$RUNS"); do
    start "$WORK/run$i"
    wait_line 'Stored reading seq=1 ' "$WORK/run$i/app.log"
    kill "$APP"; wait "$APP" || true
    t0=$(cat "$WORK/run$i/t0")
    s=$(( $(ms_of_line ') started in ' "$WORK/run$i/app.log") - t0 ))
    r=$(( $(ms_of_line 'Stored reading seq=1 ' "$WORK/run$i/app.log") - t0 ))
    echo "$s" >> "$WORK/started"; echo "$r" >> "$WORK/stored"
    printf '                                 %3d  %12d  %22d  (%s)\n' "$i" "$s" "$r" \
        "$(grep -m1 -o 'started in.*' "$WORK/run$i/app.log")"
done
printf '                              median  %12s  %22s\n' "$(median < "$WORK/started")" "$(median < "$WORK/stored")"

echo; echo "memory after ${SETTLE}s running (default settings, sensor.interval 30s), under /usr/bin/time -v:"
start "$WORK/mem" /usr/bin/time -v -o "$WORK/time.txt"
wait_line 'Stored reading seq=1 ' "$WORK/mem/app.log"
JAVA=$(pgrep -P "$APP" -x java); PIDS+=("$JAVA")   # time(1) does not pass SIGTERM on
nap "$(( SETTLE - ( $(date +%s%3N) - $(cat "$WORK/mem/t0") ) / 1000 ))"
echo "  elapsed since exec: $(( ($(date +%s%3N) - $(cat "$WORK/mem/t0")) / 1000 )) s; readings stored: $(grep -c 'Stored reading' "$WORK/mem/app.log"); uploads received: $(grep -c 'Receiver got' "$WORK/mem/app.log")"
grep -E '^(VmRSS|VmHWM|RssAnon|RssFile|Threads)' "/proc/$JAVA/status" | sed 's/^/  \/proc status  /'
echo "  ps -o rss      $(ps -o rss= -p "$JAVA" | tr -d ' ') kB"
kill "$JAVA"; wait "$APP" || true
echo "  /usr/bin/time  $(grep -E 'Maximum resident set size' "$WORK/time.txt" | sed 's/^\s*//') (peak over the whole run)"
