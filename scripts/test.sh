#!/usr/bin/env bash
# The whole test suite: JUnit/REST Assured tests on SQLite and MariaDB, the Quarkus native build
# steps, then the compat-tests (the stock mlflow client, and the web UI in headless Chromium) against
# the built jar on SQLite and MariaDB, then the benchmark smoke (bench/bench.py --smoke) on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
timings=""
section() {  # records how long the part that just ended took, printed at the end
  timings+="$(printf '%6d s  %s' "$SECONDS" "$1")"$'\n'
  SECONDS=0
}
scripts/mariadb.sh
[ -x compat-tests/.venv/bin/python ] || compat-tests/install-venv.sh
# a venv made before a requirement was added lacks it (playwright: the web UI tests; Flask-WTF:
# MLflow's basic-auth app client in test_auth.py)
compat-tests/.venv/bin/python -c "import playwright, flask_wtf" 2>/dev/null \
  || compat-tests/.venv/bin/pip install -q -r compat-tests/requirements.txt

section "set-up"

echo "== JUnit + REST Assured (SQLite and MariaDB)"
mvn -B -ntp verify
section "JUnit + REST Assured"

if [ "${TRACKWAY_NATIVE_BUILD_FOLLOWS:-0}" = 1 ]; then
  # .ci/run sets it when scripts/native-test.sh builds the real executable after this script
  echo "== Quarkus native build steps: left to the native build that follows (scripts/native-test.sh)"
else
  echo "== Quarkus native build steps (sources only; no GraalVM needed)"
  mvn -B -ntp -q package -Dnative -Dquarkus.native.sources-only=true -DskipTests \
    -Dtrackway.build.dir="$PWD/target/native-sources"
fi

section "native build steps (sources only)"

echo "== compat-tests: the stock mlflow client against the jar (and the web UI in Chromium)"
cd compat-tests
export TRACKWAY_REQUIRE_BROWSER=1  # the browser tests fail instead of skipping without Chromium
status=0
# SQLite and MariaDB side by side (each session starts its own servers on free ports and its own
# database; most of a session is spent waiting on the client and the servers), each into its log,
# printed when both are done. The web UI logged in under access control (test_ui_auth.py's page
# walk) runs on SQLite only, to keep CI within its time: the UI's pages run on both databases in
# test_ui_pages.py, and access control's SQL filtering on both in test_auth_matrix.py and JUnit.
logs=../target/compat-logs
mkdir -p "$logs"
compat() {  # backend, extra pytest arguments
  local b=$1
  shift
  .venv/bin/python -m pytest -q -p no:cacheprovider --durations=15 --backend "$b" \
    --basetemp="/tmp/trackway-compat-$b" "$@" >"$logs/$b.log" 2>&1
}
compat sqlite &
sqlite_pid=$!
compat mysql --deselect test_ui_auth.py::test_page_logged_in &
mysql_pid=$!
wait $sqlite_pid || status=1
wait $mysql_pid || status=1
for b in sqlite mysql; do
  echo "-- compat-tests, backend $b"
  cat "$logs/$b.log"
done
cd ..
section "compat-tests"

echo "== bench smoke: Trackway on SQLite, tiny sizes (numbers printed, no timing asserted; docs/benchmarks.md)"
compat-tests/.venv/bin/python bench/bench.py --smoke --db sqlite || status=1
section "bench smoke"
echo "== time per part"
printf '%s' "$timings"
exit $status
