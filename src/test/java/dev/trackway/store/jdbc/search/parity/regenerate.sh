#!/bin/sh
# Regenerates ../MlflowParityData.java and ../MlflowGrammarData.java by running MLflow itself
# (its SqlAlchemyStore and SearchUtils) on the inputs of this folder. Expected values are MLflow's
# outputs, not code. Needs the compat-tests venv (mlflow, pymysql) and a scratch MySQL or MariaDB
# database with a case-insensitive collation (ALL its tables are dropped), e.g.
#   MYSQL_URL='mysql+pymysql://user:pw@127.0.0.1:3306/scratch' ./regenerate.sh
# fuzz.py made random_filters.txt (a sample of its output).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PY:-$HERE/../../../../../../../compat-tests/.venv/bin/python}
WORK=$(mktemp -d)
"$PY" "$HERE/gen_parity.py" "sqlite:///$WORK/parity.db" "$WORK/parity_sqlite.json"
"$PY" "$HERE/gen_parity.py" "$MYSQL_URL" "$WORK/parity_mysql.json"
"$PY" "$HERE/pyprobe.py" filter < "$HERE/filters.txt" > "$WORK/filters.out"
"$PY" "$HERE/pyprobe.py" orderby < "$HERE/order_bys.txt" > "$WORK/order_bys.out"
"$PY" "$HERE/pyprobe.py" filter < "$HERE/random_filters.txt" > "$WORK/random_filters.out"
"$PY" "$HERE/gen_java.py" "$WORK" "$HERE/.."
echo "regenerated from $WORK"
