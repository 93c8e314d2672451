"""Expected outcomes of registry and logged-model search filters / order_bys, from MLflow itself.

Runs MLflow's own SQLAlchemy stores (the installed mlflow of compat-tests/.venv) on an empty
SQLite database and records, for every case, "OK" or the error (code and message) MLflow
answers. Writes RegistrySearchCases.java next to this file's parent. Run:

    compat-tests/.venv/bin/python src/test/java/dev/trackway/store/jdbc/search/parity/registry_cases.py
"""

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

from mlflow.exceptions import MlflowException  # noqa: E402
from mlflow.store.model_registry.sqlalchemy_store import SqlAlchemyStore as RegistryStore  # noqa: E402
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore as TrackingStore  # noqa: E402

RM_FILTERS = [
    "name = 'a'", "name != 'a'", "name LIKE 'a%'", "name ILIKE 'A%'", "name IN ('a', 'b')",
    "name NOT IN ('a')", "name > 'a'", "name = a", "name = \"a\"", "name = 1", "name = ('a', 'b')",
    "attribute.name = 'a'", "`name` = 'a'", "\"name\" = 'a'", "tags.x = 'a'", "tag.x = 'a'",
    "tags.`a b` = 'x'", "tags.\"a b\" = 'x'", "tags.x LIKE 'a%'", "tags.x ILIKE 'a%'",
    "tags.x != 'a'", "tags.x IN ('a')", "tags.x > 'a'", "tags.x = 1", "tags.x IS NULL",
    "name IS NULL", "params.x = 'a'", "`tags`.x = 'a'", "run_id = 'a'", "name = 'a' AND tags.x = 'b'",
    "name = 'a' OR name = 'b'", "name = 'a'; name = 'b'", "tags.`mlflow.prompt.is_prompt` = 'true'",
    "tags.`mlflow.prompt.is_prompt` != 'true'", "name like 'a%'", "name in ('a')", "name not in ('a')",
    "name = 'a' and tags.x = 'b'", "tags.x = 'a' AND tags.x != 'b'", "name IN ()", "name IN (1, 2)",
    "creation_timestamp > 1", "name",
]
MV_FILTERS = [
    "name = 'a'", "name IN ('a', 'b')", "name NOT IN ('a')", "run_id = 'r'", "run_id IN ('r')",
    "run_id LIKE 'r%'", "source_path = 's'", "source_path LIKE 's%'", "source_path IN ('s')",
    "version_number = 1", "version_number > 1", "version_number = '1'", "version_number = 'x'",
    "version_number = 1.5", "version_number LIKE '1'", "version_number IN ('1')", "name = 1",
    "run_id = 1", "tags.x = 'a'", "tags.x IS NULL", "name IS NULL", "tags.x > 'a'", "tags.x = 1",
    "creation_timestamp > 1", "version = 1", "metrics.x > 1", "name = 'a' AND version_number >= 2",
    "tags.`mlflow.prompt.is_prompt` = 'true'", "version_number != 3", "version_number <= 3",
    "source_path ILIKE 'S%'", "name > 'a'", "version_number = ' 2 '", "version_number = -1",
]
RM_ORDER_BYS = [
    "name", "name ASC", "name DESC", "name asc", "timestamp", "timestamp DESC",
    "last_updated_timestamp", "last_updated_timestamp ASC", "creation_timestamp", "`name` DESC",
    "`name`", "name DESCENDING", "tags.x", "attribute.name", "name ASC DESC", "", "timestamp desc",
]
MV_ORDER_BYS = [
    "name", "name DESC", "version_number", "version_number DESC", "creation_timestamp",
    "last_updated_timestamp DESC", "tags.x", "tags.name", "attribute.name", "attributes.name",
    "run_id", "`version_number` DESC", "name ASC DESC", "",
]
LM_FILTERS = [
    "name = 'm'", "name != 'm'", "name LIKE 'm%'", "name ILIKE 'M%'", "name IN ('a', 'b')",
    "name NOT IN ('a')", "name = m", "model_type = 'sklearn'", "source_run_id = 'r'",
    "status = 'READY'", "status IN ('READY', 'PENDING')", "status = 'BAD'", "status LIKE 'R%'",
    "status IN ('READY', 'BAD')", "creation_time > 0", "creation_timestamp > 0",
    "last_updated_timestamp < 5", "creation_time LIKE 'x'", "metrics.acc > 0.5", "metrics.acc = 1",
    "metrics.acc LIKE 'x'", "params.lr = '0.1'", "params.lr LIKE '0%'", "tags.t = 'x'",
    "tags.`a b` = 'x'", "tag.t = 'x'", "attributes.name = 'm'", "name > 'a'",
    "name = 'a' AND metrics.acc > 1", "name = 'a' OR name = 'b'", "name = 'a'; name = 'b'",
    "model_id = 'm-1'", "experiment_id = '1'", "name like 'a'", "params.lr in ('1')", "name IS NULL",
]
LM_ORDER_BYS = [
    [{"field_name": "name"}], [{"field_name": "name", "ascending": False}],
    [{"field_name": "creation_time"}], [{"field_name": "creation_timestamp"}],
    [{"field_name": "last_updated_timestamp"}], [{"field_name": "model_id"}],
    [{"field_name": "metrics.acc"}], [{"field_name": "metrics.acc", "dataset_name": "d"}],
    [{"field_name": "params.lr"}], [{"field_name": "bogus"}], [{"field_name": "status"}],
]


def outcome(fn):
    try:
        fn()
        return "OK"
    except MlflowException as e:
        return f"{e.error_code}|{e.message}"
    except Exception as e:  # a Python error: MLflow answers 500
        return f"PYTHON|{type(e).__name__}"


def main():
    tmp = Path(tempfile.mkdtemp(prefix="registry-cases-"))
    uri = f"sqlite:///{tmp / 'mlflow.db'}"
    tracking = TrackingStore(uri, (tmp / "artifacts").as_uri())
    registry = RegistryStore(uri)
    exp = tracking.create_experiment("cases")
    rows = []
    for f in RM_FILTERS:
        rows.append(("RM_FILTER", f, outcome(lambda: registry.search_registered_models(filter_string=f))))
    for f in MV_FILTERS:
        rows.append(("MV_FILTER", f, outcome(lambda: registry.search_model_versions(filter_string=f))))
    for o in RM_ORDER_BYS:
        rows.append(("RM_ORDER_BY", o, outcome(lambda: registry.search_registered_models(order_by=[o]))))
    for o in MV_ORDER_BYS:
        rows.append(("MV_ORDER_BY", o, outcome(lambda: registry.search_model_versions(order_by=[o]))))
    for f in LM_FILTERS:
        rows.append(("LM_FILTER", f, outcome(lambda: tracking.search_logged_models([exp], filter_string=f))))
    for o in LM_ORDER_BYS:
        full = [{"field_name": x["field_name"], "ascending": x.get("ascending", True),
                 "dataset_name": x.get("dataset_name"), "dataset_digest": None} for x in o]
        rows.append(("LM_ORDER_BY", json.dumps(o), outcome(lambda: tracking.search_logged_models([exp], order_by=full))))
    out = Path(__file__).resolve().parent.parent / "RegistrySearchCases.java"
    lines = [
        "package dev.trackway.store.jdbc.search;",
        "",
        "import java.util.List;",
        "",
        "/** Generated by parity/registry_cases.py from mlflow's own stores: kind, input, outcome. */",
        "final class RegistrySearchCases {",
        "  private RegistrySearchCases() {}",
        "",
        "  static final List<String[]> CASES =",
        "      List.of(",
    ]
    body = []
    for kind, inp, res in rows:
        body.append("          new String[] {" + ", ".join(json.dumps(x) for x in (kind, inp, res)) + "}")
    lines.append(",\n".join(body) + ");")
    lines.append("}")
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {len(rows)} cases to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
