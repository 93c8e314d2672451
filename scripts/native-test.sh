#!/usr/bin/env bash
# Builds Trackway's native executable with the test toolchain (a GraalVM native-image assembled
# from Maven Central jars and OpenJDK's static libraries; README "Native executable") and runs the
# compat-tests (the stock mlflow client) against it on SQLite and MariaDB.
#
#   scripts/native-test.sh                  toolchain if missing, native build, compat-tests x2
#   scripts/native-test.sh --skip-build     reuse target/native/*-runner
#   scripts/native-test.sh --build-only     toolchain + native build, no tests
#   scripts/native-test.sh --if-toolchain   skip (exit 0, saying so) when the toolchain is absent
#   scripts/native-test.sh -- -k nested     the rest goes to pytest
#
# Environment:
#   NATIVE_GRAALVM_HOME      the toolchain (default ${XDG_CACHE_HOME:-~/.cache}/native-image-toolchain/graalvm)
#   NATIVE_TOOLCHAIN_BUILDER the script that builds it when missing (default ../shared/tools/
#                            native-image/build-toolchain.sh beside the checkout; ~30 min once, root)
#   NATIVE_BACKENDS          default "sqlite mysql"
#   NATIVE_BUILD_JAVA_HOME   the JDK that runs Maven (default /usr/lib/jvm/temurin-25-jdk-amd64:
#                            the toolchain is built from it and the builder must run on it)
#   NATIVE_XMX               the native-image builder heap (default 8g)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

skip_build=0 build_only=0 if_toolchain=0
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) skip_build=1 ;;
    --build-only) build_only=1 ;;
    --if-toolchain) if_toolchain=1 ;;
    --) shift; break ;;
    *) break ;;
  esac
  shift
done

GRAALVM=${NATIVE_GRAALVM_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/native-image-toolchain/graalvm}
BUILDER=${NATIVE_TOOLCHAIN_BUILDER:-$REPO/../shared/tools/native-image/build-toolchain.sh}
BUILD_JAVA_HOME=${NATIVE_BUILD_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
BACKENDS=${NATIVE_BACKENDS:-sqlite mysql}
OUT=$REPO/target/native

toolchain_ready() { [ -x "$GRAALVM/bin/native-image" ] && [ -f "$GRAALVM/.ready" ]; }

echo "== native: toolchain ($GRAALVM)"
if toolchain_ready; then
  echo "toolchain present"
elif [ "$if_toolchain" = 1 ]; then
  echo "SKIPPED: no native-image toolchain at $GRAALVM (build it with $BUILDER, ~30 min once)"
  exit 0
elif [ -x "$BUILDER" ]; then
  echo "toolchain missing: building it with $BUILDER (about 30 minutes, once; log in target/native-toolchain.log)"
  mkdir -p "$REPO/target"
  if [ -z "${NATIVE_GRAALVM_HOME:-}" ]; then
    "$BUILDER" > "$REPO/target/native-toolchain.log" 2>&1 || { tail -40 "$REPO/target/native-toolchain.log"; exit 1; }
  else
    # the builder puts the toolchain in $W/graalvm
    W="$(dirname "$GRAALVM")" "$BUILDER" > "$REPO/target/native-toolchain.log" 2>&1 \
      || { tail -40 "$REPO/target/native-toolchain.log"; exit 1; }
  fi
  tail -1 "$REPO/target/native-toolchain.log"
  toolchain_ready || { echo "the builder finished but $GRAALVM is not ready"; exit 1; }
else
  echo "no native-image toolchain at $GRAALVM and no builder at $BUILDER:"
  echo "set NATIVE_GRAALVM_HOME to a GraalVM/Mandrel home or NATIVE_TOOLCHAIN_BUILDER to a builder script"
  exit 1
fi

runner() { ls -t "$OUT"/*-runner 2>/dev/null | head -1; }

if [ "$skip_build" = 0 ]; then
  echo "== native: mvn package -Dnative (Quarkus's standard native-image flags; ~15 min on 2 cores)"
  start=$(date +%s)
  JAVA_HOME=$BUILD_JAVA_HOME mvn -B -ntp package -Dnative -DskipTests \
    -Dquarkus.native.graalvm-home="$GRAALVM" \
    -Dquarkus.native.native-image-xmx="${NATIVE_XMX:-8g}" \
    -Dtrackway.build.dir="$OUT" > "$REPO/target/native-build.log" 2>&1 \
    || { grep -E "ERROR|Error|error:" "$REPO/target/native-build.log" | tail -40; echo "native build failed: target/native-build.log"; exit 1; }
  end=$(date +%s)
  echo "native build: $((end - start)) s; $(grep -E 'Finished generating|Peak RSS' "$REPO/target/native-build.log" | tr -s ' ' | tail -2 | paste -sd ';')"
fi
EXE=$(runner)
[ -n "$EXE" ] || { echo "no native executable in $OUT"; exit 1; }
echo "executable: $EXE ($(du -m "$EXE" | cut -f1) MiB)"
[ "$build_only" = 1 ] && exit 0

echo "== native: compat-tests against the native executable"
scripts/mariadb.sh
[ -x compat-tests/.venv/bin/python ] || compat-tests/install-venv.sh
cd compat-tests
status=0
for backend in $BACKENDS; do
  echo "-- backend $backend"
  TRACKWAY_EXECUTABLE="$EXE" .venv/bin/python -m pytest -q -p no:cacheprovider --backend "$backend" "$@" || status=1
done
exit $status
