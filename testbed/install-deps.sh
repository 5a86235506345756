#!/usr/bin/env bash
# Installs the Debian packages the tests need: the NetworkManager test bed (bed.sh),
# libfaketime to step the application's wall clock for real, lintian, debootstrap and
# qemu-user-static to check the Debian package and install it into an arm64 root (deb-root.sh),
# chromium to look at the status page as a browser draws it, and the emulated Raspberry Pi
# (testbed/pi/: qemu-user and the cross compilers of its device library); then prepares the
# emulated Pi's arm64 and armhf Debian roots (testbed/pi/root.sh, cached: a no-op once made).
#
# Idempotent and fast on reruns: when every package is already installed it does
# nothing (no `apt-get update`). Packages must not start their daemons on install
# (NetworkManager or dbus started on the host would take over the host's network),
# so a policy-rc.d that answers 101 ("action forbidden") is put in place for the
# duration of the install, and removed again only if this script created it.
#
# Must be run as root on Debian 12 (bookworm).
set -euo pipefail

PACKAGES=(
  network-manager   # NetworkManager + nmcli (1.42 on bookworm)
  dbus              # dbus-daemon for the bed's private system bus
  iproute2          # ip netns / ip link / veth
  nftables          # nft: drop / reject faults
  util-linux        # unshare, nsenter, mount
  procps            # ps, pkill-free process checks in tests
  python3           # the tiny HTTP receiver (http-server command)
  coreutils         # base64, timeout, stat
  curl              # handy for probing the server from edge in tests/by hand
  faketime          # libfaketime: steps a JVM's wall clock at run time (clock-jump tests)
  lintian           # checks the Debian package (DebianPackageIT)
  debootstrap       # makes the arm64 Debian root the package is installed into (testbed/deb-root.sh)
  qemu-user-static  # runs that root's arm64 programs (binfmt entry registered only while the test runs),
                    # and the emulated Pi's arm64 / armhf OpenJDK (testbed/pi/pi-java.sh)
  polkitd           # polkitd and pkcheck: the package's polkit rule asked for real (polkit-check.sh)
  chromium          # headless screenshots of the status page (OpsPagesIT); starts no daemon
  gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf      # build testbed/pi/pi-devices.c for each
  libc6-dev-arm64-cross libc6-dev-armhf-cross        # their libc and kernel headers (linux/gpio.h, linux/i2c-dev.h)
)

# The arm64 Debian root the package is installed into (DebianPackageIT) takes ~15 min to make the first time on
# a new machine (debootstrap's second stage under qemu): it is made in the background while Maven builds and
# tests; deb-root.sh holds a lock while it works, so the test waits for it. Reused at once when cached.
prepare_deb_root_in_background() {
  local here log=/var/log/dual-modem-telemetry-debroot.log
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  echo "install-deps: the arm64 Debian root is made or checked in the background (log: $log)"
  setsid "$here/deb-root.sh" cache >"$log" 2>&1 </dev/null &
}

# The emulated Pi's Debian roots (a download of ~70 packages per architecture the first time).
prepare_pi_roots() {
  local here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  for arch in arm64 armhf; do
    "$here/pi/root.sh" "$arch" >/dev/null
    "$here/pi/build.sh" "$arch" >/dev/null
  done
  echo "install-deps: emulated Pi roots ready"
}

missing=()
for p in "${PACKAGES[@]}"; do
  # ${db:Status-Status} is "installed" only for fully installed packages
  # (not for "config-files" or half-configured leftovers).
  if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != "installed" ]]; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  [[ $(id -u) -ne 0 ]] || { prepare_pi_roots; prepare_deb_root_in_background; }
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  # not fatal: the tests that need the bed are then skipped, each naming what is missing
  echo "install-deps: not root, not installing: ${missing[*]} (the NetworkManager tests will be skipped)" >&2
  exit 0
fi

echo "install-deps: installing ${missing[*]}"

POLICY=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e "$POLICY" ]]; then
  printf '#!/bin/sh\n# temporary: written by testbed/install-deps.sh\nexit 101\n' >"$POLICY"
  chmod 0755 "$POLICY"
  created_policy=1
fi
cleanup() {
  if [[ $created_policy -eq 1 ]]; then rm -f "$POLICY"; fi
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
prepare_pi_roots
prepare_deb_root_in_background

echo "install-deps: done"
