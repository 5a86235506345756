#!/usr/bin/env bash
# root.sh ARCH — prints the path of a Debian bookworm root for ARCH (arm64 = Raspberry Pi OS
# 64-bit, armhf = Raspberry Pi OS 32-bit) holding openjdk-17-jre-headless and what it depends on,
# unpacked from Debian's own packages, creating it first if needed.
#
# The root is made without touching the host's dpkg: a private apt configuration (its own state,
# cache and architecture; the host's package sources and keys) resolves and downloads the
# packages, `dpkg -x` unpacks each, and absolute symlinks are made relative so they resolve
# inside the root (qemu-user's -L serves the guest's files from there). No maintainer script
# runs. Idempotent: a finished root is marked with the list of packages it holds and is reused
# as it is; an unfinished one is made again.
#
#   ROOT=$(testbed/pi/root.sh arm64)          # e.g. /var/cache/dual-modem-telemetry-pi/arm64/root
#   qemu-aarch64-static -L "$ROOT" "$ROOT/usr/lib/jvm/java-17-openjdk-arm64/bin/java" -version
#
# The cache lives in PI_ROOT_CACHE (default /var/cache/dual-modem-telemetry-pi when writable,
# else ~/.cache/dual-modem-telemetry-pi). Progress goes to stderr; stdout is only the path.
set -euo pipefail

ARCH=${1:?usage: root.sh arm64|armhf}
case "$ARCH" in arm64|armhf) ;; *) echo "root.sh: unknown architecture $ARCH (arm64 or armhf)" >&2; exit 2;; esac
PACKAGES=(openjdk-17-jre-headless)

default_cache=/var/cache/dual-modem-telemetry-pi
if ! mkdir -p "$default_cache" 2>/dev/null || [[ ! -w $default_cache ]]; then
  default_cache="${XDG_CACHE_HOME:-$HOME/.cache}/dual-modem-telemetry-pi"
fi
CACHE=${PI_ROOT_CACHE:-$default_cache}/$ARCH
ROOT=$CACHE/root
DONE=$CACHE/root.done

log() { echo "root.sh[$ARCH]: $*" >&2; }

if [[ -f $DONE && -d $ROOT ]]; then
  echo "$ROOT"
  exit 0
fi

for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || { log "missing $tool (a Debian system is needed)"; exit 1; }
done
mkdir -p "$CACHE"
exec 9>"$CACHE/lock"
flock 9   # two builds at once (parallel tests) wait for each other
if [[ -f $DONE && -d $ROOT ]]; then
  echo "$ROOT"
  exit 0
fi

# --- a private apt: own state, cache and architecture; the host's sources and keys -------------
APT=$CACHE/apt
mkdir -p "$APT"/{lists/partial,archives/partial,sources.list.d,preferences.d}
: >"$APT/status"
rm -f "$APT"/sources.list.d/*
[[ -f /etc/apt/sources.list ]] && cp /etc/apt/sources.list "$APT/sources.list" || : >"$APT/sources.list"
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -f $f ]] && cp "$f" "$APT/sources.list.d/"
done
apt_opts=(
  -o "APT::Architecture=$ARCH" -o "APT::Architectures::=$ARCH"
  -o "Dir::State=$APT" -o "Dir::State::Lists=$APT/lists" -o "Dir::State::status=$APT/status"
  -o "Dir::Cache=$APT" -o "Dir::Cache::archives=$APT/archives"
  -o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=$APT/sources.list.d"
  -o "Dir::Etc::PreferencesParts=$APT/preferences.d"
  -o "Debug::NoLocking=1" -o "APT::Install-Recommends=0" -o "APT::Sandbox::User=root"
)
log "resolving ${PACKAGES[*]} for $ARCH"
apt-get "${apt_opts[@]}" -q update >&2
# Essential packages are on every Pi but nothing depends on them explicitly: the JVM needs libc,
# which apt pulls in through the JRE's own dependencies.
apt-get "${apt_opts[@]}" -q -y --download-only install "${PACKAGES[@]}" >&2

# --- unpack -----------------------------------------------------------------------------------
rm -rf "$ROOT"
mkdir -p "$ROOT"
shopt -s nullglob
debs=("$APT"/archives/*.deb)
[[ ${#debs[@]} -gt 0 ]] || { log "apt downloaded nothing"; exit 1; }
for deb in "${debs[@]}"; do
  dpkg-deb -x "$deb" "$ROOT"
done
# Absolute symlinks point into the host once qemu resolves them: make them relative to the root.
while IFS= read -r -d '' link; do
  target=$(readlink "$link")
  if [[ $target == /* ]]; then
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$ROOT$target")" "$link"
  fi
done < <(find "$ROOT" -type l -print0)
# Debian's merged /usr: the loader is looked up at /lib/ld-linux-*.
for d in bin lib sbin; do
  [[ -e $ROOT/$d || ! -d $ROOT/usr/$d ]] || ln -s "usr/$d" "$ROOT/$d"
done
java=$(find "$ROOT/usr/lib/jvm" -path '*/bin/java' -type f | head -1)
[[ -n $java ]] || { log "no bin/java in the unpacked root"; exit 1; }
printf '%s\n' "${debs[@]##*/}" >"$DONE"
log "root ready: $ROOT (${#debs[@]} packages, $(du -sh "$ROOT" | cut -f1))"
echo "$ROOT"
