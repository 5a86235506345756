#!/usr/bin/env bash
# Each memory lever alone, measured in one run: resident memory of the packaged app (simulation, default settings)
# after SETTLE seconds with the flags that shipped before this work ("base") plus ONE lever, then all the shipped
# levers together (deploy/jvm.options), then levers not shipped, each on top of the shipped flags. Runs PARALLEL JVMs at a
# time; RSS is compared within this run only.
#
#   bench/memory-levers.sh [JAR]    JAVA='qemu-aarch64-static -L ROOT ROOT/usr/bin/java' to use another java
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=$(readlink -f "${1:-$HERE/target/dual-modem-telemetry.jar}")
read -r -a JAVA <<< "${JAVA:-java}"
SETTLE=${SETTLE:-60} PARALLEL=${PARALLEL:-3}
BASE=(-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError)
WORK=$(mktemp -d /tmp/memory-levers.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT; trap 'exit 130' INT TERM
free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); ss -ltn | grep -q ":$p " || { echo $p; return; }; done; }

# name | environment | flags added to BASE (or "shipped": deploy/jvm.options instead of BASE)
LEVERS=(
    "base||"
    "initial heap 8m|-Xms8m|"
    "young gen 4m|-Xmn4m|"
    "initial heap 8m + young gen 4m|-Xms8m -Xmn4m|"
    "young gen 2m|-Xmn2m|"
    "initial heap 10m + young gen 2m|-Xms10m -Xmn2m|"
    "thread stacks 256k|-Xss256k|"
    "code cache 16m|-XX:ReservedCodeCacheSize=16m|"
    "metaspace cap 48m|-XX:MaxMetaspaceSize=48m|"
    "MALLOC_ARENA_MAX=2|MALLOC_ARENA_MAX=2|"
    "1 compiler thread|-XX:CICompilerCount=1|"
    "JIT thresholds x10|-XX:CompileThresholdScaling=10|"
    "AppCDS archive|-XX:SharedArchiveFile=$WORK/app.jsa|"
    "no bean post-processing|-Dcamel.main.bean-post-processor-enabled=false|"
    "no start-up summary|-Dcamel.main.startup-summary-level=Off|"
    "route statistics only|-Dcamel.main.jmx-management-statistics-level=RoutesOnly|"
    "(reference) JMX off|-Dcamel.main.jmx-enabled=false|"
    "shipped: deploy/jvm.options|shipped|"
    # not shipped, each on top of the shipped flags: what else was tried, and what it would cost (see the README)
    "shipped + native heap trimmed, 30 s|shipped -XX:TrimNativeHeapInterval=30000|"
    "shipped + Camel MBeans: routes only|shipped -Dcamel.main.jmx-management-m-beans-level=RoutesOnly|"
    "shipped + archive at its own address|shipped -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0|"
    "shipped + heap free 10-20 %|shipped -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20|"
    "shipped + soft references cleared|shipped -XX:SoftRefLRUPolicyMSPerMB=0|"
    "shipped + initial heap 8m|shipped -Xms8m|"
    "shipped + the heap as before|shipped -Xms16m -Xmn4m|"
)

# run NAME ENV FLAGS...: one JVM in $WORK/NAME
run() {
    local dir=$WORK/$1 env=$2 port; shift 2; port=$(free_port); mkdir -p "$dir"
    local envs=() flags=("${BASE[@]}")
    for x in $env; do case $x in -*) flags+=("$x") ;; shipped) flags=("@$HERE/deploy/jvm.options" "-XX:SharedArchiveFile=$WORK/app.jsa") ;; *) envs+=("$x") ;; esac; done
    ( cd "$dir" && exec env "${envs[@]}" "${JAVA[@]}" "${flags[@]}" -Ddemo.failover=false -Ddemo.receiver-port="$port" \
        -Duplink.url="http://127.0.0.1:$port/readings" -Dops.http-port="$(free_port)" "$@" -jar "$JAR" ) > "$dir/app.log" 2>&1 &
    echo $! > "$dir/pid"; PIDS+=("$!")
}
java_pid() { local p; p=$(cat "$1/pid"); pgrep -P "$p" -x java || echo "$p"; }   # env(1) execs, so it is the java

echo "jar: $JAR; java: ${JAVA[*]}; base flags: ${BASE[*]}; settle ${SETTLE}s, $PARALLEL at a time; nproc $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
# the AppCDS archive, as deploy/ makes it
# shellcheck source=bench/appcds.sh
. "$HERE/bench/appcds.sh"
appcds_archive "$WORK/train" "$WORK/app.jsa" "$JAR" "$HERE/deploy/jvm.options" "@$HERE/deploy/cds-training.options"
echo "AppCDS archive: $(stat -c %s "$WORK/app.jsa" 2>/dev/null || echo missing) bytes"

i=0
for lever in "${LEVERS[@]}"; do
    IFS='|' read -r name env _ <<< "$lever"
    run "L$i" "$env"; i=$((i + 1))
    if (( i % PARALLEL == 0 || i == ${#LEVERS[@]} )); then
        sleep "$SETTLE"
        for j in $(seq $(( (i - 1) / PARALLEL * PARALLEL )) $((i - 1))); do
            d=$WORK/L$j; jp=$(java_pid "$d")
            awk '/^(VmRSS|RssAnon|RssFile|Threads):/ {v[$1] = $2} END {print v["VmRSS:"], v["RssAnon:"], v["RssFile:"], v["Threads:"]}' \
                "/proc/$jp/status" > "$d/mem" 2>/dev/null || echo "0 0 0 0" > "$d/mem"
            echo "$(grep -c 'Stored reading' "$d/app.log") $(grep -c 'Receiver got' "$d/app.log")" > "$d/work"
            kill "$(cat "$d/pid")" 2>/dev/null || true
        done
        wait 2>/dev/null || true
    fi
done

echo
printf '%-38s %9s %9s %9s %8s %8s %8s  %s\n' lever "RSS-MB" "anon-MB" "file-MB" "vs-base" threads stored "flags"
base_rss=$(awk '{print $1}' "$WORK/L0/mem")
i=0
for lever in "${LEVERS[@]}"; do
    IFS='|' read -r name env _ <<< "$lever"
    read -r rss anon file threads < "$WORK/L$i/mem"; read -r stored _ < "$WORK/L$i/work"
    printf '%-38s %9.1f %9.1f %9.1f %+8.1f %8d %8d  %s\n' "$name" "$(bc <<< "scale=1; $rss/1024")" "$(bc <<< "scale=1; $anon/1024")" \
        "$(bc <<< "scale=1; $file/1024")" "$(bc <<< "scale=1; ($rss-$base_rss)/1024")" "$threads" "$stored" "${env:-(base)}"
    i=$((i + 1))
done
