"""The two-way database property: MLflow and Trackway take turns on the same database.

One database of the backend selected with --backend (a temp SQLite file, or a MariaDB database
created for the module and dropped at the end) goes through three servers, one at a time:

1. MLflow's own server (`mlflow server` from this venv) creates the database and the stock
   client fills it: experiments with tags (one renamed, one deleted), nested runs, params,
   metrics with steps and NaN/±inf, tags, log_batch, log_inputs datasets, a deleted and a killed
   run. The JSON answers of every read request (get/get-by-name/search of experiments, runs/get,
   runs/search with filters, orderings and paging, metric histories, bulk-interval histories,
   dataset summaries) are recorded.
2. Trackway starts on that database. It must not migrate or re-create anything (alembic_version,
   row counts and DDL of MLflow's tables unchanged, no table added) and must answer the same
   requests with identical normalized JSON. Then the stock client writes more through Trackway
   (a new nested run with datasets, more metrics on an old run, a rename, experiment and run
   tags, restores and deletes) and Trackway's answers to the extended request list are recorded.
3. MLflow's server starts again on the database (no migration, nothing changed by starting),
   answers the extended request list exactly as Trackway did, and its stock client sees the
   values Trackway was given.

Normalization only sorts lists whose order MLflow does not define (params, tags and latest
metrics of run.data, dataset inputs and their tags, experiment tags, dataset summaries) and
spells NaN/±inf as strings; search results and metric histories keep their order. Ids and
timestamps are not masked: they are stored in the database and must be served unchanged.

With --target mlflow the middle server is MLflow itself (the reference run: it proves the test
and its normalization are sound).
"""

from __future__ import annotations

import json
import math
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import servers
from two_way_support import (Call, Capture, capture, compare, db_differences,
                             inspect_db, start_on)

T0 = 1_700_000_000_000
NAN, INF = float("nan"), float("inf")
DBL_MAX = sys.float_info.max


# --------------------------------------------------------------------------- what was written


@dataclass
class State:
    """Ids and names created so far, and the metric keys of every run."""

    exps: dict = field(default_factory=dict)  # label -> experiment id
    names: dict = field(default_factory=dict)  # label -> current experiment name
    runs: dict = field(default_factory=dict)  # label -> run id
    metric_keys: dict = field(default_factory=dict)  # run label -> set of keys
    datasets: dict = field(default_factory=dict)  # name -> DatasetInput maker, for re-logging

    def run(self, client, exp, label, **kw):
        run = client.create_run(self.exps[exp], **kw)
        self.runs[label] = run.info.run_id
        self.metric_keys.setdefault(label, set())
        return run.info.run_id

    def metric(self, client, run, key, value, ts, step=0):
        client.log_metric(self.runs[run], key, value, timestamp=ts, step=step)
        self.metric_keys[run].add(key)

    def exp(self, client, label, name, **kw):
        self.exps[label] = client.create_experiment(name, **kw)
        self.names[label] = name
        return self.exps[label]


def _dataset(name, frame, source):
    import mlflow.data
    import pandas as pd
    from mlflow.entities import DatasetInput, InputTag

    ds = mlflow.data.from_pandas(pd.DataFrame(frame), source=source, name=name)
    return lambda context, **tags: DatasetInput(
        ds._to_mlflow_entity(),
        [InputTag("mlflow.data.context", context)] + [InputTag(k, v) for k, v in tags.items()])


def fill_with_mlflow(c, st: State) -> None:
    """Phase 1: the stock client against MLflow's server."""
    from mlflow.entities import Metric, Param, RunTag

    st.exp(c, "alpha", "tw-alpha", tags={"team": "vision", "priority": "high"})
    st.exp(c, "beta", "tw-beta")
    c.set_experiment_tag(st.exps["beta"], "stage", "dev")
    c.set_experiment_tag(st.exps["beta"], "tmp", "x")
    c.delete_experiment_tag(st.exps["beta"], "tmp")
    st.exp(c, "gamma", "tw-gamma-old", artifact_location="/tmp/trackway-two-way/gamma")
    c.rename_experiment(st.exps["gamma"], "tw-gamma")
    st.names["gamma"] = "tw-gamma"
    st.exp(c, "gone", "tw-gone", tags={"why": "deleted"})

    parent = st.run(c, "alpha", "parent", start_time=T0, run_name="parent",
                    tags={"team": "vision", "mlflow.user": "alice", "mlflow.source.name": "train.py",
                          "mlflow.source.type": "LOCAL"})
    for k, v in {"lr": "0.01", "batch_size": "32", "optimizer": "adam", "long": "x" * 300}.items():
        c.log_param(parent, k, v)
    for i in range(10):
        st.metric(c, "parent", "loss", 1.0 / (i + 1), T0 + 1000 * i, i)
        st.metric(c, "parent", "acc", 0.5 + 0.04 * i, T0 + 1000 * i, i)
    st.metric(c, "parent", "loss", 0.09, T0 + 9500, 9)  # same step, later timestamp
    for step, value in enumerate([NAN, INF, -INF, 2.5]):
        st.metric(c, "parent", "special", value, T0 + 100 * step, step)
    st.metric(c, "parent", "nan_last", 1.0, T0, 0)
    st.metric(c, "parent", "nan_last", NAN, T0 + 1, 1)
    st.metric(c, "parent", "inf_only", INF, T0, 0)
    st.metric(c, "parent", "neg_inf", -INF, T0, 0)
    c.log_batch(parent,
                metrics=[Metric(f"bm{i % 4}", i * 0.5, T0 + 20_000 + i, i // 4) for i in range(40)],
                params=[Param(f"bp{i}", str(i)) for i in range(8)],
                tags=[RunTag(f"bt{i}", f"v{i}") for i in range(4)])
    st.metric_keys["parent"] |= {f"bm{i}" for i in range(4)}
    c.set_tag(parent, "note", "first")
    c.set_tag(parent, "scratch", "x")
    c.delete_tag(parent, "scratch")
    c.set_terminated(parent, "FINISHED", end_time=T0 + 100_000)

    child1 = st.run(c, "alpha", "child1", start_time=T0 + 1000, run_name="child-1",
                    tags={"mlflow.parentRunId": parent})
    c.log_param(child1, "lr", "0.02")
    for i in range(3):
        st.metric(c, "child1", "loss", 0.9 - 0.2 * i, T0 + 1000 + i, i)
    c.set_terminated(child1, "FAILED", end_time=T0 + 50_000)
    child2 = st.run(c, "alpha", "child2", start_time=T0 + 2000, run_name="child-2",
                    tags={"mlflow.parentRunId": parent})
    for i in range(2):
        st.metric(c, "child2", "loss", 0.8 - 0.1 * i, T0 + 2000 + i, i * 5)

    train = _dataset("train", {"a": [1, 2, 3], "b": [0.1, 0.2, 0.3]}, "file:///tmp/train.csv")
    evalset = _dataset("eval", {"x": [1.5, 2.5]}, "file:///tmp/eval.csv")
    st.datasets["train"] = train
    data_run = st.run(c, "alpha", "data", start_time=T0 + 3000, run_name="with-data")
    c.log_inputs(data_run, [train("training"), evalset("evaluation", split="holdout")])
    c.log_inputs(child1, [train("training")])  # the same dataset row, another run
    st.metric(c, "data", "acc", 0.77, T0 + 3001, 0)

    doomed = st.run(c, "alpha", "doomed", start_time=T0 + 4000, run_name="doomed")
    c.log_param(doomed, "lr", "0.5")
    st.metric(c, "doomed", "loss", 5.0, T0 + 4001, 0)
    c.delete_run(doomed)
    killed = st.run(c, "alpha", "killed", start_time=T0 + 5000, run_name="killed")
    c.set_terminated(killed, "KILLED", end_time=T0 + 6000)
    st.run(c, "alpha", "auto")  # server-chosen start time and generated name

    b1 = st.run(c, "beta", "b1", start_time=T0 + 10_000, run_name="b-one", tags={"team": "nlp"})
    c.log_param(b1, "lr", "0.1")
    st.metric(c, "b1", "loss", 0.7, T0 + 10_001, 0)
    c.set_terminated(b1, "FINISHED", end_time=T0 + 10_500)
    b2 = st.run(c, "beta", "b2", start_time=T0 + 11_000, run_name="b-two")
    c.update_run(b2, name="b-two-renamed")

    orphan = st.run(c, "gone", "orphan", start_time=T0 + 12_000, run_name="orphan")
    st.metric(c, "orphan", "loss", 0.3, T0 + 12_001, 0)
    c.delete_experiment(st.exps["gone"])


def write_with_trackway(c, st: State) -> None:
    """Phase 2: the stock client writes more through the middle server (Trackway)."""
    from mlflow.entities import Metric, Param, RunTag

    c.rename_experiment(st.exps["beta"], "tw-beta-renamed")
    st.names["beta"] = "tw-beta-renamed"
    c.set_experiment_tag(st.exps["alpha"], "priority", "low")
    c.set_experiment_tag(st.exps["alpha"], "reviewed", "yes")
    c.delete_experiment_tag(st.exps["beta"], "stage")
    c.restore_experiment(st.exps["gone"])
    c.restore_run(st.runs["doomed"])
    c.delete_run(st.runs["killed"])

    parent = st.runs["parent"]
    st.metric(c, "parent", "loss", 0.05, T0 + 200_000, 10)
    st.metric(c, "parent", "special", NAN, T0 + 200_000, 4)
    st.metric(c, "parent", "tw_metric", 42.0, T0 + 200_001, 0)
    c.log_param(parent, "new_param", "1")
    c.set_tag(parent, "note", "second")
    c.delete_tag(parent, "bt0")
    c.log_batch(st.runs["child1"],
                metrics=[Metric("loss", 0.1, T0 + 60_000, 3), Metric("extra", -1.5, T0 + 60_000, 0)],
                params=[Param("from", "trackway")], tags=[RunTag("touched", "yes")])
    st.metric_keys["child1"].add("extra")
    c.update_run(st.runs["b1"], name="b-one-renamed")

    tw = st.run(c, "alpha", "tw", start_time=T0 + 300_000, run_name="trackway-made",
                tags={"mlflow.parentRunId": parent, "origin": "trackway", "mlflow.user": "bob"})
    for k, v in {"lr": "0.001", "layers": "4", "activation": "relu"}.items():
        c.log_param(tw, k, v)
    for step, value in enumerate([NAN, INF, -INF, 0.0, -2.0]):
        st.metric(c, "tw", "special", value, T0 + 300_000 + step, step)
    for i in range(6):
        st.metric(c, "tw", "loss", 2.0 / (i + 1), T0 + 300_100 + i, i)
    c.log_batch(tw, metrics=[Metric(f"tm{i % 3}", float(i), T0 + 300_200 + i, i // 3) for i in range(12)],
                params=[Param(f"tp{i}", f"p{i}") for i in range(5)],
                tags=[RunTag(f"tt{i}", f"t{i}") for i in range(3)])
    st.metric_keys["tw"] |= {"tm0", "tm1", "tm2"}
    twset = _dataset("tw-set", {"y": [1, 0, 1, 1]}, "file:///tmp/tw-set.csv")
    c.log_inputs(tw, [st.datasets["train"]("training"), twset("testing", owner="trackway")])
    c.set_terminated(tw, "FINISHED", end_time=T0 + 400_000)
    st.run(c, "alpha", "tw_auto")  # Trackway-chosen start time and generated name

    st.exp(c, "new", "tw-new", tags={"made-by": "trackway"})
    n1 = st.run(c, "new", "n1", start_time=T0 + 500_000, run_name="new-one")
    st.metric(c, "n1", "loss", 0.25, T0 + 500_001, 0)
    st.exp(c, "new_gone", "tw-new-gone")
    st.run(c, "new_gone", "n_gone", start_time=T0 + 600_000, run_name="doomed-with-experiment")
    c.delete_experiment(st.exps["new_gone"])
    c.log_inputs(n1, [twset("training")])


# --------------------------------------------------------------------------- what is read back


def read_calls(st: State) -> list[Call]:
    calls: list[Call] = []

    def get(label, path, params, prefix="/api/2.0", pages=False):
        calls.append(Call(label, "GET", path, params=params, prefix=prefix, follow_pages=pages))

    def post(label, path, body, prefix="/api/2.0", pages=False):
        calls.append(Call(label, "POST", path, body=body, prefix=prefix, follow_pages=pages))

    get("experiments/get Default", "experiments/get", {"experiment_id": "0"})
    for label, eid in st.exps.items():
        get(f"experiments/get {label}", "experiments/get", {"experiment_id": eid})
        get(f"experiments/get-by-name {label}", "experiments/get-by-name",
            {"experiment_name": st.names[label]})

    for i, body in enumerate([
        {},
        {"view_type": "ALL"},
        {"view_type": "DELETED_ONLY"},
        {"filter": "name LIKE 'tw-%'", "order_by": ["name ASC"], "view_type": "ALL"},
        {"order_by": ["creation_time DESC"], "view_type": "ALL"},
        {"order_by": ["last_update_time ASC", "name DESC"]},
        {"filter": "tags.team = 'vision'"},
        {"filter": "tags.priority LIKE 'l%'", "view_type": "ALL"},
        {"filter": "name ILIKE '%BETA%'"},
    ]):
        post(f"experiments/search #{i}", "experiments/search", {"max_results": 100, **body})
    post("experiments/search paged", "experiments/search",
         {"max_results": 2, "view_type": "ALL", "order_by": ["name ASC"]}, pages=True)
    get("experiments/search GET paged", "experiments/search", {"max_results": 3}, pages=True)

    for label, rid in st.runs.items():
        get(f"runs/get {label}", "runs/get", {"run_id": rid})
    get("ajax runs/get parent", "runs/get", {"run_id": st.runs["parent"]}, prefix="/ajax-api/2.0")

    all_exps = sorted(st.exps.values(), key=int)
    live = [st.exps[k] for k in ("alpha", "beta", "gamma", "new") if k in st.exps]
    searches = [
        {"experiment_ids": all_exps},
        {"experiment_ids": all_exps, "run_view_type": "ALL"},
        {"experiment_ids": all_exps, "run_view_type": "DELETED_ONLY"},
        {"experiment_ids": live, "filter": "metrics.loss < 0.5"},
        {"experiment_ids": live, "filter": "params.lr = '0.01'"},
        {"experiment_ids": live, "filter": "tags.team = 'vision'"},
        {"experiment_ids": live, "filter": "attributes.status = 'FINISHED'"},
        {"experiment_ids": live, "filter": f"tags.mlflow.parentRunId = '{st.runs['parent']}'"},
        {"experiment_ids": live, "filter": "dataset.name = 'train'"},
        {"experiment_ids": live, "filter": "dataset.context = 'training'"},
        {"experiment_ids": live, "filter": "metrics.special > 0"},
        {"experiment_ids": live, "filter": "attributes.run_name LIKE 'child%'"},
        {"experiment_ids": live, "filter": "params.bp1 = '1' AND metrics.acc >= 0.5"},
        {"experiment_ids": live, "order_by": ["metrics.loss ASC"]},
        {"experiment_ids": live, "order_by": ["metrics.loss DESC"]},
        {"experiment_ids": live, "order_by": ["metrics.special DESC"]},
        {"experiment_ids": live, "order_by": ["params.lr DESC"]},
        {"experiment_ids": live, "order_by": ["attributes.run_name ASC"]},
        {"experiment_ids": live, "order_by": ["attributes.start_time ASC"]},
        {"experiment_ids": live, "order_by": ["attributes.end_time DESC"], "run_view_type": "ALL"},
        {"experiment_ids": live, "order_by": ["tags.team ASC", "attributes.start_time DESC"]},
    ]
    for i, body in enumerate(searches):
        post(f"runs/search #{i}", "runs/search", body)
    post("runs/search paged", "runs/search",
         {"experiment_ids": all_exps, "run_view_type": "ALL", "max_results": 3,
          "order_by": ["attributes.start_time ASC"]}, pages=True)

    for run in st.runs:
        for key in sorted(st.metric_keys[run]):
            get(f"get-history {run}/{key}", "metrics/get-history",
                {"run_id": st.runs[run], "metric_key": key})
    get("get-history parent/loss paged", "metrics/get-history",
        {"run_id": st.runs["parent"], "metric_key": "loss", "max_results": 4}, pages=True)

    fams = [st.runs[r] for r in ("parent", "child1", "child2", "tw") if r in st.runs]
    for i, params in enumerate([
        {"run_ids": fams, "metric_key": "loss"},
        {"run_ids": fams, "metric_key": "loss", "max_results": 5},
        {"run_ids": fams, "metric_key": "loss", "start_step": 1, "end_step": 5},
        {"run_ids": [st.runs["parent"]], "metric_key": "special"},
    ]):
        get(f"get-history-bulk-interval #{i}", "metrics/get-history-bulk-interval", params,
            prefix="/ajax-api/2.0")
    post("search-datasets", "experiments/search-datasets", {"experiment_ids": all_exps},
         prefix="/ajax-api/2.0")
    return calls


# --------------------------------------------------------------------------- the flow


@dataclass
class Flow:
    middle: str
    calls1: list = field(default_factory=list)
    calls2: list = field(default_factory=list)
    mlflow1: Capture | None = None  # MLflow's answers after filling
    middle_read: Capture | None = None  # the middle server's answers to the same calls
    middle_final: Capture | None = None  # its answers after its own writes
    mlflow_final: Capture | None = None  # MLflow's answers on the database the middle server left
    db: dict = field(default_factory=dict)  # database inspections, by moment
    write_error: str | None = None
    client_view: dict = field(default_factory=dict)


def _client(url):
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri=url)


@pytest.fixture(scope="module")
def flow(pytestconfig, tmp_path_factory):
    if pytestconfig.getoption("--url"):
        pytest.skip("the two-way test starts its own servers on one database; not with --url")
    kind = pytestconfig.getoption("--backend")
    middle = pytestconfig.getoption("--target")
    jar = Path(pytestconfig.getoption("--jar"))
    java = pytestconfig.getoption("--java")
    workdir = tmp_path_factory.mktemp(f"two-way-{kind}")
    backend = servers.make_backend(kind, workdir, "twoway")

    def start(target, label):
        try:
            return start_on(target, backend, workdir, jar=jar, java=java, label=label)
        except Exception as e:
            pytest.fail(f"{label}: could not start the {target} server: {e}", pytrace=False)

    f = Flow(middle)
    st = State()
    try:
        # 1. MLflow creates and fills the database
        s = start("mlflow", "1-mlflow")
        try:
            fill_with_mlflow(_client(s.url), st)
            f.calls1 = read_calls(st)
            f.mlflow1 = capture("mlflow", s.url, f.calls1)
        finally:
            s.stop()
        f.db["1 mlflow done"] = inspect_db(backend)

        # 2. the middle server (Trackway) serves it, then writes more
        s = start(middle, f"2-{middle}")
        try:
            f.db["2 started"] = inspect_db(backend)
            f.middle_read = capture(middle, s.url, f.calls1)
            f.db["2 answered reads"] = inspect_db(backend)
            try:
                write_with_trackway(_client(s.url), st)
            except Exception:
                f.write_error = traceback.format_exc()
            f.calls2 = read_calls(st)
            f.middle_final = capture(middle, s.url, f.calls2)
        finally:
            s.stop()
        f.db["2 done"] = inspect_db(backend)

        # 3. MLflow opens the database again and reads everything back
        s = start("mlflow", "3-mlflow")
        try:
            f.db["3 started"] = inspect_db(backend)
            f.mlflow_final = capture("mlflow", s.url, f.calls2)
            f.db["3 answered reads"] = inspect_db(backend)
            f.client_view = _client_view(_client(s.url), st)
        finally:
            s.stop()
        _dump(f)
        yield f
    finally:
        backend.cleanup()


def _dump(f: Flow) -> None:
    """COMPAT_TWO_WAY_DUMP=dir: write every captured answer there (for diagnosing differences)."""
    out = os.environ.get("COMPAT_TWO_WAY_DUMP")
    if not out:
        return
    Path(out).mkdir(parents=True, exist_ok=True)
    for name, cap in (("1-mlflow", f.mlflow1), (f"2-{f.middle}-read", f.middle_read),
                      (f"2-{f.middle}-final", f.middle_final), ("3-mlflow", f.mlflow_final)):
        data = {label: {"status": a.status, "body": a.body} for label, a in cap.answers.items()}
        (Path(out) / f"{name}.json").write_text(json.dumps(data, indent=1))


def _client_view(c, st: State) -> dict:
    """What the stock client, against MLflow's server, sees of the middle server's writes."""
    view = {}
    if "tw" in st.runs:
        run = c.get_run(st.runs["tw"])
        view["tw_run"] = run
        view["tw_special"] = [m.value for m in c.get_metric_history(st.runs["tw"], "special")]
    view["parent_loss"] = [(m.step, m.value) for m in c.get_metric_history(st.runs["parent"], "loss")]
    view["beta"] = c.get_experiment(st.exps["beta"])
    view["alpha"] = c.get_experiment(st.exps["alpha"])
    view["gone"] = c.get_experiment(st.exps["gone"])
    view["doomed"] = c.get_run(st.runs["doomed"]).info.lifecycle_stage
    view["killed"] = c.get_run(st.runs["killed"]).info.lifecycle_stage
    return view


# --------------------------------------------------------------------------- the checks


def _non_200(cap):
    return [f"[{label}] HTTP {a.status}: {str(a.body)[:300]}"
            for label, a in cap.answers.items() if a.status != 200]


def test_mlflow_fills_database(flow):
    """The reference answers are all successful (else the comparisons below prove little)."""
    bad = _non_200(flow.mlflow1)
    assert not bad, "MLflow's server refused reads of its own data:\n" + "\n".join(bad)
    assert len(flow.calls1) > 60


def test_trackway_opens_mlflow_database_without_changing_it(flow):
    m = flow.middle
    before = flow.db["1 mlflow done"]
    assert before.alembic, "no alembic_version row after MLflow's server"
    problems = db_differences(before, flow.db["2 started"])
    problems += [f"after the reads: {p}" for p in
                 db_differences(flow.db["2 started"], flow.db["2 answered reads"])]
    assert not problems, f"{m} changed MLflow's database:\n" + "\n".join(problems)


def test_trackway_serves_mlflow_data_identically(flow):
    problems = compare(flow.mlflow1, flow.middle_read, flow.calls1)
    assert not problems, (f"{len(problems)} of {len(flow.mlflow1.answers)} answers differ "
                          f"(mlflow = expected, {flow.middle} = got):\n\n" + "\n\n".join(problems))


def test_trackway_writes_through_stock_client(flow):
    assert flow.write_error is None, f"writing through {flow.middle} failed:\n{flow.write_error}"
    bad = _non_200(flow.middle_final)
    assert not bad, f"{flow.middle} refused reads after its writes:\n" + "\n".join(bad)


def test_mlflow_reopens_trackway_database_without_changes(flow):
    m = flow.middle
    problems = db_differences(flow.db["2 done"], flow.db["3 started"])
    problems += [f"after the reads: {p}" for p in
                 db_differences(flow.db["3 started"], flow.db["3 answered reads"])]
    problems += [f"{m} left a schema other than MLflow's: {p}" for p in
                 db_differences(flow.db["1 mlflow done"], flow.db["2 done"])
                 if not p.startswith("row count")]  # rows grow with the writes; nothing else may
    assert not problems, "\n".join(problems)


def test_mlflow_serves_trackway_data_identically(flow):
    problems = compare(flow.mlflow_final, flow.middle_final, flow.calls2)
    assert not problems, (f"{len(problems)} of {len(flow.mlflow_final.answers)} answers differ "
                          f"(mlflow = expected, {flow.middle} = got):\n\n" + "\n\n".join(problems))


def _same_floats(a, b):
    return len(a) == len(b) and all(
        (math.isnan(x) and math.isnan(y)) or x == y for x, y in zip(a, b))


def test_mlflow_client_sees_trackway_writes(flow):
    """Beyond equal JSON: the values the middle server was given are the ones MLflow reads."""
    assert flow.write_error is None, "writes failed; see test_trackway_writes_through_stock_client"
    v = flow.client_view
    run = v["tw_run"]
    assert run.info.run_name == "trackway-made"
    assert run.info.status == "FINISHED" and run.info.end_time == T0 + 400_000
    assert run.info.start_time == T0 + 300_000
    assert run.info.user_id == "bob"
    assert run.data.params == {"lr": "0.001", "layers": "4", "activation": "relu",
                               **{f"tp{i}": f"p{i}" for i in range(5)}}
    assert run.data.tags["origin"] == "trackway"
    assert run.data.tags["mlflow.parentRunId"] == flow.mlflow_final.body("runs/get parent")["run"]["info"]["run_id"]
    assert {f"tt{i}": f"t{i}" for i in range(3)}.items() <= run.data.tags.items()
    assert run.data.metrics["loss"] == pytest.approx(2.0 / 6)
    assert run.data.metrics["special"] == -2.0
    # MLflow stores ±inf as ±DBL_MAX and serves that back
    assert _same_floats(v["tw_special"], [NAN, DBL_MAX, -DBL_MAX, 0.0, -2.0]), v["tw_special"]
    inputs = sorted((d.dataset.name, {t.key: t.value for t in d.tags}["mlflow.data.context"])
                    for d in run.inputs.dataset_inputs)
    assert inputs == [("train", "training"), ("tw-set", "testing")]
    assert v["parent_loss"][-1] == (10, 0.05)
    assert v["beta"].name == "tw-beta-renamed" and "stage" not in v["beta"].tags
    assert v["alpha"].tags["priority"] == "low" and v["alpha"].tags["reviewed"] == "yes"
    assert v["gone"].lifecycle_stage == "active"
    assert (v["doomed"], v["killed"]) == ("active", "deleted")
