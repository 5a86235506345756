#!/usr/bin/env bash
# Asks Debian's real polkitd whether a user may do an action, with only the given rules file added to
# Debian's own rules — the question NetworkManager asks polkit when nmcli runs as that user.
#
#   polkit-check.sh RULES_FILE USER ACTION...   prints "USER ACTION EXIT" per action (pkcheck's exit
#                                               code: 0 authorized, other: not) and pkcheck's words
#
# All of it happens in a private mount namespace: a user named USER that does not exist on the host is
# added to a copy of /etc/passwd and /etc/group bound over the real ones; the rules folders are bound
# over with Debian's default rules plus RULES_FILE; a private system bus (a socket file in a temporary
# folder) carries polkitd and pkcheck. Both are ended when the script ends. Needs root, polkitd, dbus.
set -euo pipefail

[[ $# -ge 3 ]] || { echo "usage: $0 RULES_FILE USER ACTION..." >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "polkit-check: needs root" >&2; exit 2; }

exec unshare --mount --propagation private bash -s "$@" <<'INNER'
set -euo pipefail
rules=$1 user=$2; shift 2
W=$(mktemp -d /tmp/polkit-check.XXXXXX)
chmod 0755 "$W"   # the user asking must reach the bus socket
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$W"' EXIT

mkdir -p "$W"/{rules,etc-rules}
cp /usr/share/polkit-1/rules.d/50-default.rules "$W/rules/"
if [[ -f /usr/share/polkit-1/rules.d/org.freedesktop.NetworkManager.rules ]]; then
  cp /usr/share/polkit-1/rules.d/org.freedesktop.NetworkManager.rules "$W/rules/"
fi
cp "$rules" "$W/rules/"
mount --bind "$W/rules" /usr/share/polkit-1/rules.d
mount --bind "$W/etc-rules" /etc/polkit-1/rules.d

if ! getent passwd "$user" >/dev/null; then
  cp /etc/passwd "$W/passwd" && cp /etc/group "$W/group"
  echo "$user:x:64990:64990::/nonexistent:/usr/sbin/nologin" >>"$W/passwd"
  echo "$user:x:64990:" >>"$W/group"
  mount --bind "$W/passwd" /etc/passwd
  mount --bind "$W/group" /etc/group
fi

cat >"$W/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$W/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$W/bus.conf" --nofork --nopidfile 2>"$W/dbus.log" &
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$W/bus"
for _ in $(seq 100); do [[ -S $W/bus ]] && break; sleep 0.05; done
/usr/lib/polkit-1/polkitd --no-debug >"$W/polkitd.log" 2>&1 &
for _ in $(seq 100); do
  dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
    string:org.freedesktop.PolicyKit1 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.05
done

for action in "$@"; do
  rc=0
  words=$(setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --clear-groups sh -c 'exec pkcheck --action-id "$1" --process $$' _ "$action" 2>&1) || rc=$?
  echo "$user $action $rc ${words//$'\n'/ }"
done
INNER
