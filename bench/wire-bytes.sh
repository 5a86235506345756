#!/usr/bin/env bash
# Bytes on the wire per uploaded reading: tcpdump on lo counts IP bytes (both directions) on the receiver's TCP port,
# divided by the readings seen in the POST bodies; live mode (5 s and the real 30 s interval) and backlog drains.
set -euo pipefail

JAR=$(readlink -f "${1:-target/dual-modem-telemetry.jar}")
FLAGS=(-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError)
LIVE_FAST=${LIVE_FAST:-90} LIVE_SLOW=${LIVE_SLOW:-185} FILL=${FILL:-30}   # seconds
command -v tcpdump >/dev/null || { apt-get update -qq && apt-get install -y -qq tcpdump >/dev/null; }
WORK=$(mktemp -d /tmp/wire-bytes.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT; trap 'exit 130' INT TERM
nap() { sleep "$1" & PIDS+=("$!"); wait $!; }   # a sleep the traps can interrupt

free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); ss -ltn | grep -q ":$p " || { echo $p; return; }; done; }
received() { awk '/Receiver got/ {sub(/.*Receiver got /, ""); s += $1; if ($4 == "and") s += $5} END {print s+0}' "$1"; }
POST='tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x504f5354'   # TCP payload starts with "POST"
RESP='tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x48545450'   # TCP payload starts with "HTTP"

# app NAME PORT -Dkey=value...: runs the jar in $WORK/NAME (log app.log), sets APP
app() {
    local dir=$WORK/$1 port=$2; shift 2; mkdir -p "$dir"
    ( cd "$dir" && exec java "${FLAGS[@]}" -Ddemo.failover=false -Ddemo.receiver-port="$port" "$@" -jar "$JAR" ) > "$dir/app.log" 2>&1 &
    APP=$!; PIDS+=("$APP")
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
capture() {   # capture NAME PORT: tcpdump on lo for that port into $WORK/NAME.pcap, sets CAP
    tcpdump -i lo -nn -U -w "$WORK/$1.pcap" "tcp port $2" 2> "$WORK/$1.tcpdump" &
    CAP=$!; PIDS+=("$CAP")
    until grep -q listening "$WORK/$1.tcpdump"; do sleep 0.1; done
}
row() {       # row NAME SETTING: one table line from $WORK/NAME.pcap
    local f=$WORK/$1.pcap readings requests syns packets ip payload
    readings=$(tcpdump -r "$f" -nn -A 2>/dev/null | awk '{n += gsub(/"seq":/, "")} END {print n+0}')
    requests=$(tcpdump -r "$f" -nn "$POST" 2>/dev/null | wc -l)
    syns=$(tcpdump -r "$f" -nn 'tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn' 2>/dev/null | wc -l)
    read -r packets ip < <(tcpdump -r "$f" -nn -v 2>/dev/null | awk 'sub(/.*proto TCP \(6\), length /, "") {n++; s += $0 + 0} END {print n+0, s+0}')
    payload=$(tcpdump -r "$f" -nn 2>/dev/null | awk '$(NF-1) == "length" {s += $NF} END {print s+0}')
    printf '%-44s %8d %8d %5d %7d %10d %10d %9.1f %9.1f\n' "$2" "$readings" "$requests" "$syns" "$packets" "$payload" "$ip" \
        "$(awk -v a="$ip" -v b="$readings" 'BEGIN {print b ? a/b : 0}')" "$(awk -v a="$ip" -v b="$requests" 'BEGIN {print b ? a/b : 0}')"
    echo "   (receiver log: $(received "$WORK/$1/app.log") readings in $(grep -c 'Receiver got' "$WORK/$1/app.log") uploads)" >> "$WORK/notes"
}

live() {      # live NAME INTERVAL SECONDS
    local port; port=$(free_port)
    capture "$1" "$port"
    app "$1" "$port" -Dsensor.interval="$2" -Duplink.url="http://127.0.0.1:$port/readings"
    nap "$3"; stop "$APP"; sleep 1; stop "$CAP"
}
drain() {     # drain NAME BATCH POLL: restart on a copy of the filled outbox with a live receiver
    local port; port=$(free_port); cp -r "$WORK/fill" "$WORK/$1"; rm "$WORK/$1/app.log"
    capture "$1" "$port"
    app "$1" "$port" -Doutbox.path="$WORK/$1/outbox.db" -Duplink.url="http://127.0.0.1:$port/readings" \
        -Duplink.batch-size="$2" -Duplink.poll-interval="$3" -Dsensor.interval=1h
    for _ in $(seq 600); do [ "$(received "$WORK/$1/app.log")" -ge "$BACKLOG" ] && break; sleep 0.5; done
    sleep 3; stop "$APP"; sleep 1; stop "$CAP"
}

echo "jar: $JAR; flags: ${FLAGS[*]}; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "live mode: ${LIVE_FAST}s at sensor.interval=5s, ${LIVE_SLOW}s at 30s (batch-size 50, poll 2s); capture spans app start..stop"
live live5 5s "$LIVE_FAST"
live live30 30s "$LIVE_SLOW"

echo "backlog: ${FILL}s at sensor.interval=100ms with uplink.url on a closed port, then drains with a live receiver"
app fill "$(free_port)" -Doutbox.path="$WORK/fill/outbox.db" -Dsensor.interval=100ms -Duplink.url="http://127.0.0.1:$(free_port)/readings"
nap "$FILL"; stop "$APP"
BACKLOG=$(grep -c 'Stored reading' "$WORK/fill/app.log")
echo "backlog: $BACKLOG readings in the outbox"
drain drain50 50 100ms
drain drain1 1 100ms

echo
printf '%-44s %8s %8s %5s %7s %10s %10s %9s %9s\n' setting readings requests SYNs packets TCP-payload IP-bytes IP/read IP/req
row live5   "live, interval 5s, batch 50"
row live30  "live, interval 30s (default), batch 50"
row drain50 "backlog drain, batch 50, poll 100ms"
row drain1  "backlog drain, batch 1, poll 100ms"
echo "cross-check against the receiver's log, same order:"; cat "$WORK/notes"

echo; echo "one request and its response as sent (live 5s), TCP payload only:"
tcpdump -r "$WORK/live5.pcap" -nn -A -c 1 "$POST" 2>/dev/null | awk 'p {print} sub(/.*POST \//, "POST /") && !p {p = 1; print}'
echo "----"
tcpdump -r "$WORK/live5.pcap" -nn -A -c 1 "$RESP" 2>/dev/null | awk 'p {print} sub(/.*HTTP\/1/, "HTTP/1") && !p {p = 1; print}'
echo "----"; echo "connection open/close in live 30s (SYN/FIN/RST; time = s since the first of them):"
tcpdump -r "$WORK/live30.pcap" -nn -ttttt 'tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0' 2>/dev/null | cut -c1-110 | head -30 || true
