#!/usr/bin/env bash
# Builds Trackway's native executable with the test toolchain (a GraalVM native-image assembled
# from Maven Central jars and OpenJDK's static libraries; README "Native executable") and runs the
# compat-tests (the stock mlflow client) against it on SQLite and MariaDB.
#
#   scripts/native-test.sh                  toolchain if missing, native build, compat-tests x2
#   scripts/native-test.sh --skip-build     reuse target/native/*-runner
#   scripts/native-test.sh --build-only     toolchain + native build, no tests
#   scripts/native-test.sh --if-toolchain   skip (exit 0, saying so) when the toolchain is absent
#   scripts/native-test.sh --has-toolchain  only answer: exit 0 when the toolchain is present, else 1
#   scripts/native-test.sh --image          also pack the executable with docker/Dockerfile.native-runtime
#                                           on a local Debian-made base (podman) and smoke-test the image
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

skip_build=0 build_only=0 if_toolchain=0 image=0 has_toolchain=0
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) skip_build=1 ;;
    --build-only) build_only=1 ;;
    --if-toolchain) if_toolchain=1 ;;
    --has-toolchain) has_toolchain=1 ;;
    --image) image=1 ;;
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
if [ "$has_toolchain" = 1 ]; then
  toolchain_ready
  exit
fi

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
  mkdir -p "$REPO/target"
  # spotless is skipped here: google-java-format 1.28 (the JVM build's, on Java 17) refuses JDK 25,
  # which runs this build; the JVM build checks the formatting
  JAVA_HOME=$BUILD_JAVA_HOME mvn -B -ntp package -Dnative -DskipTests \
    -Dspotless.check.skip=true -Dspotless.apply.skip=true \
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

image_smoke() {
  # the runtime stage of Dockerfile.native on a base made from Debian packages (nothing is pulled)
  echo "== native: container image (docker/Dockerfile.native-runtime on localhost/trackway-native-base)"
  docker/test/native-base.sh localhost/trackway-native-base
  podman build -q -f docker/Dockerfile.native-runtime --build-arg BASE_IMAGE=localhost/trackway-native-base \
    --build-arg RUNNER="${EXE#$REPO/}" -t localhost/trackway:native-test . >/dev/null
  local name=trackway-native-smoke-$$ port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  podman run -d --name "$name" -p "127.0.0.1:$port:5000" localhost/trackway:native-test >/dev/null
  local ok=1
  for _ in $(seq 1 60); do curl -sf "127.0.0.1:$port/health" >/dev/null && { ok=0; break; }; sleep 0.5; done
  if [ $ok = 0 ] \
     && curl -sf -X POST "127.0.0.1:$port/api/2.0/mlflow/experiments/create" -H 'Content-Type: application/json' \
          -d '{"name":"image-smoke"}' | grep -q experiment_id \
     && [ "$(podman exec "$name" id -u)" = 1001 ] && podman exec "$name" test -s /data/mlflow.db \
     && podman exec "$name" sh -c 'test -s /data/.cache/trackway/sqlite-jdbc-*/libsqlitejdbc.so'; then
    echo "image: $(podman image inspect localhost/trackway:native-test --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}'),"\
         "runs as uid 1001, serves /health and the API on :5000, database in /data," \
         "SQLite's library copied once into /data/.cache"
  else
    ok=1; podman logs "$name" 2>&1 | tail -30; echo "image smoke test FAILED"
  fi
  podman rm -f "$name" >/dev/null
  return $ok
}
if [ "$image" = 1 ]; then image_smoke; fi
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
