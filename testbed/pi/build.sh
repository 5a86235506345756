#!/usr/bin/env bash
# build.sh ARCH — prints the path of pi-devices.so for ARCH (arm64 or armhf), cross-compiling it with
# Debian's gcc-aarch64-linux-gnu / gcc-arm-linux-gnueabihf first when the source changed. The kernel
# headers (linux/gpio.h, linux/i2c-dev.h, linux/i2c.h) are the cross toolchain's own.
set -euo pipefail
ARCH=${1:?usage: build.sh arm64|armhf}
case "$ARCH" in
  arm64) CC=aarch64-linux-gnu-gcc ;;
  armhf) CC=arm-linux-gnueabihf-gcc ;;
  *) echo "build.sh: unknown architecture $ARCH" >&2; exit 2 ;;
esac
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$HERE/pi-devices.c
command -v "$CC" >/dev/null || { echo "build.sh: $CC missing: run testbed/install-deps.sh" >&2; exit 1; }
default_cache=/var/cache/dual-modem-telemetry-pi
if ! mkdir -p "$default_cache" 2>/dev/null || [[ ! -w $default_cache ]]; then
  default_cache="${XDG_CACHE_HOME:-$HOME/.cache}/dual-modem-telemetry-pi"
fi
OUT=${PI_ROOT_CACHE:-$default_cache}/$ARCH/preload-$(sha256sum "$SRC" | cut -c1-16)
LIB=$OUT/pi-devices.so
if [[ ! -f $LIB ]]; then
  mkdir -p "$OUT"
  "$CC" -std=gnu11 -shared -fPIC -O2 -Wall -Wextra -Werror -fvisibility=hidden -o "$LIB.tmp" "$SRC" -ldl -lpthread -lm
  mv "$LIB.tmp" "$LIB"
fi
echo "$LIB"
