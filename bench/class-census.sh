#!/usr/bin/env bash
# Which classes the app loads, by package, next to the smallest Camel main (bench/baseline) and optionally an older
# jar: each runs SECONDS s (simulation, default settings, the shipped flags, no AppCDS archive) with
# -Xlog:class+load, and the table counts the loaded classes per package prefix (DEPTH parts), biggest difference from
# the baseline first. The classes a package loads are what it costs in metaspace (or in the AppCDS archive's pages).
#
#   bench/class-census.sh [JAR [OLDER-JAR]]    Env: RUN_SECONDS (default 8), DEPTH (default 3), TOP (default 30)
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=$(readlink -f "${1:-$HERE/target/dual-modem-telemetry.jar}")
OLDER=${2:+$(readlink -f "$2")}
BASELINE=$HERE/bench/baseline/target/camel-baseline.jar
read -r -a JAVA <<< "${JAVA:-java}"
RUN_S=${RUN_SECONDS:-8} DEPTH=${DEPTH:-3} TOP=${TOP:-30}
WORK=$(mktemp -d /tmp/class-census.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); ss -ltn | grep -q ":$p " || { echo $p; return; }; done; }

[ -f "$BASELINE" ] || mvn -q -B -f "$HERE/bench/baseline/pom.xml" package -DskipTests
# census NAME JAR [app args...]: the loaded classes' names, one a line, in WORK/NAME.classes
census() {
    local name=$1 jar=$2; shift 2; mkdir -p "$WORK/$name"
    ( cd "$WORK/$name" && timeout 120 "${JAVA[@]}" "@$HERE/deploy/jvm.options" -Xlog:class+load=info:file=classes.txt \
        -Dcamel.main.duration-max-seconds="$RUN_S" "$@" -jar "$jar" > app.log 2>&1 ) || true
    sed -n 's/.*\[class,load\] \([^ ]*\) source.*/\1/p' "$WORK/$name/classes.txt" > "$WORK/$name.classes"
}
# product_args JAR: loopback ports of its own (a jar from before the operations server does not know ops.http-port)
product_args() {
    local port ops=""; port=$(free_port)
    unzip -p "$1" application.properties | grep -q '^ops.http-port' && ops="-Dops.http-port=$(free_port)"
    echo "-Ddemo.failover=false -Ddemo.receiver-port=$port -Duplink.url=http://127.0.0.1:$port/readings $ops"
}
# shellcheck disable=SC2046
census product "$JAR" $(product_args "$JAR")
NAMES=(baseline product)
# shellcheck disable=SC2046
[ -z "$OLDER" ] || { census older "$OLDER" $(product_args "$OLDER"); NAMES=(baseline older product); }
census baseline "$BASELINE"

echo "jar: $JAR${OLDER:+; older: $OLDER}; baseline: $BASELINE; ${RUN_S} s each, flags: $(sed 's/#.*//' "$HERE/deploy/jvm.options" | xargs)"
printf '%-44s' "classes loaded"; for n in "${NAMES[@]}"; do printf ' %9s' "$n"; done; echo
printf '%-44s' "  total"; for n in "${NAMES[@]}"; do printf ' %9d' "$(wc -l < "$WORK/$n.classes")"; done; echo
for n in "${NAMES[@]}"; do
    awk -F. -v d="$DEPTH" '{k = $1; for (i = 2; i <= d && i < NF; i++) k = k "." $i; c[k]++} END {for (k in c) print k, c[k]}' \
        "$WORK/$n.classes" | sort > "$WORK/$n.packages"
done
# join the per-package counts (0 where a run loaded none), sort by product - baseline
cut -d' ' -f1 "$WORK"/*.packages | sort -u > "$WORK/all"
for n in "${NAMES[@]}"; do
    join -a1 -e0 -o 2.2 "$WORK/all" "$WORK/$n.packages" > "$WORK/$n.col"
done
paste -d' ' "$WORK/all" $(for n in "${NAMES[@]}"; do echo "$WORK/$n.col"; done) \
    | awk '{print $NF - $2, $0}' | sort -k1,1nr | head -"$TOP" \
    | awk '{printf "  %-42s", $2; for (i = 3; i <= NF; i++) printf " %9d", $i; printf "\n"}'
