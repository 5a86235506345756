#!/usr/bin/env bash
# An arm64 Debian 12 root with dpkg and apt, to install the product's .deb the way a Pi does.
#
#   deb-root.sh cache              make (or reuse) the cached root
#   deb-root.sh prepare WORK       a throw-away copy of the cached root: an overlayfs upper layer in WORK
#   deb-root.sh run WORK CMD...    run CMD as root inside that copy (chroot), with /proc, and WORK/share
#                                  at /mnt; the overlay and /proc live in a private mount namespace
#   deb-root.sh cleanup WORK       undo prepare's host changes (binfmt) and delete WORK
#
# The root is made once with debootstrap (minbase, arm64, --foreign, second stage under qemu-user) plus
# systemd and what the package depends on (Java 17, adduser), and cached in $CACHE (default /var/cache/dual-modem-telemetry-debroot); later runs reuse it.
#
# Host state: running arm64 programs in a chroot needs a binfmt_misc entry for qemu-aarch64 (with the F
# flag, so the interpreter need not be inside the root). If the host has none, `cache` and `prepare`
# mount binfmt_misc when needed and register the entry; `cache` removes them when it ends, `cleanup`
# after a prepare (WORK/binfmt records what prepare added). Nothing else on the host changes.
#
# Needs root, debootstrap and qemu-user-static (testbed/install-deps.sh), and Debian's mirror.
set -euo pipefail

CACHE=${CACHE:-/var/cache/dual-modem-telemetry-debroot}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
# what the package depends on, and systemd (as on a Pi), preinstalled in the cache; a change of this
# list changes CACHE_KEY, so the cache is made again
ROOT_PACKAGES=(systemd openjdk-17-jre-headless adduser)
CACHE_KEY="v2 $SUITE arm64 unsafe-io ${ROOT_PACKAGES[*]}"
BINFMT=/proc/sys/fs/binfmt_misc
QEMU_CONF=/usr/lib/binfmt.d/qemu-aarch64.conf

log() { echo "deb-root: $*" >&2; }

binfmt_on() { # prints what it added: "mounted" and/or "registered"
  if [[ ! -e $BINFMT/register ]]; then
    mount -t binfmt_misc binfmt_misc "$BINFMT" && echo mounted
  fi
  if [[ ! -e $BINFMT/qemu-aarch64 ]]; then
    cat "$QEMU_CONF" >"$BINFMT/register" && echo registered
  fi
}

binfmt_off() { # undoes what binfmt_on printed, read from stdin
  local added
  added=$(cat)
  if [[ $added == *registered* && -e $BINFMT/qemu-aarch64 ]]; then echo -1 >"$BINFMT/qemu-aarch64"; fi
  if [[ $added == *mounted* ]]; then umount "$BINFMT"; fi
}

chroot_with_proc() { # ROOT CMD... in a private mount namespace
  unshare --mount --propagation private bash -c '
    set -e
    root=$1; shift
    mount -t proc proc "$root/proc"
    LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive exec chroot "$root" "$@"
  ' _ "$@"
}

build_cache() {
  local root=$CACHE/root started=$SECONDS
  rm -rf "$root" "$CACHE/key" && mkdir -p "$root"
  log "creating the arm64 root in $root (debootstrap, first stage)"
  debootstrap --variant=minbase --arch=arm64 --foreign "$SUITE" "$root" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1
  # dpkg without fsync: a throw-away root needs no crash safety, and emulated fsyncs cost minutes
  echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/unsafe-io"
  log "second stage under qemu-aarch64 ($((SECONDS - started)) s so far)"
  chroot_with_proc "$root" /debootstrap/debootstrap --second-stage >>"$CACHE/debootstrap.log" 2>&1
  log "installing ${ROOT_PACKAGES[*]} ($((SECONDS - started)) s so far)"
  # no daemon may start in the root: policy-rc.d answers "forbidden"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod 0755 "$root/usr/sbin/policy-rc.d"
  chroot_with_proc "$root" apt-get install -y -q --no-install-recommends "${ROOT_PACKAGES[@]}" >>"$CACHE/debootstrap.log" 2>&1
  chroot_with_proc "$root" apt-get clean
  echo "$CACHE_KEY" >"$CACHE/key"
  log "arm64 root ready in $((SECONDS - started)) s"
}

ensure_cache() {
  if [[ "$(cat "$CACHE/key" 2>/dev/null)" != "$CACHE_KEY" ]]; then
    build_cache
  else
    log "reusing the arm64 root in $CACHE/root"
  fi
}

lock_cache() { # held until the process ends: who makes the cache, and who adds or removes the binfmt entry
  mkdir -p "$CACHE"
  exec 9>"$CACHE/lock"
  flock 9
}

cache_with_binfmt() { # sets the global `added`: the EXIT trap reads it after this function has returned
  lock_cache
  added=$(binfmt_on)
  trap 'binfmt_off <<<"$added"' EXIT
  ensure_cache
}

[[ $(id -u) -eq 0 ]] || { log "needs root"; exit 2; }
cmd=${1:-}; shift || true
case "$cmd" in
  cache)
    cache_with_binfmt ;;
  prepare)
    work=${1:?usage: deb-root.sh prepare WORK}
    rm -rf "$work" && mkdir -p "$work"/{upper,ovl,root,share}
    # the cache first, in a subshell that removes the binfmt entry it added; then this copy's own entry, under
    # the lock, so a builder running in the background (install-deps.sh) cannot remove it
    ( cache_with_binfmt )
    lock_cache
    binfmt_on >"$work/binfmt" ;;
  run)
    work=${1:?usage: deb-root.sh run WORK CMD...}; shift
    exec unshare --mount --propagation private bash -c '
      set -e
      cache=$1 work=$2; shift 2
      mount -t overlay overlay -o "lowerdir=$cache/root,upperdir=$work/upper,workdir=$work/ovl" "$work/root"
      mount -t proc proc "$work/root/proc"
      mount --bind "$work/share" "$work/root/mnt"
      LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive exec chroot "$work/root" "$@"
    ' _ "$CACHE" "$work" "$@" ;;
  cleanup)
    work=${1:?usage: deb-root.sh cleanup WORK}
    if [[ -f $work/binfmt ]]; then binfmt_off <"$work/binfmt"; fi
    rm -rf "$work" ;;
  *) log "usage: deb-root.sh cache | prepare WORK | run WORK CMD... | cleanup WORK"; exit 2 ;;
esac
