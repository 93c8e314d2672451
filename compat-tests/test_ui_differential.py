"""Differential tests of what the web UI calls: `/graphql`, the UI's own routes and the static
files, sent to MLflow's server and to Trackway, answers compared.

Ids and server-chosen timestamps are replaced by placeholders before comparing. GraphQL answers
are compared on `data` and on the resolver and limit messages; the wording of graphql-core's
parser and validator messages is MLflow's library's own, so for those only their number is
compared. Deliberate differences (docs/compatibility.md) are left out and named where they
are: the assistant's providers, server-info's presigned flags, the bodies of 404/405 answers.

Only with --target trackway (the reference is MLflow itself, started by the fixtures).
"""

from __future__ import annotations

import json
import re
import tempfile
import time

import pytest
import requests

from conftest import SESSION_TAG

pytestmark = pytest.mark.trackway_only

GET_EXPERIMENT = (
    "query MlflowGetExperimentQuery($input: MlflowGetExperimentInput!) @component(name: "
    "\"MLflow.ExperimentRunTracking\") { mlflowGetExperiment(input: $input) { apiError { code "
    "message __typename } experiment { artifactLocation creationTime "
    "effectiveTraceArchivalRetention experimentId lastUpdateTime lifecycleStage name tags { key "
    "value __typename } __typename } __typename } }")
RUN_FIELDS = (
    "info { runName status runUuid experimentId artifactUri endTime lifecycleStage startTime "
    "userId __typename } experiment { experimentId name tags { key value __typename } "
    "artifactLocation lifecycleStage lastUpdateTime __typename } modelVersions { status version "
    "name source __typename } data { metrics { key value step timestamp __typename } params { "
    "key value __typename } tags { key value __typename } __typename } inputs { datasetInputs { "
    "dataset { digest name profile schema source sourceType __typename } tags { key value "
    "__typename } __typename } modelInputs { modelId __typename } __typename } outputs { "
    "modelOutputs { modelId step __typename } __typename } __typename")
GET_RUN = (
    "query GetRun($data: MlflowGetRunInput!) @component(name: \"MLflow.ExperimentRunTracking\") "
    "{ mlflowGetRun(input: $data) { apiError { helpUrl code message __typename } run { "
    + RUN_FIELDS + " } __typename } }")

TS_KEYS = {"creationTime", "lastUpdateTime", "startTime", "endTime", "timestamp",
           "creationTimestamp", "lastUpdatedTimestamp", "creation_time_ms",
           "last_update_time_ms", "created_at", "last_updated_at", "created_time",
           "last_update_time"}
ID_PATTERNS = [re.compile(r"\b[0-9a-f]{32}\b"), re.compile(r"\b(rq|ls|d|dr|m)-[0-9a-f]{32}\b")]
T0 = 1_700_000_000_000


class Side:
    """One server's half of a scenario: raw HTTP plus the ids it handed out."""

    def __init__(self, url: str, name: str):
        self.url = url
        self.name = name
        self.http = requests.Session()
        self.ids: dict[str, str] = {}

    def rest(self, method, path, body=None, params=None, **kw):
        r = self.http.request(method, self.url + path, json=body, params=params, timeout=60, **kw)
        return r

    def ok(self, method, path, body=None, params=None):
        r = self.rest(method, path, body, params)
        assert r.status_code == 200, f"{self.name}: {method} {path} -> {r.status_code} {r.text[:300]}"
        return r.json() if r.text.strip() else {}

    def name_id(self, real: str, kind: str) -> str:
        if real not in self.ids:
            n = sum(1 for v in self.ids.values() if v.startswith(f"<{kind}"))
            self.ids[real] = f"<{kind}{n + 1}>"
        return self.ids[real]

    def graphql(self, query, variables=None, op=None):
        body = {"query": query}
        if variables is not None:
            body["variables"] = variables
        if op is not None:
            body["operationName"] = op
        r = self.http.post(self.url + "/graphql", data=json.dumps(body),
                           headers={"Content-Type": "application/json; charset=utf-8"},
                           timeout=60)
        assert r.status_code == 200, f"{self.name}: graphql -> {r.status_code} {r.text[:300]}"
        assert r.headers["Content-Type"].startswith("application/json")
        return r.json()

    def mask(self, obj, key=None):
        if isinstance(obj, dict):
            return {k: self.mask(v, k) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self.mask(v, key) for v in obj]
        if key in TS_KEYS and obj not in (None, 0, "0") and str(obj).isdigit() \
                and int(obj) != T0:
            return "<ts>"
        if isinstance(obj, str):
            if key in ("experimentId", "experiment_id") and obj in self.ids:
                return self.ids[obj]
            s = obj
            for real in sorted(self.ids, key=len, reverse=True):
                if len(real) >= 8:
                    s = s.replace(real, self.ids[real])
                else:  # an experiment id inside an artifact location: mlflow-artifacts:/12/...
                    s = re.sub(rf"(?<=[:/]){re.escape(real)}(?=/|$)", self.ids[real], s)
            for p in ID_PATTERNS:
                s = p.sub("<id>", s)
            return s
        return obj


def _same(label, a, b):
    assert a == b, (f"{label}\n  mlflow:   {json.dumps(a, sort_keys=True)[:3000]}"
                    f"\n  trackway: {json.dumps(b, sort_keys=True)[:3000]}")


def _both(reference_server, server):
    return Side(reference_server.url, "mlflow"), Side(server.url, "trackway")


# --------------------------------------------------------------------------- data


def _log(side: Side, tag: str):
    """An experiment with a tag, a run with metrics, params, tags, a dataset, two artifacts and a
    registered model version; ids named in creation order."""
    exp = side.ok("POST", "/api/2.0/mlflow/experiments/create",
                  {"name": f"ui-diff-{tag}", "tags": [{"key": "k", "value": "v"}]})["experiment_id"]
    side.name_id(exp, "exp")
    run = side.ok("POST", "/api/2.0/mlflow/runs/create",
                  {"experiment_id": exp, "start_time": T0, "run_name": "r1"})["run"]["info"]["run_id"]
    side.name_id(run, "run")
    side.ok("POST", "/api/2.0/mlflow/runs/log-batch", {
        "run_id": run,
        "metrics": [{"key": "loss", "value": 1.0 / (s + 1), "timestamp": T0 + s, "step": s}
                    for s in range(6)]
        + [{"key": "nan", "value": "NaN", "timestamp": T0, "step": 0}],
        "params": [{"key": "C", "value": "0.1"}],
        "tags": [{"key": "team", "value": "ui"}]})
    side.ok("POST", "/api/2.0/mlflow/runs/log-inputs", {"run_id": run, "datasets": [{
        "tags": [{"key": "mlflow.data.context", "value": "training"}],
        "dataset": {"name": "iris", "digest": "abc", "source_type": "local",
                    "source": "{\"uri\": \"iris.csv\"}"}}]})
    for path, data in (("test.txt", b"hello world"), ("testDir/test.txt", b"hello")):
        r = side.rest("POST", "/ajax-api/2.0/mlflow/upload-artifact",
                      params={"run_uuid": run, "path": path}, data=data,
                      headers={"Content-Type": "application/octet-stream"})
        assert r.status_code == 200, (side.name, r.status_code, r.text)
    model = f"ui-diff-model-{tag}"
    side.ok("POST", "/api/2.0/mlflow/registered-models/create", {"name": model})
    side.ok("POST", "/api/2.0/mlflow/model-versions/create",
            {"name": model, "source": f"runs:/{run}/model", "run_id": run})
    return exp, run, model


# --------------------------------------------------------------------------- GraphQL


def test_graphql(reference_server, server):
    ref, tw = _both(reference_server, server)
    tag = f"{SESSION_TAG}-gql"
    data = {s.name: _log(s, tag) for s in (ref, tw)}

    def both(label, make, compare_errors="exact"):
        answers = []
        for side in (ref, tw):
            exp, run, model = data[side.name]
            query, variables, op = make(exp, run, model)
            answers.append((side, side.graphql(query, variables, op)))
        (a_side, a), (b_side, b) = answers
        _same(label + " data", a_side.mask(a["data"]), b_side.mask(b["data"]))
        ea, eb = a.get("errors") or [], b.get("errors") or []
        if compare_errors == "exact":
            _same(label + " errors", [a_side.mask(e) for e in ea], [b_side.mask(e) for e in eb])
        else:
            _same(label + " error count", len(ea), len(eb))

    both("GetExperiment", lambda e, r, m: (GET_EXPERIMENT, {"input": {"experimentId": e}},
                                            "MlflowGetExperimentQuery"))
    both("GetRun", lambda e, r, m: (GET_RUN, {"data": {"runId": r}}, "GetRun"))
    for op in ("query", "mutation"):
        both(f"SearchRuns ({op})", lambda e, r, m, op=op: (
            op + " SearchRuns($data: MlflowSearchRunsInput!) { mlflowSearchRuns(input: $data) { "
            "apiError { helpUrl code message } nextPageToken runs { " + RUN_FIELDS + " } } }",
            {"data": {"experimentIds": [e], "filter": "params.C = '0.1'"}}, None))
    both("GetMetricHistoryBulkInterval", lambda e, r, m: (
        "query GetMetricHistoryBulkInterval($data: MlflowGetMetricHistoryBulkIntervalInput!) "
        "@component(name: \"MLflow.ExperimentRunTracking\") { "
        "mlflowGetMetricHistoryBulkInterval(input: $data) { __typename metrics { timestamp step "
        "runId key value } apiError { code message } } }",
        {"data": {"runIds": [r], "metricKey": "loss", "maxResults": 2, "startStep": 1,
                  "endStep": 3}}, "GetMetricHistoryBulkInterval"))
    both("bulk interval of a NaN metric", lambda e, r, m: (
        "{ mlflowGetMetricHistoryBulkInterval(input: {runIds: [\"%s\"], metricKey: \"nan\"}) {"
        " metrics { step value } } }" % r, None, None))
    both("ListArtifacts", lambda e, r, m: (
        "fragment F on MlflowListArtifactsResponse { rootUri nextPageToken files { path isDir "
        "fileSize } } query { root: mlflowListArtifacts(input: {runId: \"%s\"}) { ...F } "
        "sub: mlflowListArtifacts(input: {runUuid: \"%s\", path: \"testDir\"}) { ...F } }"
        % (r, r), None, None))
    both("SearchModelVersions", lambda e, r, m: (
        "query Q($m: LongString) { mlflowSearchModelVersions(input: {filter: \"name='%s'\", "
        "maxResults: $m}) { nextPageToken modelVersions { name version creationTimestamp "
        "lastUpdatedTimestamp userId currentStage description source runId status "
        "statusMessage tags { key value } runLink aliases modelId modelParams { name value } "
        "modelMetrics { key } deploymentJobState { jobId runId currentTaskName } } } }" % m,
        {"m": "10"}, None))
    both("unset deployment job state", lambda e, r, m: (
        "{ mlflowSearchModelVersions(input: {filter: \"name='%s'\"}) { modelVersions { "
        "deploymentJobState { jobState runState } } } }" % m, None, None))
    both("SearchDatasets", lambda e, r, m: (
        "mutation { mlflowSearchDatasets(input: {experimentIds: [\"%s\"]}) { datasetSummaries {"
        " experimentId name digest context } apiError { code } } }" % e, None, None))
    both("test", lambda e, r, m: ("{ test(inputString: \"x\") { output __typename } }",
                                  None, None))
    both("testMutation", lambda e, r, m: ("mutation { testMutation(inputString: \"x\") { output"
                                          " } }", None, None))
    # resolver errors: MLflow's messages
    both("unknown run", lambda e, r, m: (GET_RUN, {"data": {"runId": "doesnotexist"}}, "GetRun"))
    both("unknown experiment", lambda e, r, m: (
        GET_EXPERIMENT, {"input": {"experimentId": "999999"}}, "MlflowGetExperimentQuery"))
    both("invalid experiment id", lambda e, r, m: (
        GET_EXPERIMENT, {"input": {"experimentId": "abc"}}, "MlflowGetExperimentQuery"))
    both("empty experiment id", lambda e, r, m: (
        "{ mlflowGetExperiment(input: {}) { experiment { name } } }", None, None))
    both("search datasets without experiments", lambda e, r, m: (
        "mutation { mlflowSearchDatasets(input: {experimentIds: []}) { datasetSummaries { name }"
        " } }", None, None))
    # limits: MLflow's messages
    deep = "{ test(inputString: \"x\") " + "{ output " * 10 + "}" * 10 + " }"
    both("depth", lambda e, r, m: (deep, None, None))
    roots = "{ " + " ".join(f"t{i}: test(inputString: \"x\") {{ output }}" for i in range(11)) + " }"
    both("root fields", lambda e, r, m: (roots, None, None))
    aliases = "{ test(inputString: \"x\") { " + " ".join(f"o{i}: output" for i in range(11)) + " } }"
    both("aliases", lambda e, r, m: (aliases, None, None))
    # parser/validator wording is graphql-core's on MLflow: the number of errors
    for label, q in (("unknown field", "{ nope }"),
                     ("unknown directive", "query Q @foo { test(inputString: \"x\") { output } }"),
                     ("missing variable", "query Q($input: MlflowGetExperimentInput!) { "
                                          "mlflowGetExperiment(input: $input) { experiment { "
                                          "name } } }"),
                     ("no input", "{ mlflowGetExperiment { experiment { name } } }")):
        both(label, lambda e, r, m, q=q: (q, None, None), compare_errors="count")


# --------------------------------------------------------------------------- UI routes


def _retry_500(side: Side, method, path, **kw):
    """MLflow's assistant routes answer 500 now and then right after start (an import race in
    its auth module); Trackway must answer at once."""
    for _ in range(8 if side.name == "mlflow" else 1):
        r = side.rest(method, path, **kw)
        if r.status_code != 500:
            return r
        time.sleep(1)
    return r


def test_ui_routes(reference_server, server):
    ref, tw = _both(reference_server, server)
    tag = f"{SESSION_TAG}-routes"
    exps = {}
    for side in (ref, tw):
        exps[side.name] = side.ok("POST", "/api/2.0/mlflow/experiments/create",
                                  {"name": f"ui-routes-{tag}"})["experiment_id"]
        side.name_id(exps[side.name], "exp")

    def both(label, method, path, body=None, params=None, compare="json", keys=None):
        out = []
        for side in (ref, tw):
            p = path.replace("{exp}", exps[side.name])
            b = json.loads(json.dumps(body).replace("{exp}", exps[side.name])) if body else body
            q = {k: v.replace("{exp}", exps[side.name]) if isinstance(v, str) else v
                 for k, v in (params or {}).items()} or None
            r = _retry_500(side, method, p, body=b, params=q)
            if compare == "json":
                j = r.json() if r.text.strip() else None
                if keys is not None and isinstance(j, dict):
                    j = {k: j.get(k) for k in keys}
                out.append((r.status_code, side.mask(j)))
            else:
                out.append((r.status_code, r.json().get("error_code") if r.text.strip()
                            and r.headers.get("Content-Type", "").startswith("application/json")
                            else None))
        _same(label, out[0], out[1])
        return out

    both("ui-telemetry", "GET", "/ajax-api/3.0/mlflow/ui-telemetry")
    both("ui-telemetry records", "POST", "/ajax-api/3.0/mlflow/ui-telemetry",
         {"records": [{"event_name": "x"}]})
    # deliberate: Trackway offers no assistant provider (docs/compatibility.md)
    both("assistant config", "GET", "/ajax-api/3.0/mlflow/assistant/config",
         keys=["providers", "projects", "remote_access_allowed"])
    both("gateway-proxy", "GET", "/ajax-api/2.0/mlflow/gateway-proxy",
         params={"gateway_path": "api/2.0/endpoints/"})
    both("gateway-proxy POST", "POST", "/ajax-api/2.0/mlflow/gateway-proxy",
         {"gateway_path": "api/2.0/endpoints/"})
    for listing in ("endpoints/list", "endpoints/bindings/list", "secrets/list",
                    "model-definitions/list"):
        both(f"gateway {listing}", "GET", f"/ajax-api/3.0/mlflow/gateway/{listing}")
    both("gateway secrets config", "GET", "/ajax-api/3.0/mlflow/gateway/secrets/config")
    # deliberate: presigned flags off, so the UI does not try presigned transfers
    both("server-info", "GET", "/ajax-api/3.0/mlflow/server-info",
         keys=["store_type", "workspaces_enabled", "trace_archival_enabled",
               "multipart_uploads_enabled", "multipart_downloads_enabled",
               "artifact_serving_enabled", "skill_content_max_size", "skill_content_max_files",
               "features_enabled", "tracking_auth", "artifacts_presigned_only"])
    both("scorers", "GET", "/ajax-api/3.0/mlflow/scorers/list", params={"experiment_id": "{exp}"})
    both("issues", "POST", "/ajax-api/3.0/mlflow/issues/search",
         {"experiment_id": "{exp}", "max_results": 1, "view": "basic"})
    both("issues with total", "POST", "/ajax-api/3.0/mlflow/issues/search",
         {"experiment_id": "{exp}", "include_total_count": True, "statuses": ["pending"]})
    both("skills", "GET", "/ajax-api/3.0/mlflow/skills", params={"max_results": 25})
    both("mcp servers", "GET", "/ajax-api/3.0/mlflow/mcp-servers", params={"max_results": 25})
    both("traces v3", "POST", "/ajax-api/3.0/mlflow/traces/search",
         {"locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": "{exp}"}}],
          "max_results": 25})
    both("traces v2", "GET", "/ajax-api/2.0/mlflow/traces",
         params={"experiment_ids": "{exp}", "max_results": 1})
    both("trace metrics", "POST", "/ajax-api/3.0/mlflow/traces/metrics",
         {"experiment_ids": ["{exp}"], "view_type": "TRACES", "metric_name": "trace_count",
          "aggregations": [{"aggregation_type": "COUNT"}]})
    both("trace metrics per day (as the UI asks)", "POST", "/ajax-api/3.0/mlflow/traces/metrics",
         {"experiment_ids": ["{exp}"], "view_type": "TRACES", "metric_name": "trace_count",
          "aggregations": [{"aggregation_type": "COUNT"}], "time_interval_seconds": 86400,
          "start_time_ms": T0, "end_time_ms": T0 + 7 * 86400000})
    both("trace latency", "POST", "/ajax-api/3.0/mlflow/traces/metrics",
         {"experiment_ids": ["{exp}"], "view_type": "TRACES", "metric_name": "latency",
          "aggregations": [{"aggregation_type": "AVG"}]})
    # the review page
    both("review queues (none)", "GET", "/ajax-api/3.0/mlflow/review-queues/list",
         params={"experiment_id": "{exp}"})
    queues = both("user queue", "POST", "/ajax-api/3.0/mlflow/review-queues/get-or-create-user",
                  {"experiment_id": "{exp}", "user": "Default", "created_by": "default"})
    both("user queue again", "POST", "/ajax-api/3.0/mlflow/review-queues/get-or-create-user",
         {"experiment_id": "{exp}", "user": "default"})
    both("review queues", "GET", "/ajax-api/3.0/mlflow/review-queues/list",
         params={"experiment_id": "{exp}"})
    for side in (ref, tw):
        qs = side.ok("GET", "/ajax-api/3.0/mlflow/review-queues/list",
                     params={"experiment_id": exps[side.name]})["review_queues"]
        items = side.ok("GET", "/ajax-api/3.0/mlflow/review-queues/items/list",
                        params={"queue_id": qs[0]["queue_id"]})
        assert items == {"next_page_token": ""}, (side.name, items)
    assert queues[0][0] == 200
    both("label schemas", "GET", "/ajax-api/3.0/mlflow/label-schemas/list",
         params={"experiment_id": "{exp}"})
    both("label schemas again", "GET", "/ajax-api/3.0/mlflow/label-schemas/list",
         params={"experiment_id": "{exp}"})
    both("unknown queue", "GET", "/ajax-api/3.0/mlflow/review-queues/items/list",
         params={"queue_id": "rq-nope"}, compare="status")
    # evaluation datasets: none yet
    both("datasets (none)", "POST", "/ajax-api/3.0/mlflow/datasets/search",
         {"experiment_ids": ["{exp}"], "order_by": ["created_time DESC"], "max_results": 20})
    both("unknown dataset", "GET", "/ajax-api/3.0/mlflow/datasets/d-nope", compare="status")
    # upload-artifact errors
    for label, params, data in (("no run", {"path": "a.txt"}, b"x"),
                                ("no path", {"run_id": "x"}, b"x"),
                                ("unknown run", {"run_id": "nope", "path": "a.txt"}, b"x"),
                                ("unsafe path", {"run_id": "nope", "path": "../a.txt"}, b"x")):
        out = []
        for side in (ref, tw):
            r = side.rest("POST", "/ajax-api/2.0/mlflow/upload-artifact", params=params, data=data,
                          headers={"Content-Type": "application/octet-stream"})
            out.append((r.status_code, r.json().get("error_code"), r.json().get("message")))
        _same(f"upload-artifact: {label}", out[0], out[1])


def _no_digest(obj):
    """MLflow's store derives a dataset's digest from its records' times: not comparable."""
    if isinstance(obj, dict):
        return {k: ("<digest>" if k == "digest" else _no_digest(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_no_digest(v) for v in obj]
    return obj


def test_evaluation_datasets(reference_server, server):
    """The same evaluation dataset, written by MLflow's SQL store into each server's database."""
    if reference_server.process is None or server.process is None:
        pytest.skip("writes into the servers' databases")
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    ref, tw = _both(reference_server, server)
    ids = {}
    for side, srv in ((ref, reference_server), (tw, server)):
        exp = side.ok("POST", "/api/2.0/mlflow/experiments/create",
                      {"name": f"ui-eval-{SESSION_TAG}"})["experiment_id"]
        side.name_id(exp, "exp")
        store = SqlAlchemyStore(srv.process.backend.uri_for("mlflow"), tempfile.mkdtemp())
        try:
            ds = store.create_dataset(name="eval-set", experiment_ids=[exp],
                                      tags={"mlflow.user": "root"})
            store.upsert_dataset_records(ds.dataset_id, [
                {"inputs": {"x": 1}, "expectations": {"expected": 4}},
                {"inputs": {"x": 2}, "expectations": {"expected": 5}, "outputs": "five"},
            ])
        finally:
            store.engine.dispose()
        ids[side.name] = (exp, ds.dataset_id)

    def both(label, method, path, body=None, params=None, decode_records=False):
        out = []
        for side in (ref, tw):
            exp, did = ids[side.name]
            p = path.replace("{exp}", exp).replace("{ds}", did)
            b = json.loads(json.dumps(body).replace("{exp}", exp)) if body else None
            q = {k: v.replace("{ds}", did).replace("{exp}", exp)
                 for k, v in (params or {}).items()} or None
            r = side.rest(method, p, body=b, params=q)
            j = r.json()
            if decode_records and "records" in j:
                j["records"] = sorted(json.loads(j["records"]),
                                      key=lambda d: json.dumps(d["inputs"], sort_keys=True))
            out.append((r.status_code, side.mask(_no_digest(j))))
        _same(label, out[0], out[1])

    both("datasets/search", "POST", "/ajax-api/3.0/mlflow/datasets/search",
         {"experiment_ids": ["{exp}"], "order_by": ["created_time DESC"], "max_results": 20})
    both("datasets/search GET", "GET", "/ajax-api/3.0/mlflow/datasets/search",
         params={"experiment_ids": "{exp}", "max_results": "50"})
    both("dataset", "GET", "/ajax-api/3.0/mlflow/datasets/{ds}")
    both("records", "GET", "/ajax-api/3.0/mlflow/datasets/{ds}/records",
         params={"dataset_id": "{ds}", "max_results": "500"}, decode_records=True)


# --------------------------------------------------------------------------- static files


def test_static_files(reference_server, server):
    ref, tw = _both(reference_server, server)
    answers = {}
    for side in (ref, tw):
        index = side.rest("GET", "/")
        script = re.search(r'src="(static-files/static/js/main\.[0-9a-f]+\.js)"', index.text).group(1)
        js = side.rest("GET", "/" + script)
        etag = side.rest("GET", "/static-files/manifest.json").headers["ETag"]
        not_modified = side.rest("GET", "/static-files/manifest.json",
                                 headers={"If-None-Match": etag})
        part = side.rest("GET", "/static-files/manifest.json", headers={"Range": "bytes=0-9"})
        head = side.rest("HEAD", "/static-files/favicon.ico")
        answers[side.name] = {
            "index": (index.status_code, index.headers["Content-Type"],
                      index.headers.get("Cache-Control"), index.content),
            "index security": (index.headers.get("X-Content-Type-Options"),
                               index.headers.get("X-Frame-Options")),
            "script": (js.status_code, js.headers["Content-Type"], js.headers.get("Cache-Control"),
                       js.headers.get("Content-Disposition"), len(js.content),
                       "Expires" in js.headers),
            "304": not_modified.status_code,
            "range": (part.status_code, part.headers.get("Content-Range"), part.content),
            "head": (head.status_code, head.headers.get("Content-Length"), head.content),
            "missing": side.rest("GET", "/static-files/nope.js").status_code,
            "traversal": side.rest("GET", "/static-files/%2e%2e/%2e%2e/etc/passwd").status_code,
            "root files": [side.rest("GET", p).status_code for p in ("/favicon.ico", "/index.html")],
            # deliberate: Trackway answers 405 with MLflow's error JSON (MLflow: Werkzeug HTML)
            "post /": (side.rest("POST", "/").status_code,
                       sorted(side.rest("POST", "/").headers.get("Allow", "").split(", "))),
            "wrong method": (side.rest("POST", "/ajax-api/2.0/mlflow/experiments/get").status_code,
                             sorted(side.rest("POST", "/ajax-api/2.0/mlflow/experiments/get")
                                    .headers.get("Allow", "").split(", "))),
            "api security": side.rest("GET", "/api/2.0/mlflow/experiments/get",
                                      params={"experiment_id": "0"}).headers.get("X-Frame-Options"),
        }
    for key in answers["mlflow"]:
        _same(f"static: {key}", answers["mlflow"][key], answers["trackway"][key])
