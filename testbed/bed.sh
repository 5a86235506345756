#!/usr/bin/env bash
# bed.sh WORKDIR — a fenced, self-cleaning NetworkManager test bed.
#
# Real NetworkManager (Debian network-manager 1.42) manages two veth "modems" in a
# network namespace `edge` (the Pi); their peers and the server live in namespace
# `isp`. Everything runs inside `unshare --net --mount`, so no packet can leave the
# machine and the host's /run, NetworkManager and D-Bus are never touched.
#
#   edge (the Pi, NetworkManager)          isp (carriers + server)
#   modemA  ------------------ veth ------ ispA  10.200.1.1/24
#   modemB  ------------------ veth ------ ispB  10.200.2.1/24
#                                          lo    10.200.0.10/32  (the server)
#
# Protocol (one line per command on stdin, one reply line on stdout):
#   READY pid=<pid> dbus=<address>     printed once; <pid> is a host pid to nsenter -n -m
#   power-off A|B   power-on A|B       delete / re-create the veth (modem gone / back)
#   carrier-off A|B carrier-on A|B     isp end down / up (carrier loss)
#   drop A|B        undrop A|B         nftables drop on that link (up, no data)
#   reject A|B      unreject A|B       nftables reject (tcp reset) on that link
#   exec-edge ARGV...                  OK <exit> <base64 of stdout+stderr, or ->
#   http-server PORT LOGFILE           OK <pid>   (receiver on 10.200.0.10:PORT in isp)
#   http-stop PORT                     OK
#   status                             OK <k=v ...>
#   quit                               OK bye, then teardown
# Replies: `OK ...` or `ERR <reason>`. See README.md.
#
# Teardown happens on quit, stdin EOF, SIGTERM/SIGINT/SIGHUP and on a broken stdout.
# Even if this script is SIGKILLed, every process it started dies with it (each is
# started with a parent-death signal), and the namespaces die with the fence.
set -euo pipefail

SELF="$(readlink -f "${BASH_SOURCE[0]}")"
# A JVM's environment may lack the sbin folders (ip, nft, NetworkManager live there).
export PATH="$PATH:/usr/sbin:/sbin"

# Addresses (only exist inside the fence).
SERVER_IP=10.200.0.10
declare -A ISP_IP=([A]=10.200.1.1 [B]=10.200.2.1)
# The edge ends get no address from the bed: the product's NM profiles set them
# (by convention 10.200.1.2/24 gw 10.200.1.1 on modemA, 10.200.2.2/24 gw 10.200.2.1 on modemB).
# Fixed MACs so a modem that is powered off and on again looks like the same device.
declare -A EDGE_MAC=([A]=02:00:0a:c8:01:02 [B]=02:00:0a:c8:02:02)
declare -A ISP_MAC=([A]=02:00:0a:c8:01:01 [B]=02:00:0a:c8:02:01)

die() {
  echo "bed.sh: $*" >&2
  # Inside the controller before READY: tell the reader why, then tear down.
  if [[ -n ${OUT_FD:-} && ${READY:-0} -eq 0 ]]; then
    printf 'ERR setup failed: %s\n' "$*" >&"$OUT_FD" || true
    [[ -n ${ERR_FD:-} ]] && echo "bed.sh: $*" >&"$ERR_FD"
  fi
  exit 1
}

###############################################################################
# Outer part: runs on the host, starts the fence and relays signals into it.
###############################################################################
outer() {
  [[ $# -eq 1 ]] || die "usage: bed.sh WORKDIR"
  [[ $(id -u) -eq 0 ]] || die "must run as root"
  local w
  w="$(realpath -m -- "$1")"   # (checked before anything is created)
  # These paths are over-mounted inside the bed; a WORKDIR there would be invisible
  # to the processes that must share it (dbus socket, NM config).
  case "$w/" in
    /run/*|/sys/*|/proc/*|/dev/*|/var/lib/NetworkManager/*|/var/run/*)
      die "WORKDIR must not be under /run, /sys, /proc, /dev or /var/lib/NetworkManager: $w";;
  esac
  for t in unshare nsenter setpriv ip nft dbus-daemon NetworkManager nmcli nm-online base64 timeout /usr/bin/python3; do
    command -v "$t" >/dev/null || die "missing $t: run testbed/install-deps.sh"
  done
  mkdir -p "$w/run"
  w="$(readlink -f "$w")"
  rm -f "$w/run/controller.pid"

  # The fence: a new netns (only lo), a private mount ns, and a private UTS ns so the
  # host's hostname cannot be changed from inside.
  # unshare blocks SIGTERM/SIGINT while it waits for its child, so signals are relayed
  # to the controller (inner part) by pid. --kill-child=TERM: if unshare itself dies,
  # the controller gets SIGTERM and tears down. setpriv --pdeathsig KILL: if this outer
  # shell is SIGKILLed, unshare dies, and so on down the chain.
  # `<&0` keeps our stdin (the command pipe) for the background job.
  setpriv --pdeathsig KILL \
    unshare --net --mount --uts --propagation private --fork --kill-child=TERM \
    /bin/bash "$SELF" --inner "$w" <&0 &
  local upid=$!

  relay() {
    local cpid
    cpid="$(cat "$w/run/controller.pid" 2>/dev/null || true)"
    if [[ -n "$cpid" ]]; then kill -TERM "$cpid" 2>/dev/null || true
    else kill -KILL "$upid" 2>/dev/null || true   # not started yet: kill-child does the rest
    fi
  }
  trap relay TERM INT HUP
  local rc=0
  while kill -0 "$upid" 2>/dev/null; do
    wait "$upid" && rc=0 || rc=$?
  done
  exit "$rc"
}

###############################################################################
# Inner part: the controller, runs inside the fence (fresh netns, private mounts).
###############################################################################
W=""                 # WORKDIR
ANCHOR=""            # host pid of `sleep infinity` holding edge's netns + mount ns
DBUS_PID=""
NM_PID=""
declare -A HTTP_PIDS=()   # port -> pid
BUS_ADDR=""
CMD_FD=""
OUT_FD=""
ERR_FD=""
READY=0
HTTP_LAST_PID=""
CLEANED=0

log() { printf '%s bed: %s\n' "$(date +%T.%3N)" "$*" >&2; }

reply() { printf '%s\n' "$*" >&"$OUT_FD"; }

# Run a command inside edge (netns + NM's mount namespace) with the bed's bus.
in_edge() {
  nsenter -t "$ANCHOR" -n -m env DBUS_SYSTEM_BUS_ADDRESS="$BUS_ADDR" LC_ALL=C "$@"
}

kill_wait() {  # kill_wait PID...: TERM, up to 3 s grace, then KILL; reaps children
  local p alive i
  for p in "$@"; do [[ -n "$p" ]] && kill -TERM "$p" 2>/dev/null || true; done
  for ((i = 0; i < 30; i++)); do
    alive=0
    for p in "$@"; do [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive -eq 0 ]] && break
    sleep 0.1
  done
  for p in "$@"; do
    [[ -n "$p" ]] || continue
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
}

cleanup() {
  [[ $CLEANED -eq 1 ]] && return 0
  CLEANED=1
  set +e
  log "teardown"
  kill_wait "${HTTP_PIDS[@]}"
  kill_wait "$NM_PID"          # first, so it does not react to the rest going away
  kill_wait "$DBUS_PID" "$ANCHOR"
  ip netns del edge 2>/dev/null
  ip netns del isp 2>/dev/null
  # (stale pids must not survive: a reused pid would be entered by the wrappers)
  rm -f "$W/run/controller.pid" "$W/bed.env" "$W/bin/nmcli" "$W/bin/in-edge" "$W/dbus/system_bus_socket" "$W"/run/http-*.ready
  log "teardown done"
  # The fence's netns and mounts vanish when this process exits.
}

# --- links --------------------------------------------------------------------

link_exists() { ip -n edge link show "modem$1" >/dev/null 2>&1; }

link_create() {  # the modem appears: veth pair, isp end configured, both ends up
  local m=$1
  # (explicit `|| return`: set -e does not act inside a function called from `&&`)
  ip -n isp link add "isp$m" address "${ISP_MAC[$m]}" type veth \
     peer name "modem$m" address "${EDGE_MAC[$m]}" netns edge || return 1
  ip -n isp addr add "${ISP_IP[$m]}/24" dev "isp$m" || return 1
  ip -n isp link set "isp$m" up || return 1
  # NM must see the edge end up (it has no udev to tell it otherwise).
  ip -n edge link set "modem$m" up || return 1
}

# --- nftables (in isp) -----------------------------------------------------------
# Both faults act on traffic to/from the isp end, matched by name, so they survive a
# power cycle of the modem. ARP is not in the inet family: the link stays "up".
nft_setup() {
  ip netns exec isp nft -f - <<'EOF'
table inet bed {
  chain dropA {}
  chain dropB {}
  chain rejectA {}
  chain rejectB {}
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "ispA" jump dropA
    iifname "ispB" jump dropB
    iifname "ispA" jump rejectA
    iifname "ispB" jump rejectB
  }
  chain output {
    type filter hook output priority 0; policy accept;
    oifname "ispA" jump dropA
    oifname "ispB" jump dropB
  }
}
EOF
}

nft_set() {  # nft_set drop|reject A|B on|off
  local kind=$1 m=$2 on=$3
  if [[ $on == on ]]; then
    if [[ $kind == drop ]]; then
      ip netns exec isp nft "flush chain inet bed drop$m; add rule inet bed drop$m drop"
    else
      ip netns exec isp nft "flush chain inet bed reject$m; add rule inet bed reject$m meta l4proto tcp reject with tcp reset; add rule inet bed reject$m reject with icmpx type admin-prohibited"
    fi
  else
    ip netns exec isp nft "flush chain inet bed $kind$m"
  fi
}

# --- the HTTP receiver (in isp) ------------------------------------------------------

write_receiver() {
  cat >"$W/http-receiver.py" <<'EOF'
# Tiny HTTP receiver for the test bed. argv: ADDR PORT LOGFILE READYFILE
# POST/PUT -> 201, appends "<client-ip> <body>" (newlines escaped as \n) to LOGFILE; while the file
# LOGFILE.status holds a number, POST/PUT get that status instead and nothing is logged (server faults).
# GET/HEAD -> 200 "ok" (for probes), not logged.
import sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

addr, port, logfile, readyfile = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lock = threading.Lock()

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def _answer(self, code, body=b""):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace")
        try:
            with open(logfile + ".status") as f:
                status = int(f.read().strip())
            self._answer(status, b"server fault\n")
            return
        except (OSError, ValueError):
            pass
        line = "%s %s\n" % (self.client_address[0],
                            body.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n"))
        with lock, open(logfile, "a", encoding="utf-8") as f:
            f.write(line)
        self._answer(201, b"created\n")
    do_PUT = do_POST
    def do_GET(self):
        self._answer(200, b"ok\n")
    do_HEAD = do_GET
    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.client_address[0], fmt % args))

srv = ThreadingHTTPServer((addr, port), H)
srv.daemon_threads = True
open(readyfile, "w").close()
srv.serve_forever()
EOF
}

# Must run in the controller shell itself (not in $(...)): the receiver's parent-death
# signal fires when its parent exits, and only the controller can `wait` for it.
http_server() {  # http_server PORT LOGFILE -> sets HTTP_LAST_PID
  local port=$1 logfile=$2 ready="$W/run/http-$1.ready" i
  rm -f "$ready"
  # Each started process gets a parent-death signal, so it dies with the controller.
  setpriv --pdeathsig KILL ip netns exec isp /usr/bin/python3 -u "$W/http-receiver.py" \
    "$SERVER_IP" "$port" "$logfile" "$ready" \
    </dev/null >>"$W/http-$port.log" 2>&1 {CMD_FD}<&- {OUT_FD}>&- {ERR_FD}>&- &
  local pid=$!
  for ((i = 0; i < 100; i++)); do
    [[ -e $ready ]] && { HTTP_PIDS[$port]=$pid; HTTP_LAST_PID=$pid; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  return 1
}

# --- setup ---------------------------------------------------------------------------

setup() {
  mkdir -p "$W"/{run,dbus,nm-state,nm-connections,nm-conf.d}
  chmod 0700 "$W/nm-connections"   # NM ignores keyfiles that others can write

  # Private /run for the fence: /run/netns of the bed lives here, not on the host.
  mount -n -t tmpfs -o mode=0755 bed-run /run

  ip link set lo up
  ip netns add edge
  ip netns add isp
  ip -n edge link set lo up
  ip -n isp link set lo up
  ip -n isp addr add "$SERVER_IP/32" dev lo
  # Carriers drop packets whose source is not theirs (strict reverse-path filter),
  # as real mobile networks do.
  ip netns exec isp sysctl -q -w net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=1
  # The Pi's defaults (systemd's sysctl.d): loose reverse-path filter.
  ip netns exec edge sysctl -q -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.default.rp_filter=2
  nft_setup
  link_create A
  link_create B

  # Anchor: a process in edge's netns with the mount namespace NetworkManager needs.
  # `ip netns exec` gives it a new mount ns with a sysfs of edge; then:
  #  - /sys read-only: NM then knows udev is absent and manages devices itself
  #    (with a writable /sys it waits for udev forever and leaves them unmanaged);
  #  - a private tmpfs on /run (NM's pid file, in-memory profiles, leases);
  #  - WORKDIR/nm-state bind-mounted on /var/lib/NetworkManager (state, timestamps).
  # NM, dbus-daemon, nmcli-in-bed.sh and in-edge.sh all enter this process's ns.
  rm -f "$W/run/anchor.ready"
  setpriv --pdeathsig KILL ip netns exec edge /bin/bash -c '
      set -e
      mount -n -o remount,bind,ro /sys
      mount -n -t tmpfs -o mode=0755 edge-run /run
      mkdir -p /var/lib/NetworkManager
      mount -n --bind "$1/nm-state" /var/lib/NetworkManager
      : >"$1/run/anchor.ready"
      exec sleep infinity' anchor "$W" \
    </dev/null {CMD_FD}<&- {OUT_FD}>&- {ERR_FD}>&- &
  ANCHOR=$!
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -e "$W/run/anchor.ready" ]] && break
    kill -0 "$ANCHOR" 2>/dev/null || die "anchor failed"
    sleep 0.02
  done
  [[ -e "$W/run/anchor.ready" ]] || die "anchor not ready"

  # Private system bus. A unix socket file, so it can be reached from any netns
  # (including the host's, where the Java test runs).
  BUS_ADDR="unix:path=$W/dbus/system_bus_socket"
  rm -f "$W/dbus/system_bus_socket"
  cat >"$W/dbus/system.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>$BUS_ADDR</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
EOF
  setpriv --pdeathsig KILL nsenter -t "$ANCHOR" -n -m \
    dbus-daemon --config-file="$W/dbus/system.conf" --nofork --nopidfile --nosyslog \
    </dev/null >>"$W/dbus.log" 2>&1 {CMD_FD}<&- {OUT_FD}>&- {ERR_FD}>&- &
  DBUS_PID=$!
  for ((i = 0; i < 100; i++)); do
    [[ -S "$W/dbus/system_bus_socket" ]] && break
    kill -0 "$DBUS_PID" 2>/dev/null || die "dbus-daemon failed, see $W/dbus.log"
    sleep 0.02
  done
  [[ -S "$W/dbus/system_bus_socket" ]] || die "dbus-daemon socket missing"

  # NetworkManager. --config-dir/--system-config-dir point at an empty folder so the
  # host's conf.d files are not read; state and intern config stay in WORKDIR.
  cat >"$W/NetworkManager.conf" <<EOF
[main]
plugins=keyfile
auth-polkit=false
dns=none
rc-manager=unmanaged
no-auto-default=*
# never touch the hostname (and never look it up by reverse DNS)
hostname-mode=none

[keyfile]
path=$W/nm-connections

[connectivity]
enabled=false

[logging]
level=${BED_NM_LOG_LEVEL:-INFO}
EOF
  setpriv --pdeathsig KILL nsenter -t "$ANCHOR" -n -m \
    env DBUS_SYSTEM_BUS_ADDRESS="$BUS_ADDR" \
    NetworkManager --no-daemon --debug \
      --config="$W/NetworkManager.conf" \
      --config-dir="$W/nm-conf.d" --system-config-dir="$W/nm-conf.d" \
      --state-file="$W/nm-state/NetworkManager.state" \
      --intern-config="$W/nm-state/NetworkManager-intern.conf" \
      --pid-file="$W/run/NetworkManager.pid" \
    </dev/null >>"$W/NetworkManager.log" 2>&1 {CMD_FD}<&- {OUT_FD}>&- {ERR_FD}>&- &
  NM_PID=$!
  # Wait (up to ~20 s) for NM's "startup complete", but give up at once if it died.
  for ((i = 0; i < 20; i++)); do
    kill -0 "$NM_PID" 2>/dev/null || die "NetworkManager exited, see $W/NetworkManager.log"
    in_edge nm-online -s -q -t 1 </dev/null && break
  done
  [[ $i -lt 20 ]] || die "NetworkManager did not start, see $W/NetworkManager.log"
  # Startup is complete; wait until NM manages both veths (state other than unmanaged).
  local out
  for ((i = 0; i < 100; i++)); do
    out="$(in_edge nmcli -t -f DEVICE,STATE device </dev/null 2>/dev/null || true)"
    if grep -q '^modemA:' <<<"$out" && grep -q '^modemB:' <<<"$out" \
       && ! grep -Eq '^modem[AB]:unmanaged' <<<"$out"; then break; fi
    sleep 0.05
  done
  grep -Eq '^modem[AB]:unmanaged' <<<"$out" && die "NetworkManager leaves the modems unmanaged"

  write_receiver
  cat >"$W/bed.env" <<EOF
BED_PID=$ANCHOR
BED_DBUS=$BUS_ADDR
EOF
  # Ready-made wrappers with this bed's values baked in, e.g. for a product whose
  # `nmcli` path is configurable but whose environment is not.
  local here name target
  here="$(dirname "$SELF")"
  mkdir -p "$W/bin"
  for name in nmcli in-edge; do
    [[ $name == nmcli ]] && target="$here/nmcli-in-bed.sh" || target="$here/in-edge.sh"
    printf '#!/bin/sh\nBED_PID=%s BED_DBUS=%s exec %s "$@"\n' \
      "$ANCHOR" "$BUS_ADDR" "$target" >"$W/bin/$name"
    chmod 0755 "$W/bin/$name"
  done
}

# --- commands ------------------------------------------------------------------------

handle() {  # handle LINE -> exactly one reply line
  local -a a
  read -r -a a <<<"$1" || true
  local cmd=${a[0]:-} m=${a[1]:-}
  case "$cmd" in
    power-off|power-on|carrier-off|carrier-on|drop|undrop|reject|unreject)
      [[ $m == A || $m == B ]] || { reply "ERR modem must be A or B"; return; }
      [[ ${#a[@]} -eq 2 ]] || { reply "ERR usage: $cmd A|B"; return; }
      ;;
  esac
  case "$cmd" in
    power-off)
      if link_exists "$m"; then
        ip -n edge link del "modem$m" && reply "OK" || reply "ERR ip link del failed"
      else reply "OK already-off"; fi ;;
    power-on)
      if link_exists "$m"; then reply "OK already-on"
      else link_create "$m" && reply "OK" || reply "ERR link create failed"; fi ;;
    carrier-off|carrier-on)
      link_exists "$m" || { reply "ERR modem $m is powered off"; return; }
      local updown=up; [[ $cmd == carrier-off ]] && updown=down
      ip -n isp link set "isp$m" "$updown" && reply "OK" || reply "ERR ip link set failed" ;;
    drop)     nft_set drop "$m" on && reply "OK" || reply "ERR nft failed" ;;
    undrop)   nft_set drop "$m" off && reply "OK" || reply "ERR nft failed" ;;
    reject)   nft_set reject "$m" on && reply "OK" || reply "ERR nft failed" ;;
    unreject) nft_set reject "$m" off && reply "OK" || reply "ERR nft failed" ;;
    exec-edge)
      [[ ${#a[@]} -ge 2 ]] || { reply "ERR usage: exec-edge ARGV..."; return; }
      local out rc=0 b64
      out="$(timeout -k 2 "${BED_EXEC_TIMEOUT:-60}" nsenter -t "$ANCHOR" -n -m \
              env DBUS_SYSTEM_BUS_ADDRESS="$BUS_ADDR" LC_ALL=C "${a[@]:1}" \
              </dev/null 2>&1 {CMD_FD}<&- {OUT_FD}>&- {ERR_FD}>&-)" || rc=$?
      b64="$(printf '%s' "$out" | base64 -w0)"
      reply "OK $rc ${b64:--}" ;;
    http-server)
      [[ ${#a[@]} -eq 3 && ${a[1]} =~ ^[0-9]+$ ]] || { reply "ERR usage: http-server PORT LOGFILE"; return; }
      [[ -z ${HTTP_PIDS[${a[1]}]:-} ]] || { reply "ERR port ${a[1]} already served"; return; }
      if http_server "${a[1]}" "${a[2]}"; then
        reply "OK $HTTP_LAST_PID"
      else reply "ERR receiver did not start, see $W/http-${a[1]}.log"; fi ;;
    http-stop)
      local p=${HTTP_PIDS[$m]:-}
      [[ -n $p ]] || { reply "ERR no receiver on port $m"; return; }
      kill_wait "$p"; unset "HTTP_PIDS[$m]"; reply "OK" ;;
    status)
      local s="pid=$ANCHOR nm=$NM_PID dbus=$DBUS_PID" x
      for x in A B; do
        if link_exists "$x"; then
          s+=" $x=on"
          ip -n isp link show "isp$x" | grep -q 'state UP\|,UP' && s+=",carrier" || s+=",nocarrier"
        else s+=" $x=off"; fi
      done
      reply "OK $s" ;;
    quit) reply "OK bye"; exit 0 ;;
    "") reply "ERR empty command" ;;
    *) reply "ERR unknown command: $cmd" ;;
  esac
}

inner() {
  W=$1
  [[ -n $W && -d $W ]] || die "bad WORKDIR"
  # Replies go to a private copy of stdout; anything else a command prints goes to the
  # bed log. Commands come from a private copy of stdin, so no child can eat them.
  exec {OUT_FD}>&1 {CMD_FD}<&0 {ERR_FD}>&2 </dev/null 1>&2
  exec 2>>"$W/bed.log"
  trap cleanup EXIT
  trap 'exit 143' TERM
  trap 'exit 130' INT
  trap 'exit 129' HUP
  trap 'exit 141' PIPE     # the reader went away: tear down instead of dying silently
  echo $$ >"$W/run/controller.pid"   # for the outer part's signal relay
  log "setup in $W"
  setup
  log "ready: anchor=$ANCHOR nm=$NM_PID dbus=$DBUS_PID"
  reply "READY pid=$ANCHOR dbus=$BUS_ADDR"
  READY=1
  local line
  while IFS= read -r line <&"$CMD_FD"; do
    line=${line%$'\r'}
    log "< $line"
    handle "$line"
  done
  log "stdin closed"
  exit 0
}

if [[ ${1:-} == --inner ]]; then
  shift
  inner "$@"
else
  outer "$@"
fi
