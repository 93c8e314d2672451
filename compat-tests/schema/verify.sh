#!/usr/bin/env bash
# End-to-end check of Trackway's baseline schema against MLflow's own (see docs/schema.md).
#
#  1. reference databases made by the pinned mlflow's migrations (SQLite file, MySQL/MariaDB db);
#  2. Trackway (the built jar, target/quarkus-app) started on fresh databases, which its
#     SchemaBaseline fills -> compare;
#  3. the same SQL applied with the sqlite3/mariadb command-line clients -> compare;
#  4. Trackway started on a copy of an MLflow-made database -> MLflow's schema untouched, no table
#     added;
#  5. MLflow's own server started on the Trackway-made databases + MLflow client smoke test
#     (and, on MySQL, the case-sensitivity probe).
#
# Environment (defaults fit the dev box: MariaDB on the local socket, root via socket):
#   MYSQL_CLI_OPTS   options for the mariadb client            (-uroot)
#   MYSQL_SOCKET     socket for PyMySQL                        (/run/mysqld/mysqld.sock)
#   MYSQL_JDBC_HOST  host:port for Trackway                    (127.0.0.1:3306)
#   MYSQL_JDBC_USER / MYSQL_JDBC_PASSWORD  a user with all rights on databases named tw_lb_%
#                                                              (tw_schema / tw_schema)
#   JAR              the Trackway build        (target/quarkus-app/quarkus-run.jar; mvn package)
#   SKIP_MYSQL=1     SQLite only
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PY=compat-tests/.venv/bin/python
SCHEMA=compat-tests/schema
MYSQL_CLI_OPTS=${MYSQL_CLI_OPTS:--uroot}
MYSQL_SOCKET=${MYSQL_SOCKET:-/run/mysqld/mysqld.sock}
MYSQL_JDBC_HOST=${MYSQL_JDBC_HOST:-127.0.0.1:3306}
MYSQL_JDBC_USER=${MYSQL_JDBC_USER:-tw_schema}
MYSQL_JDBC_PASSWORD=${MYSQL_JDBC_PASSWORD:-tw_schema}
work=$(mktemp -d /tmp/tw-schema-verify.XXXXXX)
tag=$$
dbs=()
cleanup() {
  for db in "${dbs[@]}"; do mariadb $MYSQL_CLI_OPTS -e "DROP DATABASE IF EXISTS \`$db\`" || true; done
}
trap cleanup EXIT
myuri() { echo "mysql+pymysql://root@localhost/$1?unix_socket=$MYSQL_SOCKET"; }
newdb() { mariadb $MYSQL_CLI_OPTS -e "DROP DATABASE IF EXISTS \`$1\`; CREATE DATABASE \`$1\` CHARACTER SET utf8mb4"; dbs+=("$1"); }
compare() { "$PY" "$SCHEMA/check_schema.py" "$@"; }

JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
[ -f "$JAR" ] || { echo "no $JAR: run mvn -DskipTests package first" >&2; exit 1; }
# starts Trackway on the backend store URI $1 until its first /health 200, then stops it
tw() {
  local port; port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  MLFLOW_BACKEND_STORE_URI="$1" java -Dquarkus.http.port="$port" -jar "$JAR" >"$work/tw.log" 2>&1 &
  local pid=$! i
  for i in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
    kill -0 $pid 2>/dev/null || { cat "$work/tw.log" >&2; echo "Trackway did not start on $1" >&2; exit 1; }
    sleep 0.5
  done
  kill $pid; wait $pid || true
  grep -E "Created MLflow|schema at MLflow revision" "$work/tw.log" || true
}

echo "== MLflow reference databases"
"$PY" "$SCHEMA/check_schema.py" make-ref "sqlite:///$work/ref.db" 2>/dev/null
if [ -z "${SKIP_MYSQL:-}" ]; then
  newdb "tw_lb_ref_$tag"
  "$PY" "$SCHEMA/check_schema.py" make-ref "$(myuri tw_lb_ref_$tag)" 2>/dev/null
fi

echo "== Trackway, fresh databases"
tw "sqlite:///$work/lb.db"
compare sqlite "sqlite:///$work/lb.db" "sqlite:///$work/ref.db"
if [ -z "${SKIP_MYSQL:-}" ]; then
  newdb "tw_lb_fresh_$tag"
  tw "mysql://$MYSQL_JDBC_USER:$MYSQL_JDBC_PASSWORD@$MYSQL_JDBC_HOST/tw_lb_fresh_$tag"
  compare mysql "$(myuri tw_lb_fresh_$tag)" "$(myuri tw_lb_ref_$tag)" --show-intended | tail -n 3
  compare mysql "$(myuri tw_lb_fresh_$tag)" "$(myuri tw_lb_ref_$tag)" >/dev/null
fi

echo "== command-line clients, fresh databases"
"$SCHEMA/apply_with_cli.sh" sqlite "$work/cli.db"
compare sqlite "sqlite:///$work/cli.db" "sqlite:///$work/ref.db"
if [ -z "${SKIP_MYSQL:-}" ]; then
  newdb "tw_lb_cli_$tag"
  "$SCHEMA/apply_with_cli.sh" mysql "tw_lb_cli_$tag" $MYSQL_CLI_OPTS
  compare mysql "$(myuri tw_lb_cli_$tag)" "$(myuri tw_lb_ref_$tag)"
fi

echo "== Trackway on an existing MLflow database (must leave it as it is)"
cp "$work/ref.db" "$work/existing.db"
tw "sqlite:///$work/existing.db"
compare sqlite "sqlite:///$work/existing.db" "sqlite:///$work/ref.db"
[ "$(sqlite3 "$work/existing.db" .schema)" = "$(sqlite3 "$work/ref.db" .schema)" ] || { echo "sqlite: schema changed" >&2; exit 1; }; echo "existing SQLite schema untouched"
if [ -z "${SKIP_MYSQL:-}" ]; then
  newdb "tw_lb_existing_$tag"
  mysqldump $MYSQL_CLI_OPTS "tw_lb_ref_$tag" | mariadb $MYSQL_CLI_OPTS "tw_lb_existing_$tag"
  tw "mysql://$MYSQL_JDBC_USER:$MYSQL_JDBC_PASSWORD@$MYSQL_JDBC_HOST/tw_lb_existing_$tag"
  # an MLflow DB stays an MLflow DB (no table added, no bin collation added)
  mysqldump $MYSQL_CLI_OPTS --no-data --skip-comments "tw_lb_existing_$tag" | grep -v -E "^/\*|Created|DEFINER" > "$work/e.sql"
  mysqldump $MYSQL_CLI_OPTS --no-data --skip-comments "tw_lb_ref_$tag" | grep -v -E "^/\*|Created|DEFINER" > "$work/r.sql"
  diff "$work/r.sql" "$work/e.sql" && echo "existing MySQL schema untouched"
fi

echo "== MLflow server on the Trackway-made databases"
"$PY" "$SCHEMA/mlflow_server_smoke.py" "sqlite:///$work/lb.db" --case-probe 2>/dev/null | grep -E "^(mlflow server|client smoke|case probe)"
if [ -z "${SKIP_MYSQL:-}" ]; then
  "$PY" "$SCHEMA/mlflow_server_smoke.py" "$(myuri tw_lb_fresh_$tag)" --case-probe 2>/dev/null | grep -E "^(mlflow server|client smoke|case probe)"
fi
echo "== all schema checks passed"
rm -rf "$work"
