#!/usr/bin/env bash
# Container test (docs/deployment.md): builds the JVM image with podman on a local base, runs it
# with MariaDB and an S3-compatible store on a podman network and drives it with the stock MLflow
# client: one replica (experiments, runs, log-batch, artifacts, model log and load), then two on one
# database and one bucket with concurrent writers; readiness through a database outage; the
# Prometheus metrics; graceful shutdown with a request in flight; the Helm chart (lint, template,
# `podman kube play` of the rendered manifests); docker/compose.yaml under podman-compose.
#
# Root, Debian 12. Installs what it needs: podman (scripts/setup-podman.sh), helm (go install,
# cached in $TRACKWAY_TOOLS_DIR), podman-compose (PyPI, cached likewise). Nothing can be pulled, so
# every image is built locally from Debian's packages (docker/test/). Leaves nothing running.
#
#   scripts/container-test.sh
#   TRACKWAY_PYTHON=/path/to/venv/bin/python scripts/container-test.sh   # another mlflow client venv
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$PATH:/usr/local/go/bin:/usr/sbin:/sbin"

TOOLS=${TRACKWAY_TOOLS_DIR:-/var/cache/trackway-tools}
HELM_VERSION=v3.22.0
COMPOSE_VERSION=1.6.0
HELM=$TOOLS/helm-$HELM_VERSION/helm
COMPOSE=$TOOLS/podman-compose-$COMPOSE_VERSION/bin/podman-compose
PY=${TRACKWAY_PYTHON:-$ROOT/compat-tests/.venv/bin/python}
DRIVE=$ROOT/docker/test/drive.py

P=tw-ct                       # prefix of every container, pod, network, volume and secret made here
NET=$P-net
IMAGE=localhost/trackway:test
JRE=localhost/trackway-test/jre:17
DB_PASSWORD=ct-db-pw
S3_USER=ct-access
S3_SECRET=ct-secret-key-0123
BUCKET=mlflow

T0=$(date +%s)
STEP_T=$T0
TIMINGS=()
FIGURES=()
step_done() { local now; now=$(date +%s); TIMINGS+=("$(printf '%5ss  %s' $((now - STEP_T)) "$CURRENT")"); STEP_T=$now; }
step() { [ -n "${CURRENT:-}" ] && step_done; CURRENT="$*"; echo; echo "== [$(( $(date +%s) - T0 ))s] $*"; }
die() { echo "FAIL: $*" >&2; exit 1; }
since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

compose() {
  "$COMPOSE" -p $P-compose -f docker/compose.yaml -f docker/test/compose.test.yaml "$@"
}

cleanup() {
  set +e
  if [ -x "$COMPOSE" ] && [ -n "$(podman ps -aq --filter name="^$P-compose")" ]; then
    compose down -v -t 5 >/dev/null 2>&1
  fi
  for pod in $(podman pod ps -q --filter name="^$P"); do podman pod rm -f "$pod" >/dev/null 2>&1; done
  # compose's containers depend on each other: passes until none is left (-v: anonymous volumes too)
  for _ in 1 2 3 4; do
    for c in $(podman ps -aq --filter name="^$P"); do podman rm -f -v -t 0 "$c" >/dev/null 2>&1; done
  done
  for v in $(podman volume ls -q --filter name="^$P"); do podman volume rm -f "$v" >/dev/null 2>&1; done
  for n in $(podman network ls -q --filter name="^$P"); do podman network rm -f "$n" >/dev/null 2>&1; done
  podman secret rm $P-trackway >/dev/null 2>&1
  return 0
}

report() {
  local rc=$?
  [ -n "${CURRENT:-}" ] && step_done
  cleanup
  echo
  echo "== timings"
  printf '  %s\n' "${TIMINGS[@]}"
  echo "  total $(( $(date +%s) - T0 ))s"
  if [ ${#FIGURES[@]} -gt 0 ]; then
    echo "== figures"
    printf '  %s\n' "${FIGURES[@]}"
  fi
  # one line per finished step; the plain closing line counts them
  local passed=${#TIMINGS[@]}
  if [ $rc -eq 0 ]; then
    echo "container-test: $passed passed, 0 failed"
  else
    echo "container-test: $((passed - 1)) passed, 1 failed (in: $CURRENT)"
  fi
  exit $rc
}
trap report EXIT
trap 'exit 143' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-10}" "$1" || true; }

# wait_code URL CODE SECONDS: until URL answers CODE; prints the seconds it took
wait_code() {
  local url=$1 want=$2 limit=$3 t; t=$(date +%s.%N)
  while true; do
    [ "$(http_code "$url" 5)" = "$want" ] && { since "$t"; return 0; }
    if gt "$(since "$t")" "$limit"; then die "$url did not answer $want within ${limit}s"; fi
    sleep 0.25
  done
}

# in-container HTTP (the image has bash, not curl): pexec CONTAINER PATH -> status line and body
pget() {
  podman exec "$1" bash -c "exec 3<>/dev/tcp/127.0.0.1/5000 && printf 'GET $2 HTTP/1.0\r\n\r\n' >&3 && cat <&3" 2>/dev/null || true
}
# has TEXT PATTERN: grep -E on a captured text (no pipe into grep -q: pipefail and SIGPIPE)
has() { grep -Eq -- "$2" <<<"$1"; }

wait_db() {
  local t; t=$(date +%s)
  until podman exec "$1" healthcheck.sh --connect >/dev/null 2>&1; do
    (( $(date +%s) - t < 90 )) || die "MariaDB $1 did not start"
    sleep 0.5
  done
}

run_trackway() { # NAME PORT [extra podman args]
  local name=$1 port=$2; shift 2
  podman run -d --name "$name" --network $NET -p "127.0.0.1:$port:5000" \
    -e MLFLOW_BACKEND_STORE_URI="mysql://trackway:$DB_PASSWORD@$P-db:3306/trackway" \
    -e MLFLOW_ARTIFACTS_DESTINATION="s3://$BUCKET/artifacts" \
    -e MLFLOW_S3_ENDPOINT_URL="http://$P-s3:9000" \
    -e AWS_ACCESS_KEY_ID=$S3_USER -e AWS_SECRET_ACCESS_KEY=$S3_SECRET -e AWS_DEFAULT_REGION=us-east-1 \
    -e AWS_REQUEST_CHECKSUM_CALCULATION=when_required -e AWS_RESPONSE_CHECKSUM_VALIDATION=when_required \
    "$@" $IMAGE >/dev/null
}

# ------------------------------------------------------------------------------------------ tools
step "host: podman, helm, podman-compose, mlflow client"
cleanup
scripts/setup-podman.sh
if [ ! -x "$HELM" ]; then
  command -v go >/dev/null || die "go is needed to build helm (go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION)"
  echo "building helm $HELM_VERSION with go install (a few minutes, once)"
  GOBIN=$(dirname "$HELM") go install -trimpath -ldflags '-s -w' "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
fi
"$HELM" version --short
if [ ! -x "$COMPOSE" ]; then
  python3 -m venv "$(dirname "$(dirname "$COMPOSE")")"
  "$(dirname "$COMPOSE")/pip" install -q "podman-compose==$COMPOSE_VERSION"
fi
"$COMPOSE" version 2>/dev/null | awk 'NR==1'
[ -x "$PY" ] || compat-tests/install-venv.sh
"$PY" -c 'import mlflow, sklearn; print("mlflow", mlflow.__version__)'

# ------------------------------------------------------------------------------------------ images
step "images (local bases from Debian packages; the application image from target/quarkus-app)"
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -ntp -q -Dstyle.color=never -DskipTests package
APT=(-v /etc/apt/sources.list.d:/etc/apt/sources.list.d:ro)
[ -s /etc/apt/sources.list ] && APT+=(-v /etc/apt/sources.list:/etc/apt/sources.list:ro)
build() { local tag=$1; shift; podman build --format docker -q -t "$tag" "$@" >/dev/null; }
build $JRE "${APT[@]}" -f docker/test/Dockerfile.jre-base docker/test
build localhost/trackway-test/mariadb:latest "${APT[@]}" -f docker/test/Dockerfile.mariadb docker/test
build localhost/trackway-test/caddy:latest "${APT[@]}" -f docker/test/Dockerfile.caddy docker/test
(cd docker/test/s3proxy && mvn -B -ntp -q -Dstyle.color=never dependency:copy-dependencies)
build localhost/trackway-test/s3proxy:latest --build-arg BASE_IMAGE=$JRE docker/test/s3proxy
t=$(date +%s.%N)
build $IMAGE --build-arg BASE_IMAGE=$JRE -f docker/Dockerfile.jvm .
FIGURES+=("JVM image build (base cached): $(since "$t")s")
size=$(podman image inspect $IMAGE --format '{{.Size}}')
base=$(podman image inspect $JRE --format '{{.Size}}')
FIGURES+=("image $IMAGE: $((size / 1000000)) MB on the Debian JRE base ($((base / 1000000)) MB), application layers $(((size - base) / 1000000)) MB")
user=$(podman image inspect $IMAGE --format '{{.Config.User}}')
[ "$user" = 1001 ] || die "image user is '$user', not 1001"

# ------------------------------------------------------------------------------------------ one replica
step "MariaDB + S3 (s3proxy) + one Trackway replica; the stock client's scenario"
podman network create $NET >/dev/null
podman run -d --name $P-db --network $NET -e MARIADB_DATABASE=trackway -e MARIADB_USER=trackway \
  -e MARIADB_PASSWORD=$DB_PASSWORD -e MARIADB_ROOT_PASSWORD=ct-root \
  localhost/trackway-test/mariadb:latest --max-connections=200 >/dev/null
podman run -d --name $P-s3 --network $NET -e MINIO_ROOT_USER=$S3_USER -e MINIO_ROOT_PASSWORD=$S3_SECRET \
  -e S3_BUCKETS=$BUCKET localhost/trackway-test/s3proxy:latest >/dev/null
wait_db $P-db
PORT_A=$(free_port)
A=http://127.0.0.1:$PORT_A
t=$(date +%s.%N)
run_trackway $P-a "$PORT_A"
secs=$(wait_code "$A/q/health/ready" 200 180)
FIGURES+=("replica A: podman run to /q/health/ready 200 in ${secs}s (empty database: schema created)")
[ "$(curl -s "$A/health")" = OK ] || die "/health does not answer OK"
"$PY" "$DRIVE" scenario "$A"

# ------------------------------------------------------------------------------------------ two replicas
step "second replica on the same database and bucket; concurrent writers"
PORT_B=$(free_port)
B=http://127.0.0.1:$PORT_B
t=$(date +%s.%N)
run_trackway $P-b "$PORT_B"
secs=$(wait_code "$B/q/health/ready" 200 180)
FIGURES+=("replica B: podman run to /q/health/ready 200 in ${secs}s (existing schema)")
"$PY" "$DRIVE" replicas "$A" "$B"

# ------------------------------------------------------------------------------------------ readiness
step "readiness through a database outage (no restart)"
pid_a=$(podman inspect $P-a --format '{{.State.Pid}}')
pid_b=$(podman inspect $P-b --format '{{.State.Pid}}')
podman stop -t 10 $P-db >/dev/null
t=$(date +%s.%N)
secs_a=$(wait_code "$A/q/health/ready" 503 20)
secs_b=$(wait_code "$B/q/health/ready" 503 20)
echo "  ok  database stopped: readiness 503 on A after ${secs_a}s, on B after $(since "$t")s"
[ "$(http_code "$A/q/health/live")" = 200 ] && [ "$(http_code "$B/q/health/live")" = 200 ] \
  || die "liveness must not depend on the database"
echo "  ok  liveness stays 200"
podman start $P-db >/dev/null
t=$(date +%s.%N)
wait_code "$A/q/health/ready" 200 90 >/dev/null
wait_code "$B/q/health/ready" 200 90 >/dev/null
secs=$(since "$t")
echo "  ok  database started: readiness 200 on both after ${secs}s"
FIGURES+=("readiness: 503 ${secs_a}s after the database stopped, 200 ${secs}s after it started")
[ "$(podman inspect $P-a --format '{{.State.Pid}}')" = "$pid_a" ] && [ "$(podman inspect $P-b --format '{{.State.Pid}}')" = "$pid_b" ] \
  || die "a Trackway container was restarted"
echo "  ok  same processes (no restart)"
"$PY" - "$A" "$B" <<'EOF'
import sys, uuid
from mlflow import MlflowClient
for url in sys.argv[1:]:
    exp = MlflowClient(url).create_experiment(f"after-outage-{uuid.uuid4().hex[:8]}")
    assert all(MlflowClient(u).get_experiment(exp).experiment_id == exp for u in sys.argv[1:])
print("  ok  writes through both replicas succeed after the outage")
EOF

# ------------------------------------------------------------------------------------------ metrics
step "Prometheus metrics"
"$PY" "$DRIVE" metrics "$A" 10

# ------------------------------------------------------------------------------------------ shutdown
step "graceful shutdown: an upload in flight completes after SIGTERM"
head -c 6000000 /dev/urandom > "${TMPDIR:-/tmp}/$P-upload.bin"
curl -s -o /dev/null -w '%{http_code}' --limit-rate 1500K -T "${TMPDIR:-/tmp}/$P-upload.bin" \
  "$B/api/2.0/mlflow-artifacts/artifacts/shutdown-test/upload.bin" > "${TMPDIR:-/tmp}/$P-upload.code" &
upload=$!
sleep 1.5
t=$(date +%s.%N)
podman stop -t 30 $P-b >/dev/null
stop_secs=$(since "$t")
wait $upload || true
code=$(cat "${TMPDIR:-/tmp}/$P-upload.code")
rm -f "${TMPDIR:-/tmp}/$P-upload.bin" "${TMPDIR:-/tmp}/$P-upload.code"
[ "$code" = 200 ] || die "upload in flight during SIGTERM answered $code"
has "$(podman logs $P-b 2>&1)" 'Waiting for HTTP requests to complete' || die "no drain logged"
len=$(curl -s "$A/api/2.0/mlflow-artifacts/artifacts/shutdown-test/upload.bin" | wc -c)
[ "$len" = 6000000 ] || die "drained upload stored $len bytes"
echo "  ok  upload answered 200 and was stored whole; the replica stopped ${stop_secs}s after SIGTERM"
FIGURES+=("graceful shutdown: SIGTERM with a 4 s upload in flight -> stopped after ${stop_secs}s, upload 200")

# ------------------------------------------------------------------------------------------ helm
step "Helm chart: lint, template, podman kube play against the MariaDB container"
CHART=docker/helm/trackway
"$HELM" lint --strict $CHART -f $CHART/ci/podman-values.yaml
"$HELM" lint --strict $CHART --set database.password=x
"$HELM" template ct $CHART --set database.password=x --set artifacts.s3.accessKeyId=k \
  --set artifacts.s3.secretAccessKey=s --set ingress.enabled=true --set autoscaling.enabled=true \
  --set metrics.serviceMonitor.enabled=true > "${TMPDIR:-/tmp}/$P-all.yaml"
kinds=$(grep '^kind:' "${TMPDIR:-/tmp}/$P-all.yaml" | awk '{print $2}' | sort | tr '\n' ' ')
[ "$kinds" = "Deployment HorizontalPodAutoscaler Ingress PodDisruptionBudget Secret Service ServiceMonitor " ] \
  || die "rendered kinds: $kinds"
echo "  ok  rendered: $kinds"
rendered="${TMPDIR:-/tmp}/$P-kube.yaml"
"$HELM" template $P $CHART -f $CHART/ci/podman-values.yaml \
  --set database.host=$P-db --set database.password=$DB_PASSWORD \
  --set artifacts.s3.endpointUrl=http://$P-s3:9000 \
  --set artifacts.s3.accessKeyId=$S3_USER --set artifacts.s3.secretAccessKey=$S3_SECRET \
  --show-only templates/secret.yaml --show-only templates/deployment.yaml > "$rendered"
# podman 4.3 stores a kube Secret as YAML but reads secretKeyRef values from a JSON map of base64
# strings: the rendered Secret becomes such a podman secret, the Deployment is played as rendered
"$PY" - "$rendered" <<'EOF' | podman secret create $P-trackway - >/dev/null
import base64, json, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
secret = next(d for d in docs if d["kind"] == "Secret")
data = {k: base64.b64encode(str(v).encode()).decode() for k, v in secret.get("stringData", {}).items()}
data.update(secret.get("data", {}))
print(json.dumps(data))
EOF
"$PY" - "$rendered" <<'EOF' > "$rendered.deployment"
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
print(yaml.safe_dump(next(d for d in docs if d["kind"] == "Deployment")))
EOF
[ "$(grep -c "name: $P-trackway" "$rendered")" -ge 2 ] || die "the Deployment does not use the chart's Secret"
t=$(date +%s.%N)
podman kube play --network $NET "$rendered.deployment" >/dev/null
ctr=$(podman ps --filter name="^$P-trackway-pod-0-" --format '{{.Names}}' | awk 'NR==1')
[ -n "$ctr" ] || die "kube play started no pod"
until has "$(pget "$ctr" /q/health/ready | awk 'NR==1')" ' 200 '; do
  gt 180 "$(since "$t")" || { podman logs "$ctr" | tail -20; die "the kube-played pod never became ready"; }
  sleep 1
done
FIGURES+=("helm chart pod under podman kube play: ready in $(since "$t")s")
echo "  ok  pod $ctr ready under kube play"
[ "$(podman inspect "$ctr" --format '{{.HostConfig.ReadonlyRootfs}}')" = true ] || die "root file system not read-only"
[ "$(podman exec "$ctr" id -u)" = 1001 ] || die "pod does not run as 1001"
has "$(pget "$ctr" /q/metrics)" '^agroal_active_count\{datasource="mysql"\}' || die "pod metrics lack the mysql pool"
has "$(podman logs "$ctr" 2>&1)" '^\{"timestamp"' || die "logJson=true did not give JSON logs"
echo "  ok  read-only root, uid 1001, JSON logs, password from the Secret, pool metrics"
podman kube down "$rendered.deployment" >/dev/null 2>&1 || true
podman secret rm $P-trackway >/dev/null
rm -f "$rendered" "$rendered.deployment" "${TMPDIR:-/tmp}/$P-all.yaml"
podman rm -f -v -t 0 $P-a $P-b $P-db $P-s3 >/dev/null
podman network rm $NET >/dev/null

# ------------------------------------------------------------------------------------------ compose
step "docker/compose.yaml under podman-compose (local images through its image variables)"
export TRACKWAY_IMAGE=$IMAGE MARIADB_IMAGE=localhost/trackway-test/mariadb:latest
export MINIO_IMAGE=localhost/trackway-test/s3proxy:latest CADDY_IMAGE=localhost/trackway-test/caddy:latest
PORT_C=$(free_port)
export TRACKWAY_PORT=$PORT_C
C=http://127.0.0.1:$PORT_C
compose config >/dev/null
# podman 4.3 cannot start containers whose --requires chain is longer than one link (podman-compose
# turns depends_on into --requires) and podman-compose does not wait for `service_healthy` on
# podman < 4.6: the services start without --requires, in depends_on order, database first
t=$(date +%s.%N)
compose up -d --no-deps mariadb minio minio-init >/dev/null 2>&1
wait_db $P-compose_mariadb_1
compose up -d --no-deps trackway-1 trackway-2 proxy >/dev/null 2>&1
secs=$(wait_code "$C/api/2.0/mlflow/experiments/search?max_results=1" 200 240)
FIGURES+=("compose: team server answering through the proxy ${secs}s after \`up\`")
[ "$(http_code "$C/q/metrics")" = 404 ] || die "the proxy must not expose /q/*"
"$PY" "$DRIVE" scenario "$C"
for r in 1 2; do
  n=$(pget $P-compose_trackway-${r}_1 /q/metrics | awk '/^http_server_requests_seconds_count/ {s += $2} END {print s + 0}')
  [ "${n%.*}" -gt 0 ] || die "replica $r served no request through the proxy"
  echo "  ok  trackway-$r served ${n%.*} requests through the proxy"
done
compose down -v -t 10 >/dev/null 2>&1
