#!/usr/bin/env bash
# nmcli-in-bed.sh ARGS... — run `nmcli ARGS...` against the NetworkManager of a running
# test bed (testbed/bed.sh), from the host or from anywhere else.
#
# Which bed: BED_PID and BED_DBUS, the two values of the bed's READY line
#   READY pid=<BED_PID> dbus=<BED_DBUS>
# or BED_ENV=<WORKDIR>/bed.env (a file bed.sh writes with those two lines), for a
# process that cannot be given environment variables at the right time.
# (bed.sh also writes WORKDIR/bin/nmcli, this wrapper with the values baked in.)
#
# nmcli runs in edge's network and mount namespaces (where NetworkManager runs) with
# LC_ALL=C, so output is never translated. Exit code and output are nmcli's own.
set -euo pipefail
if [[ -z ${BED_PID:-} && -n ${BED_ENV:-} ]]; then
  # shellcheck disable=SC1090
  source "$BED_ENV"
fi
: "${BED_PID:?set BED_PID (or BED_ENV) from the bed READY line}"
: "${BED_DBUS:?set BED_DBUS (or BED_ENV) from the bed READY line}"
# --wd: keep the caller's working directory (entering a mount ns resets it to /).
exec nsenter -t "$BED_PID" -n -m --wd="$PWD" \
  env DBUS_SYSTEM_BUS_ADDRESS="$BED_DBUS" LC_ALL=C nmcli "$@"
