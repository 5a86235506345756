#!/usr/bin/env bash
# in-edge.sh COMMAND [ARGS...] — run any command inside the test bed's `edge` namespace
# (the simulated Pi: its network namespace and NetworkManager's mount namespace), with
# DBUS_SYSTEM_BUS_ADDRESS pointing at the bed's private system bus. Use it to run the
# app itself "on the Pi": its traffic then goes over modemA/modemB.
#
# Which bed: BED_PID and BED_DBUS from the bed's READY line, or BED_ENV=<WORKDIR>/bed.env.
# (bed.sh also writes WORKDIR/bin/in-edge with the values baked in.)
#
# The command replaces this script (exec, same pid), so signals sent to the pid a test
# holds reach the command itself. The working directory is kept; the environment is
# the caller's plus DBUS_SYSTEM_BUS_ADDRESS. Inside edge, /run is a private tmpfs and
# /sys is read-only (edge's sysfs).
set -euo pipefail
if [[ -z ${BED_PID:-} && -n ${BED_ENV:-} ]]; then
  # shellcheck disable=SC1090
  source "$BED_ENV"
fi
: "${BED_PID:?set BED_PID (or BED_ENV) from the bed READY line}"
: "${BED_DBUS:?set BED_DBUS (or BED_ENV) from the bed READY line}"
[[ $# -ge 1 ]] || { echo "usage: in-edge.sh COMMAND [ARGS...]" >&2; exit 2; }
exec nsenter -t "$BED_PID" -n -m --wd="$PWD" \
  env DBUS_SYSTEM_BUS_ADDRESS="$BED_DBUS" "$@"
