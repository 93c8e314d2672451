#!/usr/bin/env bash
# Apply Trackway's baseline SQL with the databases' own command-line clients instead of Trackway's
# SchemaBaseline, in the order of db/schema/<vendor>.list (baseline.sql, trigger files,
# baseline-alembic-version.sql).
#
#   apply_with_cli.sh sqlite /tmp/ours.db                     # file must not exist yet
#   apply_with_cli.sh mysql  tw_ours [mariadb client options] # database must exist and be empty
#
# ARTIFACT_LOCATION overrides the Default experiment's artifact_location (the placeholder
# ${default_experiment_artifact_location}; default mlflow-artifacts:/0).
set -euo pipefail
vendor=${1:?vendor: sqlite or mysql}
target=${2:?sqlite file or mysql database}
shift 2
dir="$(cd "$(dirname "$0")/../.." && pwd)/src/main/resources/db/schema/$vendor"
loc=${ARTIFACT_LOCATION:-mlflow-artifacts:/0}
subst() { sed "s|\${default_experiment_artifact_location}|${loc}|g" "$1"; }

case "$vendor" in
  sqlite)
    [ ! -e "$target" ] || { echo "$target exists" >&2; exit 1; }
    subst "$dir/baseline.sql" | sqlite3 -bail "$target"
    for f in "$dir"/baseline-trigger-*.sql; do sqlite3 -bail "$target" < "$f"; done
    sqlite3 -bail "$target" < "$dir/baseline-alembic-version.sql"
    ;;
  mysql)
    subst "$dir/baseline.sql" | mariadb "$@" "$target"
    # a trigger body contains ';': use another client delimiter, the file ends without one
    for f in "$dir"/baseline-trigger-*.sql; do mariadb --delimiter='$$' "$@" "$target" < "$f"; done
    mariadb "$@" "$target" < "$dir/baseline-alembic-version.sql"
    ;;
  *) echo "unknown vendor $vendor" >&2; exit 2 ;;
esac
echo "applied $vendor baseline to $target"
