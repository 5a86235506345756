#!/usr/bin/env bash
# pi-java.sh ARCH EMU_DIR [JAVA ARGUMENTS...] — runs Debian's OpenJDK 17 for ARCH (arm64 or armhf)
# under qemu-user as an emulated Raspberry Pi, with the emulated devices of pi-devices.c
# (a SIMULATION for tests: see README.md).
#
# EMU_DIR is this Pi's folder: its control file (`control`), the lines' log (`lines.log`), the boards'
# state (`boards.state`), java.io.tmpdir (`tmp/`) and its root (`root/`, remade on every start): links
# to the shared Debian root of root.sh, plus what the Pi's kernel shows:
#   /proc/device-tree/model              PI_MODEL  (default "Raspberry Pi 4 Model B Rev 1.5")
#   /dev/i2c-N, /sys/bus/i2c/devices/i2c-N               when PI_I2C_BUS=N (default 1; empty: I2C off)
#   /dev/gpiochip0, /sys/bus/gpio/devices/gpiochip0/dev  when PI_GPIOCHIP=1 (default; 0: none), labelled
#   PI_GPIO_LABEL (default pinctrl-bcm2711) with PI_GPIO_LINES lines (default 58), also shown as
#   /sys/class/gpio/gpiochip512/label as the Pi's kernel shows it
#   /proc/cpuinfo with the board's revision code  PI_REVISION (default c03115)
# The device nodes are character nodes with unassigned numbers (i2c 89:1, gpiochip 240:0), which
# the preload library answers for; creating them needs root.
#
# Exit codes of its own: 2 usage, 3 cannot run here (reason on stderr). Otherwise the JVM's.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ARCH=${1:?usage: pi-java.sh ARCH EMU_DIR [JAVA ARGS...]}
EMU=${2:?usage: pi-java.sh ARCH EMU_DIR [JAVA ARGS...]}
shift 2
case "$ARCH" in
  arm64) QEMU=qemu-aarch64-static ;;
  armhf) QEMU=qemu-arm-static ;;
  *) echo "pi-java.sh: unknown architecture $ARCH" >&2; exit 2 ;;
esac
cannot() { echo "pi-java.sh: $*" >&2; exit 3; }
command -v "$QEMU" >/dev/null || cannot "$QEMU missing: run testbed/install-deps.sh"
MODEL=${PI_MODEL:-Raspberry Pi 4 Model B Rev 1.5}
BUS=${PI_I2C_BUS-1}
CHIP=${PI_GPIOCHIP:-1}
LABEL=${PI_GPIO_LABEL:-pinctrl-bcm2711}
LINES=${PI_GPIO_LINES:-58}

mkdir -p "$EMU/tmp"
EMU=$(cd "$EMU" && pwd)
ROOT=$("$HERE/root.sh" "$ARCH")
LIB=$("$HERE/build.sh" "$ARCH")
JAVA=$(find "$ROOT/usr/lib/jvm" -path '*/bin/java' -type f | head -1)

R=$EMU/root
rm -rf "$R"
mkdir -p "$R/proc/device-tree" "$R/dev" "$R/sys"
# (not the top folder the shared root itself lives under: the guest's realpath() of the JVM's own
# path would follow that link)
top=${ROOT#/}; top=${top%%/*}
for entry in "$ROOT"/*; do [[ ${entry##*/} == "$top" ]] || ln -s "$entry" "$R/${entry##*/}"; done
printf '%s\0' "$MODEL" >"$R/proc/device-tree/model"
# the board's revision code, where Pi4J looks for it (c03115: Pi 4 B 4 GB rev 1.5)
printf 'processor\t: 0\nHardware\t: BCM2835\nRevision\t: %s\nModel\t\t: %s\n' "${PI_REVISION:-c03115}" "$MODEL" \
  >"$R/proc/cpuinfo"
if [[ -n $BUS ]]; then
  mknod "$R/dev/i2c-$BUS" c 89 "$BUS" 2>/dev/null || cannot "needs root to create the device node /dev/i2c-$BUS"
  mkdir -p "$R/sys/bus/i2c/devices/i2c-$BUS" "$R/sys/class/i2c-dev/i2c-$BUS"
  echo "89:$BUS" >"$R/sys/class/i2c-dev/i2c-$BUS/dev"
fi
if [[ $CHIP == 1 ]]; then
  mknod "$R/dev/gpiochip0" c 240 0 2>/dev/null || cannot "needs root to create the device node /dev/gpiochip0"
  mkdir -p "$R/sys/bus/gpio/devices/gpiochip0"
  echo "240:0" >"$R/sys/bus/gpio/devices/gpiochip0/dev"
  mkdir -p "$R/sys/class/gpio/gpiochip512"
  echo "$LABEL" >"$R/sys/class/gpio/gpiochip512/label"
  echo "$LINES" >"$R/sys/class/gpio/gpiochip512/ngpio"
fi

# (nsenter --wd, as the test bed's in-edge.sh uses, leaves a working folder the kernel reports as
# "(unreachable)", which the guest's getcwd() refuses: enter it again by its path)
cd -- "$PWD"
exec "$QEMU" -L "$R" -E "LD_PRELOAD=$LIB" -E "PI_EMU_DIR=$EMU" -E "PI_EMU_I2C_BUS=$BUS" -E "PI_EMU_GPIOCHIP=$CHIP" \
  -E "PI_EMU_GPIO_LABEL=$LABEL" -E "PI_EMU_GPIO_LINES=$LINES" \
  "$JAVA" -Djava.io.tmpdir="$EMU/tmp" -Djdk.lang.Process.launchMechanism=VFORK "$@"
