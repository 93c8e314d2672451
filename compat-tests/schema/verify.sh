#!/usr/bin/env bash
# End-to-end check of Trackway's baseline schema against MLflow's own (see docs/schema.md).
#
#  1. reference databases made by the pinned mlflow's migrations (SQLite file, MySQL/MariaDB db);
#  2. Trackway's changelogs applied by Liquibase (LiquibaseRun.java) to fresh databases -> compare;
#  3. the same SQL applied with the sqlite3/mariadb command-line clients -> compare;
#  4. Liquibase on a copy of an MLflow-made database -> changeset MARK_RAN, MLflow's schema untouched;
#  5. MLflow's own server started on the Liquibase-made databases + MLflow client smoke test
#     (and, on MySQL, the case-sensitivity probe).
#
# Environment (defaults fit the dev box: MariaDB on the local socket, root via socket):
#   MYSQL_CLI_OPTS   options for the mariadb client            (-uroot)
#   MYSQL_SOCKET     socket for PyMySQL                        (/run/mysqld/mysqld.sock)
#   MYSQL_JDBC_HOST  host:port for Connector/J                 (127.0.0.1:3306)
#   MYSQL_JDBC_USER / MYSQL_JDBC_PASSWORD  a user with all rights on databases named tw_lb_%
#                                                              (tw_schema / tw_schema)
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

echo "== classpath"
mvn -o -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dtrackway.build.dir="$work/target" >/dev/null
CP="src/main/resources:$(cat "$work/cp.txt")"
lb() { java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" "$SCHEMA/LiquibaseRun.java" "$@" 2>&1 | grep -E "liquibase database|sql_mode|Marking|ran successfully|Running Changeset|ERROR|Exception" || true; }

echo "== MLflow reference databases"
"$PY" "$SCHEMA/check_schema.py" make-ref "sqlite:///$work/ref.db" 2>/dev/null
if [ -z "${SKIP_MYSQL:-}" ]; then
  newdb "tw_lb_ref_$tag"
  "$PY" "$SCHEMA/check_schema.py" make-ref "$(myuri tw_lb_ref_$tag)" 2>/dev/null
fi

echo "== Liquibase, fresh databases"
lb "jdbc:sqlite:$work/lb.db" db/changelog/sqlite.xml
compare sqlite "sqlite:///$work/lb.db" "sqlite:///$work/ref.db"
if [ -z "${SKIP_MYSQL:-}" ]; then
  newdb "tw_lb_fresh_$tag"
  lb "jdbc:mysql://$MYSQL_JDBC_HOST/tw_lb_fresh_$tag" db/changelog/mysql.xml "$MYSQL_JDBC_USER" "$MYSQL_JDBC_PASSWORD"
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

echo "== Liquibase on an existing MLflow database (must only MARK_RAN)"
cp "$work/ref.db" "$work/existing.db"
lb "jdbc:sqlite:$work/existing.db" db/changelog/sqlite.xml
compare sqlite "sqlite:///$work/existing.db" "sqlite:///$work/ref.db"
[ "$(sqlite3 "$work/existing.db" "SELECT EXECTYPE FROM DATABASECHANGELOG")" = MARK_RAN ] || { echo "sqlite: changeset not MARK_RAN" >&2; exit 1; }; echo "sqlite: MARK_RAN"
if [ -z "${SKIP_MYSQL:-}" ]; then
  newdb "tw_lb_existing_$tag"
  mysqldump $MYSQL_CLI_OPTS "tw_lb_ref_$tag" | mariadb $MYSQL_CLI_OPTS "tw_lb_existing_$tag"
  lb "jdbc:mysql://$MYSQL_JDBC_HOST/tw_lb_existing_$tag" db/changelog/mysql.xml "$MYSQL_JDBC_USER" "$MYSQL_JDBC_PASSWORD"
  [ "$(mariadb $MYSQL_CLI_OPTS -N -e "SELECT EXECTYPE FROM \`tw_lb_existing_$tag\`.DATABASECHANGELOG")" = MARK_RAN ] || { echo "mysql: changeset not MARK_RAN" >&2; exit 1; }; echo "mysql: MARK_RAN"
  # compare with itself-as-reference semantics: an MLflow DB stays an MLflow DB (no bin collation added)
  mysqldump $MYSQL_CLI_OPTS --no-data --skip-comments --ignore-table="tw_lb_existing_$tag.DATABASECHANGELOG" \
    --ignore-table="tw_lb_existing_$tag.DATABASECHANGELOGLOCK" "tw_lb_existing_$tag" | grep -v -E "^/\*|Created|DEFINER" > "$work/e.sql"
  mysqldump $MYSQL_CLI_OPTS --no-data --skip-comments "tw_lb_ref_$tag" | grep -v -E "^/\*|Created|DEFINER" > "$work/r.sql"
  diff "$work/r.sql" "$work/e.sql" && echo "existing MySQL schema untouched"
fi

echo "== MLflow server on the Liquibase-made databases"
"$PY" "$SCHEMA/mlflow_server_smoke.py" "sqlite:///$work/lb.db" --case-probe 2>/dev/null | grep -E "^(mlflow server|client smoke|case probe)"
if [ -z "${SKIP_MYSQL:-}" ]; then
  "$PY" "$SCHEMA/mlflow_server_smoke.py" "$(myuri tw_lb_fresh_$tag)" --case-probe 2>/dev/null | grep -E "^(mlflow server|client smoke|case probe)"
fi
echo "== all schema checks passed"
rm -rf "$work"
