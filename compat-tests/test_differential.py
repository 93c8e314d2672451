"""Differential tests: the same raw request sequences against MLflow's server and Trackway.

Both servers run at once on the same kind of backend (each with its own fresh database).
Every scenario below is replayed against both; each answer is normalized (ids replaced
by placeholders in order of appearance, server-chosen timestamps and generated run names
masked, page tokens reduced to their presence, lists whose order MLflow does not specify
sorted) and the two sequences must be equal. Error answers are compared by HTTP status and
error_code (messages are free text); test_error_classification_fields compares the extra
sqlstate / error_class fields MLflow 3.x sends as well.

Only runs with --target trackway (the reference is MLflow itself).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

import pytest
import requests

from conftest import SESSION_TAG

TS_KEYS = {"creation_time", "last_update_time", "start_time", "end_time", "timestamp"}
ID_KEYS = {"experiment_id", "run_id", "run_uuid"}
GENERATED_NAME = re.compile(r"^[a-z]+-[a-z]+-\d{1,4}$")
T0 = 1_700_000_000_000


@dataclass
class Exchange:
    label: str
    request: str
    status: int
    body: object


@dataclass
class Session:
    """Sends a scenario's requests to one server and records normalized answers."""

    base_url: str
    error_fields: tuple = ("error_code",)
    exchanges: list = field(default_factory=list)
    ids: dict = field(default_factory=dict)
    known_ts: set = field(default_factory=set)
    http: requests.Session = field(default_factory=requests.Session)

    # ---- requests
    def call(self, method, path, body=None, params=None, *, prefix="/api/2.0", label=None,
             compare="full", only_keys=None):
        url = self.base_url + (path if path.startswith("/") else f"{prefix}/mlflow/{path}")
        self._remember_ts(body)
        self._remember_ts(params)
        kwargs = {"timeout": 60}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["headers"] = {"Content-Type": "application/json"}
        if params is not None:
            kwargs["params"] = params
        r = self.http.request(method, url, **kwargs)
        try:
            raw = json.loads(r.text) if r.text.strip() else {}
        except ValueError:
            raw = {"<non-json>": r.text[:200]}
        request_desc = f"{method} {url[len(self.base_url):]}"
        if body is not None:
            request_desc += " " + _short(self._mask(body))
        if params is not None:
            request_desc += " ?" + _short(self._mask(params))
        if compare == "status":
            norm = None
        elif r.status_code != 200:
            norm = {k: raw.get(k) for k in self.error_fields} if isinstance(raw, dict) else raw
        else:
            self._register_ids(raw)
            norm = self._normalize(raw)
            if only_keys is not None and isinstance(norm, dict):
                norm = {k: norm.get(k) for k in only_keys}
        self.exchanges.append(Exchange(label or request_desc, request_desc, r.status_code, norm))
        return raw

    def get(self, path, params=None, **kw):
        return self.call("GET", path, params=params, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body=body if body is not None else {}, **kw)

    # ---- normalization
    def _remember_ts(self, obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k in TS_KEYS and isinstance(v, int):
                    self.known_ts.add(v)
                else:
                    self._remember_ts(v)
        elif isinstance(obj, list):
            for v in obj:
                self._remember_ts(v)

    def _register_ids(self, obj):
        if isinstance(obj, dict):
            for k in sorted(obj):
                v = obj[k]
                if k in ID_KEYS and isinstance(v, str) and v and v != "0" and v not in self.ids:
                    kind = "exp" if k == "experiment_id" else "run"
                    n = sum(1 for p in self.ids.values() if p.startswith(f"<{kind}"))
                    self.ids[v] = f"<{kind}{n + 1}>"
                else:
                    self._register_ids(v)
        elif isinstance(obj, list):
            for v in obj:
                self._register_ids(v)

    def _mask(self, obj):
        if isinstance(obj, dict):
            return {k: self._mask(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self._mask(v) for v in obj]
        if isinstance(obj, str):
            return self._mask_str(obj)
        return obj

    def _mask_str(self, s):
        if s in self.ids:
            return self.ids[s]
        for real in sorted(self.ids, key=len, reverse=True):
            if len(real) >= 8 and real in s:
                s = s.replace(real, self.ids[real])
        # experiment ids inside artifact locations, e.g. mlflow-artifacts:/12 or .../12/<run1>/
        for real, ph in self.ids.items():
            if ph.startswith("<exp"):
                s = re.sub(rf"(?<=[:/]){re.escape(real)}(?=/|$)", ph, s)
        return s

    def _normalize(self, obj, key=None):
        if isinstance(obj, dict):
            out = {}
            for k, v in obj.items():
                if k == "next_page_token":
                    out[k] = "<token>" if v else v
                elif k in TS_KEYS and isinstance(v, int) and v not in self.known_ts:
                    out[k] = "<ts>"
                elif k == "run_name" and isinstance(v, str) and GENERATED_NAME.match(v):
                    out[k] = "<generated-name>"
                else:
                    out[k] = self._normalize(v, k)
            if out.get("key") == "mlflow.runName" and isinstance(out.get("value"), str) \
                    and GENERATED_NAME.match(out["value"]):
                out["value"] = "<generated-name>"
            return out
        if isinstance(obj, list):
            items = [self._normalize(v, key) for v in obj]
            if key in ("tags", "params", "metrics", "latest_metrics"):
                if key == "metrics" and items and isinstance(items[0], dict) and "run_id" in items[0]:
                    return items  # bulk-interval: ordered per run and step
                return sorted(items, key=lambda d: json.dumps(d, sort_keys=True))
            if key in ("dataset_inputs", "dataset_summaries"):
                return sorted(items, key=lambda d: json.dumps(d, sort_keys=True))
            return items
        if isinstance(obj, float):
            if math.isnan(obj):
                return "NaN"
            if math.isinf(obj):
                return "Infinity" if obj > 0 else "-Infinity"
            return obj
        if isinstance(obj, str):
            return self._mask_str(obj)
        return obj


def _short(obj, limit=300):
    s = json.dumps(obj, sort_keys=True)
    return s if len(s) <= limit else s[:limit] + "..."


def _pretty(obj):
    s = json.dumps(obj, indent=1, sort_keys=True)
    return s if len(s) < 3000 else s[:3000] + "\n..."


def _compare(ref: Session, tgt: Session):
    problems = []
    for i, (a, b) in enumerate(zip(ref.exchanges, tgt.exchanges)):
        if (a.status, a.body) != (b.status, b.body):
            problems.append(
                f"#{i} {a.request}\n  mlflow:   HTTP {a.status} {_pretty(a.body)}\n"
                f"  trackway: HTTP {b.status} {_pretty(b.body)}")
    if len(ref.exchanges) != len(tgt.exchanges):
        problems.append(f"different number of exchanges: {len(ref.exchanges)} vs "
                        f"{len(tgt.exchanges)}")
    return problems


# --------------------------------------------------------------------------- scenarios


def sc_experiments(s: Session, tag: str):
    name = f"diff-exp-{tag}"
    e1 = s.post("experiments/create", {"name": name, "tags": [{"key": "team", "value": "a"}]})
    eid = e1.get("experiment_id")
    s.get("experiments/get", {"experiment_id": eid})
    s.get("experiments/get-by-name", {"experiment_name": name})
    s.get("experiments/get-by-name", {"experiment_name": name + "-missing"})
    s.post("experiments/create", {"name": name})  # duplicate
    s.post("experiments/create", {"name": ""})
    s.post("experiments/create", {})
    e2 = s.post("experiments/create", {"name": name + "-loc", "artifact_location": "/tmp/compat-diff/loc"})
    s.get("experiments/get", {"experiment_id": e2.get("experiment_id")})
    s.post("experiments/update", {"experiment_id": eid, "new_name": name + "-renamed"})
    s.get("experiments/get", {"experiment_id": eid})
    s.post("experiments/update", {"experiment_id": eid, "new_name": name + "-loc"}, compare="status")
    s.post("experiments/update", {"experiment_id": "987654321", "new_name": "x"})
    s.post("experiments/set-experiment-tag", {"experiment_id": eid, "key": "k", "value": "v"})
    s.post("experiments/set-experiment-tag", {"experiment_id": eid, "key": "k", "value": "v2"})
    s.post("experiments/delete-experiment-tag", {"experiment_id": eid, "key": "team"})
    s.post("experiments/delete-experiment-tag", {"experiment_id": eid, "key": "never"})
    s.get("experiments/get", {"experiment_id": eid})
    s.post("experiments/delete", {"experiment_id": eid})
    s.get("experiments/get", {"experiment_id": eid})
    s.post("experiments/delete", {"experiment_id": eid})
    s.post("experiments/create", {"name": name + "-renamed"})  # name still taken while deleted
    s.post("experiments/restore", {"experiment_id": eid})
    s.post("experiments/restore", {"experiment_id": eid})
    s.get("experiments/get", {"experiment_id": "987654321"})
    s.get("experiments/get", {})
    s.post("experiments/delete", {"experiment_id": "987654321"})
    s.get("experiments/get", {"experiment_id": "0"})


def sc_experiment_search(s: Session, tag: str):
    prefix = f"diff-search-{tag}"
    ids = {}
    for i, suffix in enumerate("cadbe"):
        r = s.post("experiments/create", {"name": f"{prefix}-{suffix}", "tags": [
            {"key": "group", "value": "even" if i % 2 == 0 else "odd"}]})
        ids[suffix] = r.get("experiment_id")
    s.post("experiments/delete", {"experiment_id": ids["e"]})
    f = f"name LIKE '{prefix}-%'"
    s.post("experiments/search", {"filter": f})
    s.post("experiments/search", {"filter": f, "order_by": ["name ASC"]})
    s.post("experiments/search", {"filter": f, "order_by": ["name DESC"], "view_type": "ALL"})
    s.post("experiments/search", {"filter": f, "view_type": "DELETED_ONLY"})
    s.post("experiments/search", {"filter": f + " AND tags.group = 'odd'", "order_by": ["name"]})
    s.get("experiments/search", {"filter": f, "order_by": "name ASC", "max_results": 2})
    page = s.post("experiments/search", {"filter": f, "order_by": ["name ASC"], "max_results": 2,
                                         "view_type": "ALL"})
    while page.get("next_page_token"):
        page = s.post("experiments/search", {"filter": f, "order_by": ["name ASC"], "max_results": 2,
                                             "view_type": "ALL",
                                             "page_token": page["next_page_token"]})
    s.post("experiments/search", {"filter": "name >> 'x'"})
    s.post("experiments/search", {"order_by": ["bogus DESC"]})
    s.post("experiments/search", {"max_results": 0})
    s.post("experiments/search", {"filter": f, "page_token": "garbage"})


def sc_runs(s: Session, tag: str):
    eid = s.post("experiments/create", {"name": f"diff-runs-{tag}"}).get("experiment_id")
    r1 = s.post("runs/create", {"experiment_id": eid, "start_time": T0, "run_name": "first",
                                "tags": [{"key": "t", "value": "1"}], "user_id": "alice"})
    rid = r1.get("run", {}).get("info", {}).get("run_id")
    s.post("runs/create", {"experiment_id": eid, "start_time": T0 + 1})  # generated name
    s.post("runs/create", {"experiment_id": eid, "start_time": T0 + 2,
                           "tags": [{"key": "mlflow.runName", "value": "from-tag"}]})
    s.post("runs/create", {"experiment_id": eid, "run_name": "a",
                           "tags": [{"key": "mlflow.runName", "value": "b"}]})
    child = s.post("runs/create", {"experiment_id": eid, "start_time": T0 + 3, "run_name": "child",
                                   "tags": [{"key": "mlflow.parentRunId", "value": rid}]})
    s.get("runs/get", {"run_id": child.get("run", {}).get("info", {}).get("run_id")})
    s.get("runs/get", {"run_id": rid})
    s.get("runs/get", {"run_id": rid}, prefix="/ajax-api/2.0")
    s.post("runs/update", {"run_id": rid, "status": "FINISHED", "end_time": T0 + 50})
    s.post("runs/update", {"run_id": rid, "run_name": "renamed"})
    s.post("runs/update", {"run_id": rid, "status": "KILLED", "end_time": T0 + 60})
    s.get("runs/get", {"run_id": rid})
    s.post("runs/set-tag", {"run_id": rid, "key": "k", "value": "v"})
    s.post("runs/set-tag", {"run_id": rid, "key": "mlflow.runName", "value": "via-tag"})
    s.post("runs/delete-tag", {"run_id": rid, "key": "k"})
    s.post("runs/delete-tag", {"run_id": rid, "key": "k"})
    s.get("runs/get", {"run_id": rid})
    s.post("runs/delete", {"run_id": rid})
    s.get("runs/get", {"run_id": rid})
    s.post("runs/log-parameter", {"run_id": rid, "key": "p", "value": "1"})
    s.post("runs/set-tag", {"run_id": rid, "key": "x", "value": "1"})
    s.post("runs/restore", {"run_id": rid})
    s.get("runs/get", {"run_id": rid})
    missing = "0" * 32
    s.get("runs/get", {"run_id": missing})
    s.get("runs/get", {})
    s.post("runs/update", {"run_id": missing, "status": "FINISHED"})
    s.post("runs/delete", {"run_id": missing})
    s.post("runs/restore", {"run_id": missing})
    s.post("runs/set-tag", {"run_id": missing, "key": "a", "value": "b"})
    s.post("runs/create", {"experiment_id": "987654321"})
    gone = s.post("experiments/create", {"name": f"diff-runs-gone-{tag}"}).get("experiment_id")
    s.post("experiments/delete", {"experiment_id": gone})
    s.post("runs/create", {"experiment_id": gone})


def sc_params_metrics(s: Session, tag: str):
    eid = s.post("experiments/create", {"name": f"diff-pm-{tag}"}).get("experiment_id")
    rid = s.post("runs/create", {"experiment_id": eid, "start_time": T0, "run_name": "pm"}) \
        .get("run", {}).get("info", {}).get("run_id")
    s.post("runs/log-parameter", {"run_id": rid, "key": "lr", "value": "0.1"})
    s.post("runs/log-parameter", {"run_id": rid, "key": "lr", "value": "0.1"})
    s.post("runs/log-parameter", {"run_id": rid, "key": "lr", "value": "0.2"})
    s.post("runs/log-parameter", {"run_id": rid, "key": "long", "value": "x" * 6500})
    s.post("runs/log-parameter", {"run_id": rid, "value": "1"})
    s.post("runs/log-parameter", {"run_id": rid, "key": "../bad", "value": "1"})
    for step, (value, ts) in enumerate([(1.0, T0 + 10), (0.5, T0 + 20), (0.25, T0 + 15)]):
        s.post("runs/log-metric", {"run_id": rid, "key": "loss", "value": value, "timestamp": ts,
                                   "step": step})
    s.post("runs/log-metric", {"run_id": rid, "key": "nan", "value": "NaN", "timestamp": T0})
    s.post("runs/log-metric", {"run_id": rid, "key": "pinf", "value": "Infinity", "timestamp": T0})
    s.post("runs/log-metric", {"run_id": rid, "key": "ninf", "value": "-Infinity", "timestamp": T0})
    s.post("runs/log-metric", {"run_id": rid, "key": "nostep", "value": 3, "timestamp": T0})
    s.post("runs/log-metric", {"run_id": rid, "key": "m", "timestamp": T0})
    s.post("runs/log-metric", {"run_id": rid, "key": "m", "value": "abc", "timestamp": T0})
    s.post("runs/log-metric", {"run_id": rid, "key": "m", "value": 1.0})
    s.post("runs/log-metric", {"run_id": "0" * 32, "key": "m", "value": 1.0, "timestamp": T0})
    s.post("runs/set-tag", {"run_id": rid, "key": "longtag", "value": "y" * 8500})
    s.get("runs/get", {"run_id": rid})
    for key in ("loss", "nan", "pinf", "ninf", "nostep", "never"):
        s.get("metrics/get-history", {"run_id": rid, "metric_key": key})
    s.get("metrics/get-history", {"run_id": rid, "metric_key": "loss", "max_results": 2})
    page = s.get("metrics/get-history", {"run_id": rid, "metric_key": "loss", "max_results": 2})
    if page.get("next_page_token"):
        s.get("metrics/get-history", {"run_id": rid, "metric_key": "loss", "max_results": 2,
                                      "page_token": page["next_page_token"]})
    s.get("metrics/get-history", {"run_id": rid, "metric_key": "loss", "max_results": 0})
    s.get("metrics/get-history", {"run_id": rid})
    s.get("metrics/get-history", {"run_id": "0" * 32, "metric_key": "loss"})


def sc_log_batch(s: Session, tag: str):
    eid = s.post("experiments/create", {"name": f"diff-batch-{tag}"}).get("experiment_id")
    rid = s.post("runs/create", {"experiment_id": eid, "start_time": T0, "run_name": "batch"}) \
        .get("run", {}).get("info", {}).get("run_id")

    def batch(nm=0, np_=0, nt=0, p=""):
        return {"run_id": rid,
                "metrics": [{"key": f"{p}m{i % 7}", "value": i / 3, "timestamp": T0 + i,
                             "step": i // 7} for i in range(nm)],
                "params": [{"key": f"{p}p{i}", "value": f"v{i}"} for i in range(np_)],
                "tags": [{"key": f"{p}t{i}", "value": f"w{i}"} for i in range(nt)]}

    s.post("runs/log-batch", batch(1000, p="a"))
    s.post("runs/log-batch", batch(800, 100, 100, p="b"))
    s.post("runs/log-batch", batch(1001, p="c"))
    s.post("runs/log-batch", batch(np_=101, p="c"))
    s.post("runs/log-batch", batch(nt=101, p="c"))
    s.post("runs/log-batch", batch(1000, 1, p="c"))
    s.post("runs/log-batch", {"run_id": rid, "params": [{"key": "bp0", "value": "other"}]})
    s.post("runs/log-batch", {"run_id": rid, "params": [{"key": "bp0", "value": "v0"}]})
    s.post("runs/log-batch", {"run_id": rid, "params": [{"key": "d", "value": "1"},
                                                        {"key": "d", "value": "2"}]})
    s.post("runs/log-batch", {"run_id": rid, "metrics": [
        {"key": "special", "value": "NaN", "timestamp": T0, "step": 0},
        {"key": "special", "value": "Infinity", "timestamp": T0, "step": 1}]})
    s.post("runs/log-batch", {"run_id": rid})
    s.post("runs/log-batch", {"metrics": [{"key": "m", "value": 1, "timestamp": T0}]})
    s.post("runs/log-batch", {"run_id": "0" * 32, "tags": [{"key": "a", "value": "b"}]})
    s.get("runs/get", {"run_id": rid})
    s.get("metrics/get-history", {"run_id": rid, "metric_key": "am3"})
    s.get("metrics/get-history", {"run_id": rid, "metric_key": "special"})


def sc_run_search(s: Session, tag: str):
    eid = s.post("experiments/create", {"name": f"diff-rs-{tag}"}).get("experiment_id")
    eid2 = s.post("experiments/create", {"name": f"diff-rs2-{tag}"}).get("experiment_id")
    spec = [
        ("r1", eid, {"acc": 0.9, "loss": 0.1}, {"lr": "0.1", "model": "cnn"}, {"team": "a"}, "FINISHED"),
        ("r2", eid, {"acc": 0.7}, {"lr": "0.01", "model": "rnn"}, {"team": "b"}, "FINISHED"),
        ("r3", eid, {"acc": 0.8, "loss": 0.3}, {"lr": "0.1"}, {"team": "a"}, "FAILED"),
        ("r4", eid, {}, {"model": "cnn"}, {}, "RUNNING"),
        ("r5", eid, {"acc": 0.95}, {}, {"team": "a"}, "FINISHED"),
        ("r6", eid2, {"acc": 0.85}, {"lr": "0.1"}, {"team": "c"}, "FINISHED"),
    ]
    ids = {}
    for i, (name, exp, metrics, params, tags, status) in enumerate(spec, start=1):
        rid = s.post("runs/create", {"experiment_id": exp, "start_time": T0 + i, "run_name": name}) \
            .get("run", {}).get("info", {}).get("run_id")
        ids[name] = rid
        s.post("runs/log-batch", {
            "run_id": rid,
            "metrics": [{"key": k, "value": v, "timestamp": T0 + i, "step": 0} for k, v in metrics.items()],
            "params": [{"key": k, "value": v} for k, v in params.items()],
            "tags": [{"key": k, "value": v} for k, v in tags.items()]})
        if status != "RUNNING":
            s.post("runs/update", {"run_id": rid, "status": status, "end_time": T0 + 100 + i})
    s.post("runs/delete", {"run_id": ids["r5"]})

    def search(**body):
        body.setdefault("experiment_ids", [eid])
        return s.post("runs/search", body)

    search()
    for f in ["metrics.acc > 0.75", "metrics.acc >= 0.7 AND params.lr = '0.1'", "params.model != 'cnn'",
              "tags.team = 'a'", "tags.team LIKE 'b%'", "attributes.status = 'FINISHED'",
              "attributes.run_name = 'r2'", f"attributes.start_time > {T0 + 2}",
              f"attributes.run_id IN ('{ids['r1']}', '{ids['r4']}')", "run_name ILIKE 'R3'",
              "metrics.acc > 5"]:
        search(filter=f)
    for order in (["metrics.acc DESC"], ["metrics.acc ASC"], ["metrics.loss ASC"], ["metrics.loss DESC"],
                  ["params.lr ASC"], ["tags.team DESC", "attributes.start_time ASC"],
                  ["attributes.run_name DESC"], ["attributes.end_time ASC"]):
        search(order_by=order)
    search(run_view_type="DELETED_ONLY")
    search(run_view_type="ALL", order_by=["attributes.start_time ASC"])
    search(experiment_ids=[eid, eid2], filter="metrics.acc > 0.84")
    page = search(max_results=3, order_by=["attributes.start_time ASC"])
    for _ in range(5):
        if not page.get("next_page_token"):
            break
        page = search(max_results=3, order_by=["attributes.start_time ASC"],
                      page_token=page["next_page_token"])
    for bad in ("metrics.acc >> 1", "params.lr > '0.1'", "metrics.acc = 'abc'", "unknown.key = 'x'",
                "params.lr IN ('0.1')"):
        search(filter=bad)
    search(order_by=["metrics.acc SIDEWAYS"])
    search(max_results=50001)
    search(page_token="not-a-token")
    search(experiment_ids=["987654321"])


def sc_inputs(s: Session, tag: str):
    eid = s.post("experiments/create", {"name": f"diff-inputs-{tag}"}).get("experiment_id")
    rid = s.post("runs/create", {"experiment_id": eid, "start_time": T0, "run_name": "in"}) \
        .get("run", {}).get("info", {}).get("run_id")
    rid2 = s.post("runs/create", {"experiment_id": eid, "start_time": T0 + 1, "run_name": "in2"}) \
        .get("run", {}).get("info", {}).get("run_id")
    ds = {"name": "train", "digest": "abc123", "source_type": "local",
          "source": '{"uri": "file:///tmp/train.csv"}', "schema": '{"mlflow_colspec": []}',
          "profile": '{"num_rows": 3}'}
    ds2 = {"name": "test", "digest": "def456", "source_type": "http", "source": '{"url": "x"}'}
    s.post("runs/log-inputs", {"run_id": rid, "datasets": [
        {"tags": [{"key": "mlflow.data.context", "value": "training"}], "dataset": ds},
        {"tags": [{"key": "mlflow.data.context", "value": "testing"}, {"key": "k", "value": "v"}],
         "dataset": ds2}]})
    s.post("runs/log-inputs", {"run_id": rid, "datasets": [
        {"tags": [{"key": "mlflow.data.context", "value": "training"}], "dataset": ds}]})
    s.post("runs/log-inputs", {"run_id": rid2, "datasets": [
        {"tags": [{"key": "mlflow.data.context", "value": "validation"}], "dataset": ds}]})
    s.post("runs/log-inputs", {"run_id": "0" * 32, "datasets": [{"dataset": ds}]})
    s.post("runs/log-inputs", {"run_id": rid})
    s.get("runs/get", {"run_id": rid})
    s.get("runs/get", {"run_id": rid2})
    s.post("experiments/search-datasets", {"experiment_ids": [eid]}, prefix="/ajax-api/2.0")
    s.post("experiments/search-datasets", {}, prefix="/ajax-api/2.0")
    for f in ("dataset.name = 'train'", "dataset.digest = 'def456'", "dataset.context = 'validation'",
              "dataset.name IN ('train', 'test')"):
        s.post("runs/search", {"experiment_ids": [eid], "filter": f})


def _raw(s: Session, method: str, path: str, data: bytes | None = None, label: str = ""):
    """A non-JSON exchange (artifact bytes): status, content and the headers a client reads."""
    r = s.http.request(method, s.base_url + path, data=data, timeout=60)
    ctype = r.headers.get("Content-Type", "").split(";")[0]
    if ctype == "application/json":
        body = json.loads(r.text) if r.text.strip() else {}
        body = s._normalize(body) if r.status_code == 200 else {k: body.get(k) for k in s.error_fields}
    else:
        body = {"content": r.content.decode("latin-1"), "content_type": ctype,
                "disposition": r.headers.get("Content-Disposition")}
    s.exchanges.append(Exchange(label or f"{method} <artifact path>", label, r.status_code, body))


def sc_artifacts(s: Session, tag: str):
    eid = s.post("experiments/create", {"name": f"diff-artifacts-{tag}"}).get("experiment_id")
    rid = s.post("runs/create", {"experiment_id": eid, "start_time": T0, "run_name": "art"}) \
        .get("run", {}).get("info", {}).get("run_id")
    root = f"{eid}/{rid}/artifacts"
    files = {"a.txt": b"hello", "dir/b.json": b'{"k": 1}', "dir/sub/c.bin": bytes(range(256)),
             "dir/MLmodel": b"flavors: {}"}
    for rel, data in files.items():
        _raw(s, "PUT", f"/api/2.0/mlflow-artifacts/artifacts/{root}/{rel}", data, f"PUT {rel}")
    s.get("/api/2.0/mlflow-artifacts/artifacts", {"path": root})
    s.get("/api/2.0/mlflow-artifacts/artifacts", {"path": f"{root}/dir"})
    s.get("/api/2.0/mlflow-artifacts/artifacts", {"path": f"{root}/a.txt"})
    s.get("/api/2.0/mlflow-artifacts/artifacts", {"path": f"{root}/missing"})
    s.get("artifacts/list", {"run_id": rid})
    s.get("artifacts/list", {"run_id": rid, "path": "dir"})
    s.get("artifacts/list", {"run_id": rid, "path": "dir/sub"})
    for rel in files:
        _raw(s, "GET", f"/api/2.0/mlflow-artifacts/artifacts/{root}/{rel}", label=f"GET {rel}")
    _raw(s, "GET", f"/get-artifact?run_id={rid}&path=dir/b.json", label="GET /get-artifact")
    _raw(s, "GET", f"/api/2.0/mlflow-artifacts/artifacts/{root}/nope.txt", label="GET missing file")
    # traversal is refused the same way
    s.get("/api/2.0/mlflow-artifacts/artifacts", {"path": f"{root}/../../.."})
    s.get("artifacts/list", {"run_id": rid, "path": "../.."})
    _raw(s, "PUT", f"/api/2.0/mlflow-artifacts/artifacts/{root}/%2e%2e/%2e%2e/x.txt", b"x", "PUT traversal")
    # multipart is S3-only: local storage answers NOT_IMPLEMENTED (the client then falls back)
    s.post(f"/api/2.0/mlflow-artifacts/mpu/create/{root}/big.bin", {"path": "big.bin", "num_parts": 2})
    _raw(s, "DELETE", f"/api/2.0/mlflow-artifacts/artifacts/{root}/dir/sub", label="DELETE dir/sub")
    s.get("artifacts/list", {"run_id": rid, "path": "dir"})


def sc_bulk_interval(s: Session, tag: str):
    eid = s.post("experiments/create", {"name": f"diff-bulk-{tag}"}).get("experiment_id")
    r1 = s.post("runs/create", {"experiment_id": eid, "start_time": T0}).get("run", {}).get("info", {}).get("run_id")
    r2 = s.post("runs/create", {"experiment_id": eid, "start_time": T0 + 1}).get("run", {}).get("info", {}).get("run_id")
    s.post("runs/log-batch", {"run_id": r1, "metrics": [
        {"key": "m", "value": float(i), "timestamp": T0 + i, "step": i} for i in range(30)]})
    s.post("runs/log-batch", {"run_id": r2, "metrics": [
        {"key": "m", "value": i * 2.0, "timestamp": T0 + 100 + i, "step": i * 3} for i in range(6)]})
    path = "metrics/get-history-bulk-interval"
    for params in ({"run_ids": [r1, r2], "metric_key": "m"},
                   {"run_ids": [r2, r1], "metric_key": "m", "max_results": 5},
                   {"run_ids": [r1], "metric_key": "m", "max_results": 1},
                   {"run_ids": [r1, r2], "metric_key": "m", "start_step": 3, "end_step": 9, "max_results": 4},
                   {"run_ids": [r1], "metric_key": "other"},
                   {"run_ids": [r1], "metric_key": "m", "start_step": 3},
                   {"run_ids": [r1], "metric_key": "m", "max_results": 0},
                   {"metric_key": "m"}):
        s.get(path, params, prefix="/ajax-api/2.0")
    s.get(path, {"run_ids": [r1], "metric_key": "m", "max_results": 3})
    bulk = "/ajax-api/2.0/mlflow/metrics/get-history-bulk"
    # (one run per request: with several, the order follows the random run ids)
    s.get(bulk, {"run_id": [r1], "metric_key": "m"})
    s.get(bulk, {"run_id": [r2], "metric_key": "m", "max_results": 4})
    s.get(bulk, {"run_id": [r1], "metric_key": "other"})
    s.get(bulk, {"metric_key": "m"})
    s.get(bulk, {"run_id": [r1]})


def sc_http_edges(s: Session, tag: str):
    s.call("GET", "/health", compare="status")
    # the other server-info fields advertise features (artifact serving, gateway, ...) that
    # are outside the tracking core
    for path in ("/api/3.0/mlflow/server-info", "/ajax-api/3.0/mlflow/server-info"):
        s.call("GET", path, only_keys=("store_type", "workspaces_enabled"))
    s.call("GET", "no-such-endpoint", compare="status")
    s.call("POST", "experiments/create", body=None, compare="full")  # no body, no content type
    s.post("experiments/create", {"name": 42})
    s.post("experiments/create", {"name": f"diff-edge-{tag}", "unknown_field": 1})
    s.get("experiments/get-by-name", {})
    s.get("experiments/search", {"view_type": "NOT_A_VIEW"})


SCENARIOS = {
    "experiments": sc_experiments,
    "experiment_search": sc_experiment_search,
    "runs": sc_runs,
    "params_metrics": sc_params_metrics,
    "log_batch": sc_log_batch,
    "run_search": sc_run_search,
    "inputs": sc_inputs,
    "bulk_interval": sc_bulk_interval,
    "artifacts": sc_artifacts,
    "http_edges": sc_http_edges,
}


def _replay(name, reference_server, server, error_fields=("error_code",)):
    tag = f"{name}-{SESSION_TAG}-{'-'.join(error_fields)}"
    ref = Session(reference_server.url, error_fields=error_fields)
    tgt = Session(server.url, error_fields=error_fields)
    SCENARIOS[name](ref, tag)
    SCENARIOS[name](tgt, tag)
    return ref, tgt


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_differential(name, reference_server, server):
    ref, tgt = _replay(name, reference_server, server)
    problems = _compare(ref, tgt)
    assert not problems, (f"{len(problems)} of {len(ref.exchanges)} answers differ "
                          f"(scenario {name}):\n\n" + "\n\n".join(problems))


def test_error_classification_fields(reference_server, server):
    """MLflow 3.x error JSON carries sqlstate and error_class beside error_code/message."""
    ref = Session(reference_server.url, error_fields=("error_code", "sqlstate", "error_class"))
    tgt = Session(server.url, error_fields=("error_code", "sqlstate", "error_class"))
    for sess in (ref, tgt):
        sess.get("experiments/get", {"experiment_id": "987654321"})
        sess.get("runs/get", {"run_id": "0" * 32})
        sess.post("experiments/create", {})
        name = f"diff-errclass-{SESSION_TAG}"
        sess.post("experiments/create", {"name": name})
        sess.post("experiments/create", {"name": name})
        sess.post("runs/search", {"experiment_ids": ["0"], "filter": "metrics.a >> 1"})
    problems = _compare(ref, tgt)
    assert not problems, "\n\n".join(problems)
