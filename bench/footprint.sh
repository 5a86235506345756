#!/usr/bin/env bash
# Footprint of the packaged app next to the smallest Camel main (bench/baseline: timer -> log, JMX on), both with the
# shipped JVM flags (deploy/jvm.options) and each with its own AppCDS archive made the way deploy/ makes it:
#   - start-up, runs interleaved: ms from java exec to Camel's "started in" line and to the first "Stored reading
#     seq=1" line (the baseline logs that line from its first tick), medians and the product/baseline ratio, Camel's
#     own "boot:" figure, the four phases between log lines both write (where the extra time goes) and the collections
#     before "started" (-Xlog:gc), and with an older jar how many pairs the product won (noise moves a pair alike);
#   - resident memory after SETTLE s (simulation, default settings), the collections so far (young/full), the heap's
#     live data then (jcmd's class histogram: it forces a full collection, so it is read last), and where the
#     product's goes: Native Memory Tracking's summary (a separate run with -XX:NativeMemoryTracking=summary, read
#     with jcmd when there is one).
#
#   bench/footprint.sh [JAR [OLDER-JAR]]     JAVA='qemu-aarch64-static -L ROOT ROOT/usr/lib/jvm/java-17-openjdk-arm64/bin/java'
# Env: RUNS (start-ups each, default 5), SETTLE (s, default 60), JVM_OPTIONS (default deploy/jvm.options),
#      JCMD (default jcmd next to java, or on PATH), CDS=off (no AppCDS archives: how the product started before),
#      OLDER_OPTIONS (a JVM options file for "older": the flags before a change; without OLDER-JAR, the same jar).
# With OLDER-JAR or OLDER_OPTIONS, "older" runs beside the product (its own archive) in every step: a change measured
# before and after in one run.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=$(readlink -f "${1:-$HERE/target/dual-modem-telemetry.jar}")
OLDER=${2:+$(readlink -f "$2")}
OLDER_OPTIONS=${OLDER_OPTIONS:+$(readlink -f "$OLDER_OPTIONS")}
[ -n "$OLDER" ] || OLDER=${OLDER_OPTIONS:+$JAR}
WHICH=(product baseline); [ -z "$OLDER" ] || WHICH=(product older baseline)
BASELINE=$HERE/bench/baseline/target/camel-baseline.jar
read -r -a JAVA <<< "${JAVA:-java}"
JVM_OPTIONS=${JVM_OPTIONS:-$HERE/deploy/jvm.options}
RUNS=${RUNS:-5} SETTLE=${SETTLE:-60} CDS=${CDS:-on}
JCMD=${JCMD:-$(command -v jcmd || true)}
WORK=$(mktemp -d /tmp/footprint.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT; trap 'exit 130' INT TERM
nap() { sleep "$1" & PIDS+=("$!"); wait $!; }   # a sleep the traps can interrupt

free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); ss -ltn | grep -q ":$p " || { echo $p; return; }; done; }
ms_of_line() { date -d "$(grep -m1 "$1" "$2" | cut -d' ' -f1)" +%s%3N; }   # log timestamp -> epoch ms
wait_line() { for _ in $(seq 1200); do grep -q "$1" "$2" && return; sleep 0.05; done; echo "timeout waiting for '$1' in $2" >&2; exit 1; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Camel's "boot:" figure of its "started in" line (3s777ms, 502ms) -> ms: how long Camel Main took before starting the
# context, the part of start-up our configuration and routes add to
boot_ms() {
    grep -m1 -o 'boot:[0-9a-z]*' "$1" | cut -d: -f2 | awk '{t = 0; s = $0
        if (match(s, /[0-9]+ms$/)) { t += substr(s, RSTART, RLENGTH - 2); s = substr(s, 1, RSTART - 1) }
        if (match(s, /[0-9]+s$/)) { t += 1000 * substr(s, RSTART, RLENGTH - 1); s = substr(s, 1, RSTART - 1) }
        if (match(s, /[0-9]+m$/)) { t += 60000 * substr(s, RSTART, RLENGTH - 1) }
        print t}'
}

# phases LOG T0: ms from exec to Camel Main's first line, then to its configuration summary, to the context's "is
# starting" and to "started in": the four phases of start-up, in lines the product and the baseline both write
phases() {
    local m c x s
    m=$(ms_of_line 'MainSupport - Apache Camel (Main)' "$1"); c=$(ms_of_line 'Auto-configuration summary' "$1")
    x=$(ms_of_line 'AbstractCamelContext - Apache Camel .* is starting' "$1"); s=$(ms_of_line ') started in ' "$1")
    echo "$((m - $2)) $((c - m)) $((x - c)) $((s - x))"
}
# collections LOG GC-LOG: the collections that ended before "started in" and their pauses in ms (-Xlog:gc's lines,
# stamped in epoch ms at the pause's end)
collections() {
    awk -v s="$(ms_of_line ') started in ' "$1")" '/ Pause / {t = substr($1, 2) + 0; p = $NF; sub(/ms$/, "", p)
        if (t <= s) {n++; ms += p}} END {printf "%d %.0f\n", n, ms}' "$2"
}

[ -f "$BASELINE" ] || mvn -q -B -f "$HERE/bench/baseline/pom.xml" package -DskipTests
# args WHICH: the command-line arguments after the JVM flags of the product or the baseline
args() {
    local port; port=$(free_port)
    if [ "$1" != baseline ]; then
        local jar=$JAR ops=""; [ "$1" = older ] && jar=$OLDER
        # products side by side: each its own operations port (a jar from before that setting does not know it)
        unzip -p "$jar" application.properties | grep -q '^ops.http-port' && ops="-Dops.http-port=$(free_port)"
        echo "-Ddemo.failover=false -Ddemo.receiver-port=$port -Duplink.url=http://127.0.0.1:$port/readings $ops -jar $jar"
    else
        echo "-jar $BASELINE"
    fi
}
options() { if [ "$1" = older ] && [ -n "$OLDER_OPTIONS" ]; then echo "$OLDER_OPTIONS"; else echo "$JVM_OPTIONS"; fi; }
# start DIR WHICH EXTRA-FLAGS...: exec java in DIR (t0 = exec epoch ms, log app.log), sets APP
start() {
    local dir=$1 which=$2; shift 2; mkdir -p "$dir"
    # shellcheck disable=SC2046
    local cds=(); [ "$CDS" = off ] || cds=(-XX:SharedArchiveFile="$WORK/$which.jsa")
    ( cd "$dir" && exec bash -c 'date +%s%3N > t0; exec "$@"' _ "${JAVA[@]}" "@$(options "$which")" \
        "${cds[@]}" "$@" $(args "$which") ) > "$dir/app.log" 2>&1 &
    APP=$!; PIDS+=("$APP")
}

size=$(stat -c %s "$JAR")
echo "jar: $JAR ($(awk -v s="$size" 'BEGIN {printf "%.1f MB", s/1e6}'))${OLDER:+; older: $OLDER}; baseline: $BASELINE"
echo "java: ${JAVA[*]} ($("${JAVA[@]}" -version 2>&1 | head -1)); flags: $(sed 's/#.*//' "$JVM_OPTIONS" | xargs)"
[ -z "$OLDER_OPTIONS" ] || echo "older's flags: $(sed 's/#.*//' "$OLDER_OPTIONS" | xargs)"
echo "nproc: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"

# the AppCDS archives, as deploy/ makes them (the baseline's from a 4 s run of its own)
# shellcheck source=bench/appcds.sh
. "$HERE/bench/appcds.sh"
if [ "$CDS" != off ]; then
    appcds_archive "$WORK/train-product" "$WORK/product.jsa" "$JAR" "$JVM_OPTIONS" "@$HERE/deploy/cds-training.options"
    [ -z "$OLDER" ] || appcds_archive "$WORK/train-older" "$WORK/older.jsa" "$OLDER" "$(options older)" "@$HERE/deploy/cds-training.options"
    appcds_archive "$WORK/train-baseline" "$WORK/baseline.jsa" "$BASELINE" "$JVM_OPTIONS" -Dcamel.main.duration-max-seconds=4
fi
echo "AppCDS archives (bytes):$(for w in "${WHICH[@]}"; do printf ' %s %s' "$w" "$(stat -c %s "$WORK/$w.jsa" 2>/dev/null || echo missing)"; done)"

echo; echo "start-up, ms from java exec (runs interleaved):"
printf '  %-9s %4s %12s %14s   %s\n' which run "to started" "to 1st reading" "Camel says"
for i in $(seq "$RUNS"); do
    for which in "${WHICH[@]}"; do
        d=$WORK/$which$i; start "$d" "$which" -Xlog:gc:file=gc.log:timemillis
        wait_line 'Stored reading seq=1 ' "$d/app.log"; wait_line ') started in ' "$d/app.log"
        kill "$APP"; wait "$APP" || true
        t0=$(cat "$d/t0")
        s=$(( $(ms_of_line ') started in ' "$d/app.log") - t0 )); r=$(( $(ms_of_line 'Stored reading seq=1 ' "$d/app.log") - t0 ))
        echo "$s" >> "$WORK/$which.started"; echo "$r" >> "$WORK/$which.stored"; boot_ms "$d/app.log" >> "$WORK/$which.boot"
        echo "$(phases "$d/app.log" "$t0") $(collections "$d/app.log" "$d/gc.log")" >> "$WORK/$which.phases"
        printf '  %-9s %4d %12d %14d   %s\n' "$which" "$i" "$s" "$r" "$(grep -m1 -o 'started in.*' "$d/app.log")"
    done
done
bs=$(median < "$WORK/baseline.started")
for which in "${WHICH[@]}"; do
    printf '  %-9s %4s %12s %14s\n' "$which" median "$(median < "$WORK/$which.started")" "$(median < "$WORK/$which.stored")"
done
for which in "${WHICH[@]/baseline}"; do
    [ -n "$which" ] || continue
    s=$(median < "$WORK/$which.started"); r=$(median < "$WORK/$which.stored")
    awk -v w="$which" -v a="$s" -v b="$bs" -v c="$r" 'BEGIN {printf "  %s/baseline to started: %.2f; %s first reading %d ms after started\n", w, a/b, w, c-a}'
done
echo "  Camel's \"boot:\", median:$(for w in "${WHICH[@]}"; do printf ' %s %s ms' "$w" "$(median < "$WORK/$w.boot")"; done)"
echo; echo "  where the time to started goes, ms, medians (phases between the log lines both write):"
printf '  %-9s %10s %14s %16s %14s %5s %6s\n' which "JVM, logs" "Main's config" "routes, context" "context start" GCs "GC-ms"
for which in "${WHICH[@]}"; do
    printf '  %-9s' "$which"
    for col in 1 2 3 4 5 6; do
        printf ' %*s' "$(cut -d' ' -f$col <<< "10 14 16 14 5 6")" "$(cut -d' ' -f$col "$WORK/$which.phases" | median)"
    done; echo
done
echo "  (JVM, logs: exec to Camel Main's first line; Main's config: to its auto-configuration summary, our Composition"
echo "   and the YAML routes' pre-parse included; routes, context: to the context's \"is starting\", the routes loaded and"
echo "   built; context start: to \"started in\", the MBeans registered and the routes warmed up and started; GCs, GC-ms:"
echo "   the collections before \"started in\" and their pauses, in all four phases, from -Xlog:gc)"
if [ -n "$OLDER" ]; then   # run by run: noise moves both of a pair alike, so count the pairs
    paste "$WORK/product.started" "$WORK/older.started" "$WORK/product.boot" "$WORK/older.boot" | awk '
        {n++; if ($1 < $2) s++; if ($3 < $4) b++}
        END {printf "  product against older, pair by pair: to started faster in %d of %d, boot: shorter in %d of %d\n", s, n, b, n}'
fi

echo; echo "memory after ${SETTLE}s running:"
printf '  %-9s %8s %8s %8s %8s %8s %8s %8s %8s\n' which "RSS-MB" "anon-MB" "file-MB" "HWM-MB" threads classes "GCs-y/f" "live-MB"
declare -A MEM   # the subshell execs bash, which execs java: APP is java's pid
for which in "${WHICH[@]}"; do
    start "$WORK/mem-$which" "$which"; MEM[$which]=$APP
done
nap "$SETTLE"
for which in "${WHICH[@]}"; do
    jp=${MEM[$which]}
    # classes loaded (from the archive or parsed) and not unloaded, from the JVM's own counters; "-" without jcmd
    # and the collections so far, young/full (the serial collector's two), before the histogram below forces one
    classes=- gcs=-; [ -z "$JCMD" ] || read -r classes gcs < <("$JCMD" "$jp" PerfCounter.print 2>/dev/null | awk -F= '
        /^java.cls.(loadedClasses|sharedLoadedClasses)=/ {n += $2} /^java.cls.(unloadedClasses|sharedUnloadedClasses)=/ {n -= $2}
        /^sun.gc.collector.0.invocations=/ {y = $2} /^sun.gc.collector.1.invocations=/ {f = $2}
        END {if (y == "") print "- -"; else print n + 0, y "/" f}')
    status=$(cat "/proc/$jp/status")
    # what the heap holds alive: the class histogram's total, after the full collection it forces (so read after RSS)
    live=-; [ -z "$JCMD" ] || live=$("$JCMD" "$jp" GC.class_histogram 2>/dev/null | awk '/^Total/ {printf "%.1f", $3 / 1048576}')
    awk -v w="$which" -v c="$classes" -v g="$gcs" -v l="$live" '/^(VmRSS|RssAnon|RssFile|VmHWM|Threads):/ {v[$1] = $2}
        END {printf "  %-9s %8.1f %8.1f %8.1f %8.1f %8d %8s %8s %8s\n", w, v["VmRSS:"]/1024, v["RssAnon:"]/1024, v["RssFile:"]/1024, v["VmHWM:"]/1024, v["Threads:"], c, g, l}' <<< "$status"
    [ "$which" = product ] && grep -c 'Stored reading' "$WORK/mem-product/app.log" > "$WORK/stored-count"
done
echo "  (product: $(cat "$WORK/stored-count") readings stored, $(grep -c 'Receiver got' "$WORK/mem-product/app.log") uploads received)"
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; PIDS=()

if [ -n "$JCMD" ]; then
    echo; echo "where the product's memory goes after ${SETTLE}s (Native Memory Tracking, committed KB; NMT itself adds its own line):"
    start "$WORK/nmt" product -XX:NativeMemoryTracking=summary
    nap "$SETTLE"
    jp=$APP
    echo "  VmRSS $(awk '/^VmRSS:/ {printf "%.1f MB", $2/1024}' "/proc/$jp/status") (with NMT's own overhead)"
    "$JCMD" "$jp" VM.native_memory summary | awk '/^-/ {sub(/^- */, ""); name = $0; sub(/ *\(.*/, "", name);
        match($0, /committed=[0-9]+KB/); c = substr($0, RSTART + 10, RLENGTH - 12); printf "  %-28s %8d KB\n", name, c}
        /^Total/ {match($0, /committed=[0-9]+KB/); printf "  %-28s %8d KB\n", "Total", substr($0, RSTART + 10, RLENGTH - 12)}'
else
    echo; echo "(no jcmd: Native Memory Tracking summary skipped; openjdk-17-jre-headless has none, the JDK does)"
fi
