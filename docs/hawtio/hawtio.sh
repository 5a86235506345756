#!/usr/bin/env bash
# Runs Hawtio on THIS machine (the operator's laptop), on 127.0.0.1 only, with Maven resolving it from Maven Central
# (hawtio-embedded 3.0.0: Jetty and Hawtio's war). Connect it to the box through an ssh tunnel, see the README:
#   ssh -N -L 8778:127.0.0.1:8778 pi@the-box &     # the box's Jolokia appears on this machine's localhost:8778
#   docs/hawtio/hawtio.sh 8090                     # then open http://localhost:8090/hawtio/ , Connect, Remote:
#                                                  # http, localhost, 8778, /jolokia
set -euo pipefail
PORT=${1:-8090}
HERE=$(cd "$(dirname "$0")" && pwd)
CP=$(mktemp)
trap 'rm -f "$CP"' EXIT
mvn -B -q -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP" >&2
WAR=$(tr ':' '\n' < "$CP" | grep -m1 'hawtio-default-.*\.war$')
# authentication off: Hawtio listens on loopback only, like the box's Jolokia; the proxy may reach only the tunnel
exec java -Dhawtio.authenticationEnabled=false -Dhawtio.proxyAllowlist=localhost,127.0.0.1 -Dhawtio.localAddressProbing=false \
    -cp "$(cat "$CP")" "$HERE/RunHawtio.java" --host 127.0.0.1 --port "$PORT" --war "$WAR"
