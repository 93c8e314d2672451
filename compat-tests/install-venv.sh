#!/usr/bin/env bash
# Creates compat-tests/.venv with the pinned MLflow client (the one place its version is pinned).
#
# mlflow 3.18.0 requires mlflow-skinny==3.18.0 and mlflow-tracing==3.18.0, which the
# package registry reachable here does not serve (newest 3.17.2). The full `mlflow`
# wheel contains the entire `mlflow` package (skinny and tracing are subsets of it), so
# we install the dependencies through the 3.17.2 subsets, remove those, and install
# the 3.18.0 wheel without dependencies on top. `python -c "import mlflow;
# print(mlflow.__version__)"` then prints 3.18.0.
set -euo pipefail
MLFLOW_VERSION=3.18.0
SUBSET_VERSION=3.17.2
here="$(cd "$(dirname "$0")" && pwd)"
venv="${VENV:-$here/.venv}"
python3 -m venv "$venv"
pip="$venv/bin/pip"
"$pip" install -q --upgrade pip
if "$pip" install -q "mlflow==$MLFLOW_VERSION" -r "$here/requirements.txt" 2>/dev/null; then
  :
else
  "$pip" install -q "mlflow-skinny==$SUBSET_VERSION" "mlflow-tracing==$SUBSET_VERSION" -r "$here/requirements.txt"
  # the remaining dependencies of the full mlflow wheel
  "$pip" install -q 'Flask-CORS<7' 'Flask<4' 'aiohttp<4,>=3.7.0' 'alembic!=1.10.0,<2' 'cryptography<51,>=43.0.0' \
      'docker<8,>=4.0.0' 'graphene<4' 'gunicorn<27' 'huey<4,>=2.5.4' 'matplotlib<4' 'numpy<3' 'pandas<4' \
      'pyarrow<27,>=4.0.0' 'scikit-learn<2' 'scipy<2' 'skops<1' 'sqlalchemy<3,>=1.4.0'
  "$pip" uninstall -q -y mlflow-skinny mlflow-tracing
  "$pip" install -q --no-deps "mlflow==$MLFLOW_VERSION"
fi
"$venv/bin/python" -c "import mlflow, sys; v = mlflow.__version__; print('mlflow', v); sys.exit(v != '$MLFLOW_VERSION')"
