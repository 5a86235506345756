#!/usr/bin/env bash
# Bytes on the wire per uploaded reading: tcpdump on lo counts IP bytes (both directions, handshakes and closes
# included) on the receiver's TCP port, divided by the readings the demo receiver logged. The events the app posts to the
# same receiver (/status, on their own connections) are counted apart and shown below the table. Live at the real 30 s
# interval, batching (uplink.max-delay 5m; and with gzip and the idle probe beyond the batch interval), a 10-min
# cadence on the secondary (modem.b.max-delay, the simulation started on modem b), and a 24 h backlog (2 880 readings at 30 s spacing) drained with the default batch size,
# with gzip, and with the old batch size of 50.
#
#   bench/wire-bytes.sh [JAR]       JAVA='qemu-aarch64-static -L ROOT ROOT/usr/bin/java' to use another java
# Env: LIVE (seconds of the live runs, default 660: two 5-min batches), BACKLOG (readings, default 2880),
#      JVM_OPTIONS (the shipped flags, default deploy/jvm.options).
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=$(readlink -f "${1:-$HERE/target/dual-modem-telemetry.jar}")
read -r -a JAVA <<< "${JAVA:-java}"
JVM_OPTIONS=${JVM_OPTIONS:-$HERE/deploy/jvm.options}
LIVE=${LIVE:-660} BACKLOG=${BACKLOG:-2880}
command -v tcpdump >/dev/null || { apt-get update -qq && apt-get install -y -qq tcpdump >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
WORK=$(mktemp -d /tmp/wire-bytes.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT; trap 'exit 130' INT TERM
nap() { sleep "$1" & PIDS+=("$!"); wait $!; }   # a sleep the traps can interrupt

free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); ss -ltn | grep -q ":$p " || { echo $p; return; }; done; }
received() { awk '/Receiver got [0-9]+ new reading/ {sub(/.*Receiver got /, ""); s += $1; if ($4 == "and") s += $5} END {print s+0}' "$1"; }
# the client ports of the connections that carried events (POST /status): their bytes are counted apart from the readings'
event_ports() { tcpdump -r "$1" -nn -A "$POST" 2>/dev/null | awk '/ IP / {split($3, a, "."); port = a[5]} /POST \/status/ {print port}' | sort -u; }
reading_ports() { tcpdump -r "$1" -nn -A "$POST" 2>/dev/null | awk '/ IP / {split($3, a, "."); port = a[5]} /POST \/readings/ {print port}' | sort -u; }
# a tcpdump filter for one kind of traffic in a capture: events (the connections that carried POST /status) or readings (the rest)
traffic() {
    local ports; ports=$(event_ports "$1" | sed 's/^/port /' | paste -sd' ' | sed 's/ port/ or port/g')
    if [ "$2" = events ]; then echo "${ports:-port 0}"; else echo "${ports:+not (}${ports:-tcp}${ports:+)}"; fi
}
POST='tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x504f5354'   # TCP payload starts with "POST"
RESP='tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x48545450'   # TCP payload starts with "HTTP"

# app NAME PORT -Dkey=value...: runs the jar in $WORK/NAME (log app.log) against its own demo receiver, sets APP
app() {
    local dir=$WORK/$1 port=$2; shift 2; mkdir -p "$dir"
    ( cd "$dir" && exec "${JAVA[@]}" "@$JVM_OPTIONS" -Ddemo.failover=false -Ddemo.receiver-port="$port" \
        -Duplink.url="http://127.0.0.1:$port/readings" "$@" -jar "$JAR" ) > "$dir/app.log" 2>&1 &
    APP=$!; PIDS+=("$APP")
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
capture() {   # capture NAME PORT: tcpdump on lo for that port into $WORK/NAME.pcap, sets CAP
    tcpdump -i lo -nn -U -w "$WORK/$1.pcap" "tcp port $2" 2> "$WORK/$1.tcpdump" &
    CAP=$!; PIDS+=("$CAP")
    until grep -q listening "$WORK/$1.tcpdump"; do sleep 0.1; done
}
row() {       # row NAME SETTING: one table line from $WORK/NAME.pcap (the readings' connections) and the receiver's log
    local f=$WORK/$1.pcap readings uploads requests syns packets ip span only
    only=$(traffic "$f" readings)
    readings=$(received "$WORK/$1/app.log"); uploads=$(grep -c 'Receiver got [0-9]* new reading' "$WORK/$1/app.log" || true)
    requests=$(tcpdump -r "$f" -nn "($POST) and $only" 2>/dev/null | wc -l)
    syns=$(tcpdump -r "$f" -nn "(tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn) and $only" 2>/dev/null | wc -l)
    read -r packets ip < <(tcpdump -r "$f" -nn -v "$only" 2>/dev/null | awk 'sub(/.*proto TCP \(6\), length /, "") {n++; s += $0 + 0} END {print n+0, s+0}')
    # first POST to last HTTP answer, in seconds
    span=$(tcpdump -r "$f" -nn -tt "($POST or $RESP) and $only" 2>/dev/null | awk 'NR == 1 {a = $1} {b = $1} END {printf "%.1f", b - a}')
    printf '%-46s %8d %8d %8d %5d %7d %9d %8.1f %8.1f %7s\n' "$2" "$readings" "$uploads" "$requests" "$syns" "$packets" "$ip" \
        "$(awk -v a="$ip" -v b="$readings" 'BEGIN {print b ? a/b : 0}')" \
        "$(awk -v a="$ip" -v b="$requests" 'BEGIN {print b ? a/b : 0}')" "$span"
}
events() {    # events NAME: what the events (POST /status, their own connections) cost in that run, and a check that no
              # connection carried both kinds (its bytes could not be told apart)
    local f=$WORK/$1.pcap posts packets ip both
    posts=$(grep -o 'Receiver got [0-9]* event' "$WORK/$1/app.log" | awk '{s += $3} END {print s+0}')
    read -r packets ip < <(tcpdump -r "$f" -nn -v "$(traffic "$f" events)" 2>/dev/null | awk 'sub(/.*proto TCP \(6\), length /, "") {n++; s += $0 + 0} END {print n+0, s+0}')
    both=$(comm -12 <(event_ports "$f") <(reading_ports "$f") | wc -l)
    printf '%-46s %s events, %s packets, %s IP bytes%s\n' "$1" "$posts" "$packets" "$ip" \
        "$([ "$both" -eq 0 ] || echo "; WARNING: $both connection(s) carried readings and events: the rows above leave them out")"
}

live() {      # live NAME -Dkey=value...: sampling at the default 30 s for $LIVE seconds (started in parallel)
    local name=$1 port; shift; port=$(free_port)
    capture "$name" "$port"; eval "CAP_$name=$CAP"
    app "$name" "$port" "$@"; eval "APP_$name=$APP"
}
finish() {    # finish NAME: stops a live run and its capture
    local a c; eval "a=\$APP_$1 c=\$CAP_$1"
    stop "$a"; sleep 1; stop "$c"
}

# make_backlog: an outbox of $BACKLOG readings sampled every 30 s over the past day, as the app would have stored them
make_backlog() {
    app backlog "$(free_port)" -Doutbox.path="$WORK/backlog/outbox.db" -Dsensor.interval=1h -Dmodem.enabled=false
    for _ in $(seq 600); do [ -s "$WORK/backlog/outbox.db" ] && grep -q 'started in' "$WORK/backlog/app.log" && break; sleep 0.1; done
    stop "$APP"
    sqlite3 "$WORK/backlog/outbox.db" "DELETE FROM readings;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $BACKLOG)
        INSERT INTO readings (id, device, sampled_at, celsius, error, simulated, clock_synced, boot_id, mono_ns)
        SELECT lower(printf('%s-%s-4%s-%s%s-%s', hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2),
                            substr('89ab', 1 + abs(random()) % 4, 1), substr(hex(randomblob(2)), 2), hex(randomblob(6)))),
               'vm', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day', '+' || (i * 30) || ' seconds'),
               round(21 + 4 * sin(i / 458.0) + (abs(random()) % 32) / 128.0, 7), NULL, 1, 1, 'bench', 0 FROM n;"
}
drain() {     # drain NAME -Dkey=value...: restarts on a copy of the backlog with a live receiver until all arrived
    local name=$1 port; shift; port=$(free_port)
    mkdir -p "$WORK/$name"; cp "$WORK/backlog/outbox.db" "$WORK/$name/"
    capture "$name" "$port"
    app "$name" "$port" -Doutbox.path="$WORK/$name/outbox.db" -Dsensor.interval=1h "$@"
    for _ in $(seq 1200); do [ "$(received "$WORK/$name/app.log")" -ge "$BACKLOG" ] && break; sleep 0.25; done
    sleep 2; stop "$APP"; sleep 1; stop "$CAP"
}

echo "jar: $JAR; java: ${JAVA[*]}; flags: $(grep -v '^#' "$JVM_OPTIONS" | sed 's/#.*//' | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "live runs: ${LIVE}s each, in parallel, sensor.interval 30s; backlog: $BACKLOG readings 30 s apart, drained one setting after the other"
live live30
live batch5m -Duplink.max-delay=5m
live secondary10m -Dmodem.primary=b -Dmodem.b.max-delay=10m
live batch5m_lean -Duplink.max-delay=5m -Duplink.gzip=true -Dlink.probe-idle-interval=15m
nap "$LIVE"
finish live30; finish batch5m; finish secondary10m; finish batch5m_lean

make_backlog
drain drain
drain drain_gzip -Duplink.gzip=true
drain drain50 -Duplink.batch-size=50

echo
printf '%-46s %8s %8s %8s %5s %7s %9s %8s %8s %7s\n' setting readings uploads requests SYNs packets IP-bytes IP/read IP/req span-s
row live30        "live, interval 30s (defaults)"
row batch5m       "uplink.max-delay=5m"
row secondary10m  "on modem b with modem.b.max-delay=10m"
row batch5m_lean  "max-delay=5m, gzip, probe-idle-interval=15m"
row drain         "backlog drain (batch-size 250)"
row drain_gzip    "backlog drain, uplink.gzip=true"
row drain50       "backlog drain, batch-size 50"
echo "(readings and uploads: from the demo receiver's log; requests: POSTs of readings on the wire — one per upload attempt;"
echo " span: first POST to last answer on the wire; the events' connections (POST /status) are counted apart, below)"
echo; echo "events sent to the same receiver (start-up, switch, radio), on their own connections, not in the rows above:"
for run in live30 batch5m secondary10m batch5m_lean; do events "$run"; done

echo; echo "one live request and its answer as sent, TCP payload only:"
tcpdump -r "$WORK/live30.pcap" -nn -A -c 1 "($POST) and $(traffic "$WORK/live30.pcap" readings)" 2>/dev/null | awk 'p {print} sub(/.*POST \//, "POST /") && !p {p = 1; print}'
echo "----"
tcpdump -r "$WORK/live30.pcap" -nn -A -c 1 "($RESP) and $(traffic "$WORK/live30.pcap" readings)" 2>/dev/null | awk 'p {print} sub(/.*HTTP\/1/, "HTTP/1") && !p {p = 1; print}'
echo "----"; echo "connections opened and closed in the live 30 s run (SYN/FIN/RST; time = since the first of them):"
tcpdump -r "$WORK/live30.pcap" -nn -ttttt 'tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0' 2>/dev/null | cut -c1-100 | head -12 || true
