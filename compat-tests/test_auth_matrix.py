"""Access-control permission matrix (issue 12): Trackway against `mlflow server --app-name basic-auth`.

Both servers start with the same basic-auth ini (one pair per default_permission: NO_PERMISSIONS,
then READ) on the backend kind of the run (--backend sqlite|mysql; the auth database is a SQLite
file beside each server, as MLflow's own migrations cannot create it on MariaDB). As the admin, each
server gets the same resources per test user: an experiment with a run (params, metrics, tags, a
dataset input, an artifact), a logged model, a trace (OTLP spans + an assessment), a registered
model with a version and an alias, and a version of a shared "secret" model registered from the
user's run. Every user gets one level on their own experiment and registered model (no grant,
READ, USE, EDIT, MANAGE, DENY; NO_PERMISSIONS is not grantable on a resource, an endpoint checks
that), a few get sub-resource tier grants (run, trace, logged_model, registered_model_version);
then every endpoint of ENDPOINTS is called as each user (and anonymously, and with a wrong
password) against that user's resources, on both servers, in the same order (three phases:
reads, writes, deletes; callers in parallel within a phase). The full list: docs/security.md. Compared: the status code; for 401/403 the error code (JSON) or the
text; for searches, GraphQL and other listings the visible set (names, trace ids, ids mapped to
placeholders). All mismatches are collected and printed, then the list must be empty.

Deliberate differences (docs/security.md) are listed in KNOWN_DIFFERENCES with their reason.
Only runs with --target trackway (it starts both servers itself).
"""

from __future__ import annotations

import hashlib
import json
import os
import string
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
import requests

import servers

pytestmark = pytest.mark.trackway_only

ADMIN = "admin"
ADMIN_PASSWORD = "admin-password-1"
# "none": no grant; NO_PERMISSIONS is not grantable on a resource (MLflow: 400, an endpoint below)
LEVELS = ["none", "READ", "USE", "EDIT", "MANAGE", "DENY"]
PARALLEL = 3  # callers at a time per server
# users with a level on their experiment + registered model and sub-resource tier grants
TIER_USERS = {
    "run-deny": ("MANAGE", [("run", "DENY")]),
    "trace-deny": ("MANAGE", [("trace", "DENY")]),
    "trace-read": ("EDIT", [("trace", "READ"), ("assessment", "READ")]),
    "lm-deny": ("MANAGE", [("logged_model", "DENY")]),
    "mv-deny": ("MANAGE", [("registered_model_version", "DENY")]),
    "rm-read-exp-none": (None, [("registered_model", "READ")]),
}
T0_MS = 1_795_000_000_000


def _user(key: str) -> str:
    return ADMIN if key == ADMIN else f"am-{key.lower()}"


def _password(user: str) -> str:
    return ADMIN_PASSWORD if user == ADMIN else f"{user}-password"


def _hex(seed: str) -> str:
    return hashlib.md5(seed.encode()).hexdigest()


# --------------------------------------------------------------------------- servers


def _ini(workdir: Path, default_permission: str) -> Path:
    ini = workdir / "basic_auth.ini"
    ini.write_text(
        "[mlflow]\n"
        f"default_permission = {default_permission}\n"
        f"database_uri = sqlite:///{workdir / 'basic_auth.db'}\n"
        f"admin_username = {ADMIN}\n"
        f"admin_password = {ADMIN_PASSWORD}\n"
        # MLflow checks scrypt on every request otherwise (0.3 s each)
        "auth_cache_ttl_seconds = 600\n"
    )
    return ini


def _start(pytestconfig, workdir: Path, target: str, default_permission: str):
    backend = pytestconfig.getoption("--backend")
    ini = _ini(workdir, default_permission)
    original = servers.make_backend

    def labelled(kind, wd, label):  # database names of this module: compat_authmatrix_*
        return original(kind, wd, f"authmatrix_{label}")

    servers.make_backend = labelled
    # one uvicorn worker: no supervisor that kills a worker slow to answer its ping on a loaded
    # machine (Flask still serves requests in threads)
    os.environ.setdefault("COMPAT_MLFLOW_WORKERS", "1")
    try:
        return servers.start_server(
            target, backend, workdir,
            jar=Path(pytestconfig.getoption("--jar")), java=pytestconfig.getoption("--java"),
            extra_args=["--app-name", "basic-auth"],
            extra_env={"MLFLOW_AUTH_CONFIG_PATH": str(ini),
                       "MLFLOW_FLASK_SERVER_SECRET_KEY": "compat-tests-secret"},
        )
    finally:
        servers.make_backend = original


# --------------------------------------------------------------------------- one server's state


@dataclass
class Srv:
    name: str
    url: str
    local: threading.local = field(default_factory=threading.local)
    res: dict = field(default_factory=dict)  # user key -> {placeholder: value}
    labels: dict = field(default_factory=dict)  # server id -> placeholder label

    def call(self, method, path, *, user=ADMIN, auth="ok", params=None, json_body=None, data=None,
             headers=None):
        kw = {"timeout": 120, "params": params, "headers": dict(headers or {})}
        if auth == "ok":
            kw["auth"] = (user, _password(user))
        elif auth == "bad":
            kw["auth"] = (user, "wrong-password")
        if json_body is not None:
            kw["json"] = json_body
        if data is not None:
            kw["data"] = data
        if not hasattr(self.local, "http"):
            self.local.http = requests.Session()
        try:
            return self.local.http.request(method, self.url + path, **kw)
        except requests.ConnectionError:  # a worker of the loaded reference server restarted
            time.sleep(2)
            self.local.http = requests.Session()
            return self.local.http.request(method, self.url + path, **kw)

    def admin(self, method, path, **kw):
        r = self.call(method, path, **kw)
        assert r.status_code == 200, f"{self.name} setup {method} {path}: {r.status_code} {r.text[:300]}"
        return r.json() if r.text.strip() and "json" in r.headers.get("Content-Type", "") else {}

    def label(self, value: str, placeholder: str) -> str:
        self.labels[str(value)] = placeholder
        return value


def _otlp(trace_hex: str, name: str) -> bytes:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
    from opentelemetry.proto.trace.v1.trace_pb2 import Span

    req = ExportTraceServiceRequest()
    span = req.resource_spans.add().scope_spans.add().spans.add()
    span.trace_id = bytes.fromhex(trace_hex)
    span.span_id = bytes.fromhex(trace_hex[:16])
    span.name = name
    span.kind = Span.SPAN_KIND_CLIENT
    span.start_time_unix_nano = T0_MS * 1_000_000
    span.end_time_unix_nano = T0_MS * 1_000_000 + 5_000_000
    return req.SerializeToString()


def _grant(s: Srv, username: str, resource_type: str, resource_id: str, permission: str):
    s.admin("POST", "/api/3.0/mlflow/users/permissions/grant", json_body={
        "username": username, "resource_type": resource_type, "resource_id": resource_id,
        "permission": permission})


def _setup(s: Srv, keys: list[str]) -> None:
    """Users, resources and grants (as the admin), identical on both servers but for ids."""
    api = "/api/2.0/mlflow"
    s.admin("POST", f"{api}/registered-models/create", json_body={"name": "am-secret"})
    with ThreadPoolExecutor(PARALLEL) as pool:
        list(pool.map(lambda k: _setup_key(s, k), keys))
    for key in keys:  # in order: the version numbers are compared
        r = s.res[key]
        r["secret_version"] = s.admin("POST", f"{api}/model-versions/create", json_body={
            "name": "am-secret", "source": f"runs:/{r['run']}/model", "run_id": r["run"]})["model_version"]["version"]


def _setup_key(s: Srv, key: str) -> None:
    api = "/api/2.0/mlflow"
    if True:
        user = _user(key)
        if user != ADMIN:
            s.admin("POST", f"{api}/users/create", json_body={"username": user, "password": _password(user)})
        exp = s.admin("POST", f"{api}/experiments/create", json_body={"name": f"am-exp-{key}"})["experiment_id"]
        s.label(exp, f"<exp:{key}>")
        run = s.admin("POST", f"{api}/runs/create", json_body={
            "experiment_id": exp, "run_name": f"am-run-{key}", "start_time": T0_MS})["run"]["info"]["run_id"]
        s.label(run, f"<run:{key}>")
        s.admin("POST", f"{api}/runs/log-batch", json_body={
            "run_id": run, "params": [{"key": "p", "value": "1"}],
            "metrics": [{"key": "m", "value": 1.5, "timestamp": T0_MS, "step": 0}],
            "tags": [{"key": "t", "value": "v"}]})
        s.admin("POST", f"{api}/runs/log-inputs", json_body={"run_id": run, "datasets": [{"dataset": {
            "name": f"am-ds-{key}", "digest": "d1", "source_type": "local", "source": "{}"}}]})
        art = f"{exp}/{run}/artifacts"
        s.admin("PUT", f"/api/2.0/mlflow-artifacts/artifacts/{art}/a.txt", data=b"hello")
        s.admin("PUT", f"/api/2.0/mlflow-artifacts/artifacts/{art}/model/MLmodel", data=b"artifact_path: model\n")
        lm = s.admin("POST", f"{api}/logged-models", json_body={
            "experiment_id": exp, "name": f"am-lm-{key}", "source_run_id": run})["model"]["info"]["model_id"]
        s.label(lm, f"<lm:{key}>")
        model = f"am-model-{key}"
        s.admin("POST", f"{api}/registered-models/create", json_body={"name": model})
        source = f"runs:/{run}/model"
        s.admin("POST", f"{api}/model-versions/create", json_body={"name": model, "source": source, "run_id": run})
        s.admin("POST", f"{api}/registered-models/alias", json_body={"name": model, "alias": "champion", "version": "1"})
        s.admin("POST", f"{api}/model-versions/set-tag", json_body={"name": model, "version": "1", "key": "k", "value": "v"})
        trace_hex = _hex(f"trace-{key}")
        s.admin("POST", "/v1/traces", data=_otlp(trace_hex, f"am-trace-{key}"),
                headers={"Content-Type": "application/x-protobuf", "x-mlflow-experiment-id": exp})
        trace = f"tr-{trace_hex}"
        aid = s.admin("POST", f"/api/3.0/mlflow/traces/{trace}/assessments", json_body={"assessment": {
            "assessment_name": "quality", "source": {"source_type": "HUMAN", "source_id": "admin"},
            "feedback": {"value": 0.5}}})["assessment"]["assessment_id"]
        s.label(aid, f"<assessment:{key}>")
        s.res[key] = {
            "user": user, "exp": exp, "exp_name": f"am-exp-{key}", "run": run, "art": art, "lm": lm,
            "model": model, "trace": trace, "trace_hex": trace_hex,
            "assessment": aid, "key": key.lower(),
            "new_trace": f"tr-{_hex('start-' + key)}", "otlp_hex": _hex(f"otlp-{key}"),
        }
        level, tiers = _grants_of(key)
        if level not in (None, "none") and user != ADMIN:
            _grant(s, user, "experiment", exp, level)
            _grant(s, user, "registered_model", model, level)
        for resource_type, permission in tiers:
            _grant(s, user, resource_type, model if resource_type == "registered_model" else "*", permission)


def _grants_of(key: str):
    if key in TIER_USERS:
        return TIER_USERS[key]
    return (None if key == ADMIN else key), []


# --------------------------------------------------------------------------- the endpoint table


@dataclass
class Ep:
    label: str
    method: str
    path: str
    params: dict | None = None
    body: object = None
    raw: Callable | None = None  # R -> (bytes, headers)
    view: Callable | None = None  # (json, Srv) -> comparable
    ajax: bool = False  # also call it under /ajax-api


def _fill(obj, r: dict):
    if isinstance(obj, str):
        return string.Template(obj).safe_substitute(r)
    if isinstance(obj, dict):
        return {k: _fill(v, r) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_fill(v, r) for v in obj]
    return obj


def _names(key, field_name="name", prefix="am-"):
    def view(body, s):
        return sorted(x.get(field_name) for x in body.get(key, []) if str(x.get(field_name, "")).startswith(prefix))
    return view


def _run_names(body, s):
    return sorted(r["info"].get("run_name") for r in body.get("runs", []))


def _lm_names(body, s):
    return sorted(m["info"]["name"] for m in body.get("models", []))


def _versions(body, s):
    return sorted((v["name"], v["version"]) for v in body.get("model_versions", []))


def _trace_ids(key, id_field):
    def view(body, s):
        out = []
        for t in body.get(key, []):
            info = t.get("trace_info", t)
            out.append(info.get(id_field))
        return sorted(out)
    return view


def _normalized(body, s: Srv, key=None):
    """The whole answer with server-chosen ids replaced by their placeholders."""
    if isinstance(body, dict):
        return {k: _normalized(v, s, k) for k, v in sorted(body.items())
                if k not in ("creation_timestamp", "last_updated_timestamp", "creationTimestamp",
                             "lastUpdatedTimestamp", "lastUpdateTime", "creationTime")}
    if isinstance(body, list):
        return [_normalized(v, s, key) for v in body]
    if isinstance(body, str):
        if body in s.labels and (len(body) >= 8 or key in ("experiment_id", "experimentId")):
            return s.labels[body]
        for real, ph in s.labels.items():
            if len(real) >= 8 and real in body:
                body = body.replace(real, ph)
        return body
    return body


def _present(*paths):
    """Which of these fields an answer carries (MLflow withholds some for denied tiers)."""
    def view(body, s):
        out = {}
        for path in paths:
            node = body
            for part in path.split("."):
                if isinstance(node, list):
                    node = node[0] if node else None
                node = node.get(part) if isinstance(node, dict) else None
            out[path] = bool(node)
        return out
    return view


def _gql_ep(label: str, field_query: str, ajax: bool = False) -> "Ep":
    """A GraphQL query of the UI's kind: `query { <field_query> }`, the answer compared whole."""
    return Ep(f"graphql {label}", "POST", "/graphql", ajax=ajax, view=_normalized,
              body={"query": "query { " + field_query + " }", "operationName": None, "variables": {}})


A2, A3 = "/api/2.0/mlflow", "/api/3.0/mlflow"
ART = "/api/2.0/mlflow-artifacts"
LOC = [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": "${exp}"}}]
PB = {"Content-Type": "application/x-protobuf"}

READS: list[Ep] = [
    Ep("get experiment", "GET", f"{A2}/experiments/get", {"experiment_id": "${exp}"}, ajax=True),
    Ep("get experiment by name", "GET", f"{A2}/experiments/get-by-name", {"experiment_name": "${exp_name}"}),
    Ep("search experiments", "POST", f"{A2}/experiments/search", body={"max_results": 1000},
       view=_names("experiments"), ajax=True),
    Ep("search experiments GET", "GET", f"{A2}/experiments/search", {"max_results": "1000"},
       view=_names("experiments")),
    Ep("get run", "GET", f"{A2}/runs/get", {"run_id": "${run}"}, ajax=True,
       view=_present("run.info.run_id", "run.data.params", "run.inputs.dataset_inputs")),
    Ep("search runs", "POST", f"{A2}/runs/search", body={"experiment_ids": ["${exp}"]}, view=_run_names,
       ajax=True),
    Ep("search runs (all am- experiments)", "POST", f"{A2}/runs/search",
       body=lambda r: {"experiment_ids": r["all_exps"]}, view=_run_names),
    Ep("metric history", "GET", f"{A2}/metrics/get-history", {"run_id": "${run}", "metric_key": "m"}, ajax=True),
    Ep("metric history bulk interval", "GET", "/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval",
       {"run_ids": "${run}", "metric_key": "m", "max_results": "10"}),
    Ep("list artifacts", "GET", f"{A2}/artifacts/list", {"run_id": "${run}"}, ajax=True),
    Ep("get-artifact", "GET", "/get-artifact", {"run_uuid": "${run}", "path": "a.txt"}),
    Ep("proxy list artifacts", "GET", f"{ART}/artifacts", {"path": "${art}"}, ajax=True),
    Ep("proxy download artifact", "GET", f"{ART}/artifacts/${{art}}/a.txt", ajax=True),
    Ep("search datasets", "POST", "/ajax-api/2.0/mlflow/experiments/search-datasets",
       body={"experiment_ids": ["${exp}"]}),
    Ep("get logged model", "GET", f"{A2}/logged-models/${{lm}}", ajax=True,
       view=_present("model.info.model_id", "model.info.source_run_id")),
    Ep("search logged models", "POST", f"{A2}/logged-models/search", body={"experiment_ids": ["${exp}"]},
       view=_lm_names, ajax=True),
    Ep("logged model artifact directories", "GET", f"{A2}/logged-models/${{lm}}/artifacts/directories"),
    Ep("get registered model", "GET", f"{A2}/registered-models/get", {"name": "${model}"}, ajax=True,
       view=_present("registered_model.latest_versions", "registered_model.latest_versions.run_id")),
    Ep("search registered models", "GET", f"{A2}/registered-models/search", {"max_results": "1000"},
       view=_names("registered_models"), ajax=True),
    Ep("latest versions GET", "GET", f"{A2}/registered-models/get-latest-versions", {"name": "${model}"}),
    Ep("latest versions POST", "POST", f"{A2}/registered-models/get-latest-versions", body={"name": "${model}"}),
    Ep("get alias", "GET", f"{A2}/registered-models/alias", {"name": "${model}", "alias": "champion"}),
    Ep("get model version", "GET", f"{A2}/model-versions/get", {"name": "${model}", "version": "1"}, ajax=True,
       view=_present("model_version.version", "model_version.run_id")),
    Ep("secret model version", "GET", f"{A2}/model-versions/get", {"name": "am-secret", "version": "${secret_version}"}),
    Ep("model version download uri", "GET", f"{A2}/model-versions/get-download-uri", {"name": "${model}", "version": "1"}),
    Ep("model version artifact", "GET", "/model-versions/get-artifact",
       {"name": "${model}", "version": "1", "path": "MLmodel"}),
    Ep("search model versions", "GET", f"{A2}/model-versions/search", {"filter": "name='${model}'"},
       view=_versions, ajax=True),
    Ep("search model versions by run", "GET", f"{A2}/model-versions/search", {"filter": "run_id='${run}'"},
       view=_versions),
    Ep("search all model versions", "GET", f"{A2}/model-versions/search", {"max_results": "1000"},
       view=_versions),
    Ep("get trace v3", "GET", f"{A3}/traces/${{trace}}", ajax=True,
       view=_present("trace.trace_info.trace_id", "trace.trace_info.assessments")),
    Ep("get trace v3 (get)", "GET", f"{A3}/traces/get", {"trace_id": "${trace}"}),
    Ep("trace info v2", "GET", f"{A2}/traces/${{trace}}/info"),
    Ep("search traces v3", "POST", f"{A3}/traces/search", body={"locations": LOC, "max_results": 100},
       view=_trace_ids("traces", "trace_id"), ajax=True),
    Ep("search traces v2", "GET", f"{A2}/traces", {"experiment_ids": "${exp}"},
       view=_trace_ids("traces", "request_id")),
    Ep("batch get traces", "GET", f"{A3}/traces/batchGet", {"trace_ids": "${trace}"},
       view=_trace_ids("traces", "trace_id")),
    Ep("batch get trace infos", "POST", f"{A3}/traces/batchGetInfos", body={"trace_ids": ["${trace}"]},
       view=_trace_ids("trace_infos", "trace_id")),
    Ep("batch get a foreign trace", "GET", f"{A3}/traces/batchGet", {"trace_ids": ["${trace}", "${foreign_trace}"]},
       view=_trace_ids("traces", "trace_id")),
    Ep("batch get foreign trace infos", "POST", f"{A3}/traces/batchGetInfos",
       body={"trace_ids": ["${foreign_trace}", "${trace}"]}, view=_trace_ids("trace_infos", "trace_id")),
    Ep("get a foreign trace", "GET", f"{A3}/traces/${{foreign_trace}}"),
    Ep("get a foreign experiment", "GET", f"{A2}/experiments/get", {"experiment_id": "${foreign_exp}"}),
    Ep("trace metrics", "POST", f"{A3}/traces/metrics", body={
        "experiment_ids": ["${exp}"], "view_type": "TRACES", "metric_name": "trace_count",
        "aggregations": [{"aggregation_type": "COUNT"}]}),
    Ep("trace artifact", "GET", "/ajax-api/3.0/mlflow/get-trace-artifact", {"request_id": "${trace}"}),
    Ep("get assessment", "GET", f"{A3}/traces/${{trace}}/assessments/${{assessment}}"),
    # ---- GraphQL (the UI's fields)
    _gql_ep("get experiment", 'mlflowGetExperiment(input: {experimentId: "${exp}"}) '
                              '{ experiment { experimentId name } }', ajax=True),
    _gql_ep("get run + modelVersions", 'mlflowGetRun(input: {runId: "${run}"}) { run { info { runUuid '
                                       'experimentId } data { params { key value } } modelVersions { name version } } }'),
    _gql_ep("search runs + modelVersions", 'mlflowSearchRuns(input: {experimentIds: ["${exp}"]}) '
                                           '{ runs { info { runUuid runName } modelVersions { name version } } }'),
    _gql_ep("list artifacts", 'mlflowListArtifacts(input: {runId: "${run}"}) { files { path isDir } }'),
    _gql_ep("metric history bulk", 'mlflowGetMetricHistoryBulkInterval(input: {runIds: ["${run}"], '
                                   'metricKey: "m"}) { metrics { key value step } }'),
    _gql_ep("search model versions", 'mlflowSearchModelVersions(input: {filter: "run_id=\'${run}\'"}) '
                                     '{ modelVersions { name version } }'),
    # the users / permissions API
    Ep("current user", "GET", f"{A2}/users/current"),
    Ep("get own user", "GET", f"{A2}/users/get", {"username": "${user}"}),
    Ep("get admin user", "GET", f"{A2}/users/get", {"username": ADMIN}),
    Ep("own permission", "GET", f"{A3}/users/permissions/get",
       {"username": "${user}", "resource_type": "experiment", "resource_id": "${exp}"}),
    Ep("list own permissions", "GET", f"{A3}/users/permissions/list", {"username": "${user}"}),
]

WRITES: list[Ep] = [
    Ep("grant another user", "POST", f"{A3}/users/permissions/grant", body={
        "username": "am-none", "resource_type": "experiment", "resource_id": "${exp}", "permission": "READ"}),
    Ep("revoke another user", "POST", f"{A3}/users/permissions/revoke", body={
        "username": "am-none", "resource_type": "experiment", "resource_id": "${exp}"}),
    Ep("grant NO_PERMISSIONS", "POST", f"{A3}/users/permissions/grant", body={
        "username": "am-none", "resource_type": "experiment", "resource_id": "${exp}",
        "permission": "NO_PERMISSIONS"}),
    Ep("set experiment tag", "POST", f"{A2}/experiments/set-experiment-tag",
       body={"experiment_id": "${exp}", "key": "k", "value": "v"}, ajax=True),
    Ep("delete experiment tag", "POST", f"{A2}/experiments/delete-experiment-tag",
       body={"experiment_id": "${exp}", "key": "k"}),
    Ep("rename experiment", "POST", f"{A2}/experiments/update",
       body={"experiment_id": "${exp}", "new_name": "${exp_name}-renamed"}),
    Ep("rename experiment back", "POST", f"{A2}/experiments/update",
       body={"experiment_id": "${exp}", "new_name": "${exp_name}"}),
    Ep("create experiment", "POST", f"{A2}/experiments/create", body={"name": "am-created-${key}"}),
    Ep("create run", "POST", f"{A2}/runs/create", body={"experiment_id": "${exp}", "run_name": "created"}),
    Ep("update run", "POST", f"{A2}/runs/update", body={"run_id": "${run}", "status": "RUNNING"}),
    Ep("set run tag", "POST", f"{A2}/runs/set-tag", body={"run_id": "${run}", "key": "k", "value": "v"}, ajax=True),
    Ep("delete run tag", "POST", f"{A2}/runs/delete-tag", body={"run_id": "${run}", "key": "k"}),
    Ep("log param", "POST", f"{A2}/runs/log-parameter", body={"run_id": "${run}", "key": "p2", "value": "x"}),
    Ep("log metric", "POST", f"{A2}/runs/log-metric",
       body={"run_id": "${run}", "key": "m", "value": 2.0, "timestamp": T0_MS, "step": 1}),
    Ep("log batch", "POST", f"{A2}/runs/log-batch",
       body={"run_id": "${run}", "metrics": [{"key": "m2", "value": 1, "timestamp": T0_MS, "step": 0}]}),
    Ep("log batch with model id", "POST", f"{A2}/runs/log-batch",
       body={"run_id": "${run}", "metrics": [{"key": "m3", "value": 1, "timestamp": T0_MS, "step": 0,
                                              "model_id": "${lm}"}]}),
    Ep("log inputs", "POST", f"{A2}/runs/log-inputs", body={"run_id": "${run}", "datasets": [{"dataset": {
        "name": "ds2", "digest": "d2", "source_type": "local", "source": "{}"}}]}),
    Ep("log outputs", "POST", f"{A2}/runs/outputs", body={"run_id": "${run}", "models": [{"model_id": "${lm}", "step": 0}]}),
    Ep("proxy upload artifact", "PUT", f"{ART}/artifacts/${{art}}/b.txt", raw=lambda r: (b"data", {}), ajax=True),
    Ep("proxy delete artifact", "DELETE", f"{ART}/artifacts/${{art}}/b.txt"),
    Ep("create logged model", "POST", f"{A2}/logged-models", body={"experiment_id": "${exp}", "name": "created"}),
    Ep("finalize logged model", "PATCH", f"{A2}/logged-models/${{lm}}",
       body={"model_id": "${lm}", "status": "LOGGED_MODEL_READY"}),
    Ep("set logged model tags", "PATCH", f"{A2}/logged-models/${{lm}}/tags",
       body={"tags": [{"key": "k", "value": "v"}]}),
    Ep("log logged model params", "POST", f"{A2}/logged-models/${{lm}}/params",
       body={"params": [{"key": "lp", "value": "1"}]}),
    Ep("delete logged model tag", "DELETE", f"{A2}/logged-models/${{lm}}/tags/k"),
    Ep("create registered model", "POST", f"{A2}/registered-models/create", body={"name": "am-created-${key}"}),
    Ep("update registered model", "PATCH", f"{A2}/registered-models/update",
       body={"name": "${model}", "description": "d"}, ajax=True),
    Ep("set registered model tag", "POST", f"{A2}/registered-models/set-tag",
       body={"name": "${model}", "key": "k", "value": "v"}),
    Ep("delete registered model tag", "DELETE", f"{A2}/registered-models/delete-tag",
       body={"name": "${model}", "key": "k"}),
    Ep("create model version", "POST", f"{A2}/model-versions/create",
       body={"name": "${model}", "source": "runs:/${run}/model", "run_id": "${run}"}),
    Ep("update model version", "PATCH", f"{A2}/model-versions/update",
       body={"name": "${model}", "version": "1", "description": "d"}),
    Ep("set model version tag", "POST", f"{A2}/model-versions/set-tag",
       body={"name": "${model}", "version": "1", "key": "k2", "value": "v"}),
    Ep("transition stage", "POST", f"{A2}/model-versions/transition-stage",
       body={"name": "${model}", "version": "1", "stage": "Staging", "archive_existing_versions": False}),
    Ep("set alias", "POST", f"{A2}/registered-models/alias",
       body={"name": "${model}", "alias": "other", "version": "1"}),
    Ep("rename registered model", "POST", f"{A2}/registered-models/rename",
       body={"name": "${model}", "new_name": "${model}-renamed"}),
    Ep("rename registered model back", "POST", f"{A2}/registered-models/rename",
       body={"name": "${model}-renamed", "new_name": "${model}"}),
    Ep("start trace v3", "POST", f"{A3}/traces", body={"trace": {"trace_info": {
        "trace_id": "${new_trace}", "trace_location": LOC[0], "request_time": "2026-11-18T11:06:40Z",
        "execution_duration": "0.050s", "state": "OK"}}}),
    Ep("otlp export", "POST", "/v1/traces",
       raw=lambda r: (_otlp(r["otlp_hex"], "user-span"), {**PB, "x-mlflow-experiment-id": r["exp"]})),
    Ep("otlp export without experiment header", "POST", "/v1/traces",
       raw=lambda r: (_otlp(_hex("noexp" + r["key"]), "user-span"), PB)),
    Ep("set trace tag v3", "PATCH", f"{A3}/traces/${{trace}}/tags", body={"key": "k", "value": "v"}),
    Ep("delete trace tag v3", "DELETE", f"{A3}/traces/${{trace}}/tags", body={"key": "k"}),
    Ep("set trace tag v2", "PATCH", f"{A2}/traces/${{trace}}/tags", body={"key": "k", "value": "v"}),
    Ep("delete trace tag v2", "DELETE", f"{A2}/traces/${{trace}}/tags", body={"key": "k"}),
    Ep("create assessment", "POST", f"{A3}/traces/${{trace}}/assessments", body={"assessment": {
        "assessment_name": "user", "source": {"source_type": "HUMAN", "source_id": "u"},
        "feedback": {"value": 1}}}),
    Ep("update assessment", "PATCH", f"{A3}/traces/${{trace}}/assessments/${{assessment}}",
       body={"assessment": {"feedback": {"value": 0.9}}, "update_mask": "feedback"}),
    Ep("link trace to run", "POST", f"{A2}/traces/link-to-run", body={"trace_ids": ["${trace}"], "run_id": "${run}"}),
]

# last: the user's resources are gone afterwards where allowed
DELETES: list[Ep] = [
    Ep("get run after writes", "GET", f"{A2}/runs/get", {"run_id": "${run}"},
       view=_present("run.outputs.model_outputs", "run.data.metrics.model_id", "run.data.params")),
    Ep("metric history with model id", "GET", f"{A2}/metrics/get-history", {"run_id": "${run}", "metric_key": "m3"},
       view=_present("metrics.model_id", "metrics.key")),
    Ep("get model version after writes", "GET", f"{A2}/model-versions/get", {"name": "${model}", "version": "1"},
       view=_present("model_version.run_id", "model_version.description")),
    Ep("delete assessment", "DELETE", f"{A3}/traces/${{trace}}/assessments/${{assessment}}"),
    Ep("delete traces", "POST", f"{A3}/traces/delete-traces",
       body={"experiment_id": "${exp}", "request_ids": ["${trace}"]}),
    Ep("delete alias", "DELETE", f"{A2}/registered-models/alias", body={"name": "${model}", "alias": "other"}),
    Ep("delete model version tag", "DELETE", f"{A2}/model-versions/delete-tag",
       body={"name": "${model}", "version": "1", "key": "k2"}),
    Ep("delete model version", "DELETE", f"{A2}/model-versions/delete", body={"name": "${model}", "version": "1"}),
    Ep("delete registered model", "DELETE", f"{A2}/registered-models/delete", body={"name": "${model}"}),
    Ep("delete logged model", "DELETE", f"{A2}/logged-models/${{lm}}"),
    Ep("delete run", "POST", f"{A2}/runs/delete", body={"run_id": "${run}"}),
    Ep("restore run", "POST", f"{A2}/runs/restore", body={"run_id": "${run}"}),
    Ep("delete experiment", "POST", f"{A2}/experiments/delete", body={"experiment_id": "${exp}"}),
    Ep("restore experiment", "POST", f"{A2}/experiments/restore", body={"experiment_id": "${exp}"}),
]
PHASES = [READS, WRITES, DELETES]
ENDPOINTS = READS + WRITES + DELETES


def _group(ep: Ep) -> str:
    p = ep.path
    for needle, group in [("/graphql", "gql"), ("/users/", "users"), ("trace", "trace"), ("/v1/", "trace"),
                          ("logged-models", "lm"), ("outputs", "lm"), ("model_id", "lm"),
                          ("model-versions", "mv"), ("registered-models", "rm"), ("artifact", "art"),
                          ("/runs/", "run"), ("/metrics/", "run"), ("/experiments/", "exp")]:
        if needle in p or (needle == "model_id" and "model_id" in repr(ep.body)):
            return group
    raise AssertionError(f"no group for {ep.label}")


# which endpoint groups each caller runs (all when not listed)
GROUPS = {
    "run-deny": {"exp", "run", "art", "gql", "mv", "lm"},
    "trace-deny": {"trace", "exp"},
    "trace-read": {"trace"},
    "lm-deny": {"lm", "run", "exp"},
    "mv-deny": {"mv", "rm", "gql"},
    "rm-read-exp-none": {"rm", "mv", "gql", "run"},
}
# anonymous callers and wrong passwords: the first endpoint of every group
PROBES = {id(next(ep for ep in ENDPOINTS if _group(ep) == g))
          for g in {_group(ep) for ep in ENDPOINTS}}

# (endpoint label, MLflow's status, Trackway's status) -> why the difference is deliberate
KNOWN_DIFFERENCES: dict[tuple[str, int, int], str] = {
    ("model version artifact", 500, 200):
        "MLflow's server cannot read a version whose source resolves to mlflow-artifacts:/ "
        "(it asks for an http tracking URI); Trackway serves it (docs/security.md)",
}


@dataclass
class Answer:
    status: int
    detail: object  # error code / text for 401/403, the view for 200 when the endpoint has one

    def __str__(self):
        return f"{self.status} {json.dumps(self.detail)[:300] if self.detail is not None else ''}".strip()


def _answer(ep: Ep, r: requests.Response, s: Srv) -> Answer:
    try:
        body = r.json() if r.text.strip() else {}
    except ValueError:
        body = None
    if r.status_code in (401, 403):
        if isinstance(body, dict) and "error_code" in body:
            return Answer(r.status_code, body["error_code"])
        return Answer(r.status_code, r.text.strip()[:120])
    if r.status_code == 200 and ep.view is not None and isinstance(body, (dict, list)):
        return Answer(200, ep.view(body, s))
    return Answer(r.status_code, None)


def _calls(ep: Ep):
    yield ep.label, ep.path
    if ep.ajax:
        yield ep.label + " (ajax-api)", ep.path.replace("/api/", "/ajax-api/", 1) if ep.path.startswith("/api/") \
            else "/ajax-api" + ep.path


def _run_phase(s: Srv, caller: str, key: str, auth: str, endpoints: list[Ep]) -> dict:
    out = {}
    r = s.res[key]
    user = _user(key)
    for ep in endpoints:
        if auth != "ok" and id(ep) not in PROBES or caller in GROUPS and _group(ep) not in GROUPS[caller]:
            continue
        for label, path in _calls(ep):
            kw = {"params": _fill(ep.params, r)}
            if ep.raw is not None:
                kw["data"], kw["headers"] = ep.raw(r)
            elif callable(ep.body):
                kw["json_body"] = ep.body(r)
            elif ep.body is not None:
                kw["json_body"] = _fill(ep.body, r)
            resp = s.call(ep.method, _fill(path, r), user=user, auth=auth, **kw)
            out[(caller, label)] = _answer(ep, resp, s)
    return out


def _run_matrix(s: Srv, callers: list[tuple[str, str, str]]) -> dict:
    """callers: (caller label, user key whose resources are used, auth mode). The callers run in
    parallel within a phase (reads, writes, deletes): each touches only its own resources, and
    every search is in the read phase."""
    all_exps = [r["exp"] for r in s.res.values()]
    for r in s.res.values():
        r.update(all_exps=all_exps, foreign_trace=s.res[ADMIN]["trace"], foreign_exp=s.res[ADMIN]["exp"])
    out = {}
    with ThreadPoolExecutor(PARALLEL) as pool:
        for phase in PHASES:
            for part in pool.map(lambda c: _run_phase(s, *c, phase), callers):
                out.update(part)
    return out


KEYS = [ADMIN, *LEVELS, *TIER_USERS]
CALLERS = ([(k if k != ADMIN else "admin", k, "ok") for k in KEYS]
           + [("anonymous", "none", "none"), ("wrong password", "READ", "bad")])


@pytest.fixture(scope="module", params=["NO_PERMISSIONS", "READ"], ids=lambda p: f"default-{p}")
def server_pair(request, pytestconfig, tmp_path_factory):
    if pytestconfig.getoption("--target") != "trackway" or pytestconfig.getoption("--url"):
        pytest.skip("starts Trackway and MLflow itself; run with --target trackway")
    pytest.importorskip("flask_wtf", reason="mlflow server --app-name basic-auth needs Flask-WTF")
    default = request.param
    backend = pytestconfig.getoption("--backend")
    # the temp dirs are made here: tmp_path_factory is not thread-safe
    workdirs = {t: tmp_path_factory.mktemp(f"authmatrix-{t}-{backend}-{default.lower()}")
                for t in ("mlflow", "trackway")}
    procs = []
    try:
        with ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(_start, pytestconfig, workdirs[t], t, default)
                       for t in ("mlflow", "trackway")]
            for f in futures:
                procs.append(f.result())
        yield default, Srv("mlflow", procs[0].url), Srv("trackway", procs[1].url)
    finally:
        for p in procs:
            p.stop()


def test_permission_matrix(server_pair):
    default, ref, tw = server_pair
    t0 = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda s: _setup(s, KEYS), (ref, tw)))
        t1 = time.monotonic()
        expected, actual = pool.map(lambda s: _run_matrix(s, CALLERS), (ref, tw))
    print(f"\nsetup {t1 - t0:.0f} s, matrix {time.monotonic() - t1:.0f} s")
    mismatches, excused = [], []
    for (caller, label), want in expected.items():
        got = actual[(caller, label)]
        if (want.status, want.detail) == (got.status, got.detail):
            continue
        reason = KNOWN_DIFFERENCES.get((label.removesuffix(" (ajax-api)"), want.status, got.status))
        line = f"[default {default}] {caller:16} {label:45} mlflow={want}  trackway={got}"
        (excused if reason else mismatches).append(line + (f"  ({reason})" if reason else ""))
    statuses = {}
    for a in expected.values():
        statuses[a.status] = statuses.get(a.status, 0) + 1
    print(f"\n[default {default}] {len(expected)} calls per server "
          f"({len(CALLERS)} callers x {len(expected) // len(CALLERS)} endpoint calls); MLflow statuses {statuses}")
    for line in excused:
        print("excused:", line)
    for line in mismatches:
        print("MISMATCH:", line)
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)
