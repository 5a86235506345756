#!/usr/bin/env bash
# Start-up and memory of the packaged jar on this x86 machine and on emulated Raspberry Pis (Debian's
# arm64 and armhf OpenJDK 17 under qemu-user, with the emulated ADT7410 and GPIO chip of testbed/pi/),
# in one run, one after another: exec -> Camel "started", exec -> "Stored reading seq=1", and the
# resident memory SETTLE seconds after that first reading (and how many GPIO lines Pi4J requested by then). qemu translates every instruction, so an emulated Pi is far
# slower than a real one and its RSS includes the translator: compare the ratios to x86, not the
# absolute figures. Needs root (device nodes) and testbed/install-deps.sh.
#
#   bench/pi-emulated.sh [JAR]        RUNS=1 SETTLE=30 by default
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(readlink -f "${1:-target/dual-modem-telemetry.jar}")
# the shipped JVM options (deploy/jvm.options), without the AppCDS archive: it is made for x86 by the build
FLAGS=("@$PWD/deploy/jvm.options")
SETTLE=${SETTLE:-30}
WORK=$(mktemp -d /dev/shm/pi-bench.XXXXXX)
APP=""
cleanup() { [[ -z $APP ]] || kill "$APP" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT; trap 'exit 130' INT TERM

# Pi models: name | device-tree model | revision | gpiochip label | lines
declare -A MODEL=([arm64]="Raspberry Pi 5 Model B Rev 1.0" [armhf]="Raspberry Pi 3 Model B Plus Rev 1.3")
declare -A REVISION=([arm64]=c04170 [armhf]=a020d3)
declare -A LABEL=([arm64]=pinctrl-rp1 [armhf]=pinctrl-bcm2835)

ms_of_line() { date -d "$(grep -m1 "$1" "$2" | cut -d' ' -f1)" +%s%3N; }
wait_line() {
  for _ in $(seq 3000); do grep -q "$1" "$2" && return; kill -0 "$APP" 2>/dev/null || break; sleep 0.1; done
  echo "no '$1' in $2" >&2; tail -20 "$2" >&2; exit 1
}

# run NAME MODE COMMAND...: runs the jar with COMMAND (a JVM launcher), prints one table row
run() {
  local name=$1 mode=$2; shift 2
  local dir=$WORK/$name
  mkdir -p "$dir/app"
  printf 'board.a=17,22,27\nboard.b=12,13,6\nadt7410.celsius=21.5\n' >"$dir/control"
  local t0; t0=$(date +%s%3N)
  ( cd "$dir/app" && exec "$@" "${FLAGS[@]}" -Dhardware.mode="$mode" -Duplink.url=http://127.0.0.1:9/readings \
      -jar "$JAR" ) >"$dir/app.log" 2>&1 &
  APP=$!
  wait_line ') started in ' "$dir/app.log"
  wait_line 'Stored reading seq=1 ' "$dir/app.log"
  local started stored; started=$(( $(ms_of_line ') started in ' "$dir/app.log") - t0 ))
  stored=$(( $(ms_of_line 'Stored reading seq=1 ' "$dir/app.log") - t0 ))
  sleep "$SETTLE"
  local rss; rss=$(awk '/^VmRSS/ {print $2}' "/proc/$APP/status")
  local lines=0; [[ -f $dir/lines.log ]] && lines=$(grep -c ' request ' "$dir/lines.log" || true)
  kill "$APP"; wait "$APP" 2>/dev/null || true; APP=""
  echo "$name $started $stored $rss $lines $(grep -m1 -o 'Stored reading seq=1 .*' "$dir/app.log" | cut -d' ' -f4-)" >>"$WORK/rows"
}

echo "jar: $JAR; nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg); settle ${SETTLE}s"
: >"$WORK/rows"
run x86-simulation simulation java
run x86-pi pi java
for arch in arm64 armhf; do
  run "$arch-pi" pi env PI_MODEL="${MODEL[$arch]}" PI_REVISION="${REVISION[$arch]}" PI_GPIO_LABEL="${LABEL[$arch]}" \
    "$PWD/testbed/pi/pi-java.sh" "$arch" "$WORK/$arch-pi"
done

base_start=$(awk '$1 == "x86-pi" {print $3}' "$WORK/rows")
base_rss=$(awk '$1 == "x86-pi" {print $4}' "$WORK/rows")
echo
echo "| platform | Camel started (ms) | first stored reading (ms) | × x86 | RSS ${SETTLE} s later (MB) | × x86 | GPIO lines requested | first reading |"
echo "|---|---|---|---|---|---|---|---|"
while read -r name started stored rss lines first; do
  awk -v n="$name" -v s="$started" -v r="$stored" -v m="$rss" -v l="$lines" -v f="$first" -v bs="$base_start" -v bm="$base_rss" \
    'BEGIN { printf "| %s | %d | %d | %.1f | %.0f | %.1f | %d | %s |\n", n, s, r, r / bs, m / 1024, m / bm, l, f }'
done <"$WORK/rows"
echo
echo "emulated: arm64 = ${MODEL[arm64]} (${LABEL[arm64]}), armhf = ${MODEL[armhf]} (${LABEL[armhf]});"
echo "x86-pi runs hardware.mode=pi without Pi4J natives for x86 (error readings); RSS of an emulated Pi is qemu's."
