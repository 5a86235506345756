#!/usr/bin/env bash
# The packaged jar and JVM flags of an earlier commit, for the benchmarks' before/after runs (OLDER-JAR,
# OLDER_OPTIONS): builds REV in a scratch git worktree and leaves /tmp/REV.jar and /tmp/REV.options.
#
#   bench/jar-at.sh REV        e.g. bench/jar-at.sh 5d14c96; then bench/footprint.sh target/dual-modem-telemetry.jar /tmp/5d14c96.jar
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
REV=${1:?usage: bench/jar-at.sh REV}
TREE=$(mktemp -d /tmp/jar-at.XXXXXX)
trap 'git -C "$HERE" worktree remove --force "$TREE" 2>/dev/null || rm -rf "$TREE"; git -C "$HERE" worktree prune' EXIT

git -C "$HERE" worktree add --detach -q "$TREE" "$REV"
mvn -q -B -f "$TREE/pom.xml" package -DskipTests
cp "$TREE/target/dual-modem-telemetry.jar" "/tmp/$REV.jar"
cp "$TREE/deploy/jvm.options" "/tmp/$REV.options"
echo "/tmp/$REV.jar and /tmp/$REV.options: the jar and JVM flags of $(git -C "$HERE" log -1 --format='%h %s' "$REV" | cut -c1-100)"
