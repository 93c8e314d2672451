#!/usr/bin/env bash
# The whole test suite: JUnit/REST Assured tests on SQLite and MariaDB, the Quarkus native build
# steps, then the compat-tests (the stock mlflow client) against the built jar on SQLite and MariaDB.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/mariadb.sh
[ -x compat-tests/.venv/bin/python ] || compat-tests/install-venv.sh

echo "== JUnit + REST Assured (SQLite and MariaDB)"
mvn -B -ntp verify

echo "== Quarkus native build steps (sources only; no GraalVM needed)"
mvn -B -ntp -q package -Dnative -Dquarkus.native.sources-only=true -DskipTests \
  -Dtrackway.build.dir="$PWD/target/native-sources"

echo "== compat-tests: the stock mlflow client against the jar"
cd compat-tests
status=0
for backend in sqlite mysql; do
  .venv/bin/python -m pytest -q -p no:cacheprovider --backend "$backend" || status=1
done
exit $status
