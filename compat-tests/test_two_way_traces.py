"""The two-way database property for traces: MLflow and Trackway take turns on one database.

Like test_two_way.py (tracking) and test_two_way_registry.py (registry), one database of the
backend selected with --backend goes through three servers, one at a time:

1. MLflow's own server creates the database; the stock client traces into it (synchronous
   export: spans over OTLP to /v1/traces, trace info through StartTraceV3): a decorated function
   with nested spans (a manual `start_span` child, a TOOL span), inputs/outputs, trace tags and
   metadata, a client request id; a trace whose span raises (state ERROR); a trace inside a run
   with token usage. Then trace tags are set and deleted, feedback and expectations are logged
   (one feedback updated, one overridden). The JSON answers of the trace read routes (trace info
   v3, trace with spans, batch get, the trace artifact, assessments, search_traces v3 with
   filters, orders and pages, the v2 search) are recorded.
2. Trackway starts on that database, must not change it, and must answer the same requests with
   identical normalized JSON. Then the stock client writes through Trackway: new traces (OTLP from
   the client's exporter, one inside an MLflow-made run), tag changes and assessments on a trace
   MLflow wrote and on its own, a deleted trace; Trackway's answers to the extended request list
   are recorded.
3. MLflow's server starts again on the database, answers the extended list exactly as Trackway
   did, and its stock client reads Trackway's traces back.

Normalization sorts what MLflow leaves to the database's order (a trace's assessments, the spans
of a trace, v2 key/value lists, tags); search results keep their order. Trace ids, span ids,
assessment ids and timestamps are not masked: they are stored and must be served unchanged.
With --target mlflow the middle server is MLflow itself (the reference run).
"""

from __future__ import annotations

import json
import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import servers
from two_way_support import (Call, Capture, capture, compare, db_differences,
                             inspect_db, start_on)

V3 = "/api/3.0"


# --------------------------------------------------------------------------- normalization

SORTED = {"assessments", "spans", "request_metadata", "tags", "trace_metadata"}


def _norm_traces(obj, key=None):
    if isinstance(obj, dict):
        return {k: _norm_traces(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        items = [_norm_traces(v, key) for v in obj]
        if key in SORTED:
            items.sort(key=lambda d: json.dumps(d, sort_keys=True))
        return items
    return obj


def _capture(server_name, url, calls) -> Capture:
    cap = capture(server_name, url, calls)
    for a in cap.answers.values():
        a.body = _norm_traces(a.body)
    return cap


# --------------------------------------------------------------------------- what is written


@dataclass
class State:
    exps: dict = field(default_factory=dict)  # label -> experiment id
    traces: dict = field(default_factory=dict)  # label -> trace id
    assessments: dict = field(default_factory=dict)  # label -> (trace label, assessment id)
    runs: dict = field(default_factory=dict)  # label -> run id
    deleted: set = field(default_factory=set)  # trace labels deleted later
    deleted_assessments: set = field(default_factory=set)  # assessment labels deleted later


class _Tracing:
    """The fluent tracing API pointed at one server, synchronous export; restored afterwards."""

    def __init__(self, url, exp_id):
        self.url, self.exp_id = url, exp_id

    def __enter__(self):
        import mlflow

        self.saved_uri = mlflow.get_tracking_uri()
        self.saved_env = {k: os.environ.get(k) for k in
                          ("MLFLOW_TRACKING_URI", "MLFLOW_ENABLE_ASYNC_TRACE_LOGGING")}
        os.environ["MLFLOW_TRACKING_URI"] = self.url
        os.environ["MLFLOW_ENABLE_ASYNC_TRACE_LOGGING"] = "false"
        mlflow.set_tracking_uri(self.url)
        mlflow.tracing.reset()
        mlflow.set_experiment(experiment_id=self.exp_id)
        return mlflow

    def __exit__(self, *exc):
        import mlflow
        import mlflow.tracking.fluent as fluent

        mlflow.flush_trace_async_logging()
        for k, v in self.saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        fluent._active_experiment_id = None
        mlflow.set_tracking_uri(self.saved_uri)
        mlflow.tracing.reset()
        return False


def _last_trace_id(mlflow) -> str:
    tid = mlflow.get_last_active_trace_id()
    assert tid, "no trace was recorded"
    time.sleep(0.005)  # distinct timestamps: search orders are then fully defined
    return tid


def _decorated_trace(mlflow, tag, question, n):
    @mlflow.trace(span_type="TOOL", attributes={"tool.kind": "math", "n": 3})
    def add(a, b):
        return a + b

    @mlflow.trace(name="inner_chain")
    def inner(x):
        with mlflow.start_span(name="manual_child", span_type="RETRIEVER") as s:
            s.set_inputs({"query": x})
            s.set_attribute("k", [1, 2, 3])
            s.set_outputs([{"doc": "d1"}, {"doc": "d2"}])
        return add(x, 1)

    @mlflow.trace
    def outer(question: str, n: int = 2):
        mlflow.update_current_trace(
            tags={"team": tag},
            metadata={"custom.meta": f"m-{tag}", "mlflow.trace.session": f"sess-{tag}"},
            client_request_id=f"client-req-{tag}",
        )
        r = inner(n)
        return {"answer": f"{question}:{r}", "nums": [r, 2.5, True, None]}

    outer(question, n=n)
    return _last_trace_id(mlflow)


def _error_trace(mlflow, name):
    try:
        with mlflow.start_span(name=name, span_type="AGENT") as s:
            s.set_inputs({"x": 1})
            with mlflow.start_span(name=f"{name}_step") as c:
                c.set_attribute("db", "dev-2")
                raise ValueError("nope")
    except ValueError:
        pass
    return _last_trace_id(mlflow)


def _run_trace(mlflow, exp_id, name, run_id=None):
    with mlflow.start_run(experiment_id=exp_id, run_id=run_id) as run:
        with mlflow.start_span(name=name, span_type="CHAIN") as root:
            root.set_inputs({"messages": [{"role": "user", "content": "hi there"}]})
            with mlflow.start_span(name="llm_call", span_type="LLM") as llm:
                llm.set_attribute("mlflow.chat.tokenUsage",
                                  {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15})
                llm.set_outputs({"choices": [{"message": {"role": "assistant", "content": "hi!"}}]})
            root.set_outputs("hello!")
    return _last_trace_id(mlflow), run.info.run_id


def fill_with_mlflow(c, url, st: State) -> None:
    from mlflow.entities import AssessmentSource, Feedback

    st.exps["main"] = c.create_experiment("tw-traces-main", tags={"kind": "traces"})
    st.exps["other"] = c.create_experiment("tw-traces-other")
    with _Tracing(url, st.exps["main"]) as mlflow:
        st.traces["m1"] = _decorated_trace(mlflow, "alpha", "what", 5)
        st.traces["m_err"] = _error_trace(mlflow, "failing")
        st.traces["m_run"], st.runs["m_run"] = _run_trace(mlflow, st.exps["main"], "root_in_run")
        st.traces["m_tagged"] = _decorated_trace(mlflow, "beta", "why", 1)
        c.set_trace_tag(st.traces["m_tagged"], "k1", "v1")
        c.set_trace_tag(st.traces["m_tagged"], "long", "v" * 9000)
        c.set_trace_tag(st.traces["m_tagged"], "gone", "soon")
        c.delete_trace_tag(st.traces["m_tagged"], "gone")

        t = st.traces["m1"]
        fb = mlflow.log_feedback(trace_id=t, name="quality", value=0.6, rationale="meh",
                                 source=AssessmentSource(source_type="LLM_JUDGE", source_id="judge"),
                                 metadata={"judge": "v1"})
        st.assessments["m_fb"] = ("m1", fb.assessment_id)
        ex = mlflow.log_expectation(trace_id=t, name="expected_answer", value="42",
                                    metadata={"m": "x"})
        st.assessments["m_ex"] = ("m1", ex.assessment_id)
        exl = mlflow.log_expectation(trace_id=t, name="expected_facts", value=["f1", "f2"])
        st.assessments["m_exl"] = ("m1", exl.assessment_id)
        st_fb = mlflow.log_feedback(trace_id=st.traces["m_err"], name="structured",
                                    value={"score": 3, "tags": ["a"]})
        st.assessments["m_struct"] = ("m_err", st_fb.assessment_id)
        mlflow.update_assessment(trace_id=t, assessment_id=fb.assessment_id,
                                 assessment=Feedback(name="quality", value=0.7, rationale="better"))
        ov = mlflow.override_feedback(trace_id=t, assessment_id=fb.assessment_id, value=0.9,
                                      rationale="human says",
                                      source=AssessmentSource(source_type="HUMAN", source_id="alice"))
        st.assessments["m_ov"] = ("m1", ov.assessment_id)

    with _Tracing(url, st.exps["other"]) as mlflow:
        st.traces["o1"] = _decorated_trace(mlflow, "gamma", "elsewhere", 2)


def write_with_trackway(c, url, st: State) -> None:
    from mlflow.entities import AssessmentSource

    with _Tracing(url, st.exps["main"]) as mlflow:
        st.traces["t1"] = _decorated_trace(mlflow, "delta", "from trackway", 7)
        st.traces["t_err"] = _error_trace(mlflow, "tw_failing")
        # a trace in the run MLflow made
        st.traces["t_run"], _ = _run_trace(mlflow, st.exps["main"], "tw_root_in_run",
                                           run_id=st.runs["m_run"])
        st.traces["t_doomed"] = _decorated_trace(mlflow, "doomed", "bye", 0)

        # tags on a trace MLflow wrote, and on Trackway's own
        c.set_trace_tag(st.traces["m_tagged"], "k1", "v1-changed")
        c.set_trace_tag(st.traces["m_tagged"], "k2", "new")
        c.delete_trace_tag(st.traces["m_tagged"], "long")
        c.set_trace_tag(st.traces["m1"], "mlflow.traceName", "renamed-by-trackway")
        c.set_trace_tag(st.traces["t1"], "reviewed", "yes")

        # assessments on MLflow's trace (override MLflow's expectation, delete its override)
        fb = mlflow.log_feedback(trace_id=st.traces["m1"], name="tw_quality", value=True,
                                 rationale="by trackway",
                                 source=AssessmentSource(source_type="HUMAN", source_id="bob"))
        st.assessments["t_fb_on_m1"] = ("m1", fb.assessment_id)
        mlflow.delete_assessment(trace_id=st.traces["m1"], assessment_id=st.assessments["m_ov"][1])
        st.deleted_assessments.add("m_ov")
        ex = mlflow.log_expectation(trace_id=st.traces["t1"], name="expected_answer", value="43")
        st.assessments["t_ex"] = ("t1", ex.assessment_id)
        fb2 = mlflow.log_feedback(trace_id=st.traces["t1"], name="quality", value=0.95,
                                  source=AssessmentSource(source_type="LLM_JUDGE", source_id="judge"))
        st.assessments["t_fb"] = ("t1", fb2.assessment_id)

        c.delete_traces(experiment_id=st.exps["main"], trace_ids=[st.traces["t_doomed"]])
        st.deleted.add("t_doomed")


# --------------------------------------------------------------------------- what is read back


def read_calls(st: State) -> list[Call]:
    calls: list[Call] = []

    def get(label, path, params=None, prefix=V3, pages=False):
        calls.append(Call(label, "GET", path, params=params, prefix=prefix, follow_pages=pages))

    def post(label, path, body, prefix=V3, pages=False):
        calls.append(Call(label, "POST", path, body=body, prefix=prefix, follow_pages=pages))

    for label, tid in st.traces.items():
        get(f"trace info {label}", f"traces/{tid}")
        get(f"get trace {label}", "traces/get", {"trace_id": tid, "allow_partial": "false"})
        get(f"trace artifact {label}", "get-trace-artifact", {"request_id": tid},
            prefix="/ajax-api/3.0")
        get(f"v2 trace info {label}", f"traces/{tid}/info", prefix="/api/2.0")
    live = [tid for label, tid in st.traces.items() if label not in st.deleted]
    get("batch get", "traces/batchGet", {"trace_ids": live[:5]})
    post("batch get infos", "traces/batchGetInfos", {"trace_ids": live})
    for label, (trace_label, aid) in st.assessments.items():
        get(f"assessment {label}", f"traces/{st.traces[trace_label]}/assessments/{aid}")

    main = [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": st.exps["main"]}}]
    both = main + [{"type": "MLFLOW_EXPERIMENT",
                    "mlflow_experiment": {"experiment_id": st.exps["other"]}}]
    searches = [
        ("", []),
        ("", ["timestamp ASC"]),
        ("status = 'ERROR'", []),
        ("status = 'OK'", ["execution_time DESC", "timestamp ASC"]),
        ("tags.team = 'alpha'", []),
        ("tags.k1 LIKE 'v1%'", []),
        ("tags.mlflow.traceName = 'root_in_run'", []),
        ("name = 'outer'", ["timestamp ASC"]),
        ("metadata.`custom.meta` = 'm-alpha'", []),
        (f"metadata.mlflow.sourceRun = '{st.runs['m_run']}'", ["timestamp ASC"]),
        ("client_request_id = 'client-req-beta'", []),
        ("span.type = 'TOOL'", ["timestamp ASC"]),
        ("span.name = 'llm_call'", []),
        ("span.attributes.db LIKE '%dev%'", []),
        ("feedback.quality > 0.8", []),
        ("expectation.expected_answer = '42'", []),
        ("trace.text ILIKE '%WHAT%'", []),
        ("execution_time_ms >= 0", ["name ASC", "timestamp ASC"]),
    ]
    for i, (flt, order) in enumerate(searches):
        post(f"search #{i} {flt!r} {order}", "traces/search",
             {"locations": main, "filter": flt, "order_by": order, "max_results": 100})
    post("search both experiments", "traces/search",
         {"locations": both, "max_results": 100, "order_by": ["timestamp DESC"]})
    post("search paged", "traces/search",
         {"locations": both, "max_results": 2, "order_by": ["timestamp ASC"]}, pages=True)
    get("v2 search", "traces", {"experiment_ids": [st.exps["main"], st.exps["other"]],
                                "max_results": 100}, prefix="/api/2.0")
    get("v2 search paged", "traces", {"experiment_ids": [st.exps["main"]], "max_results": 2,
                                      "order_by": ["timestamp_ms ASC"]}, prefix="/api/2.0",
        pages=True)
    return calls


# --------------------------------------------------------------------------- the flow


@dataclass
class Flow:
    middle: str
    st: State | None = None
    calls1: list = field(default_factory=list)
    calls2: list = field(default_factory=list)
    mlflow1: Capture | None = None
    middle_read: Capture | None = None
    middle_final: Capture | None = None
    mlflow_final: Capture | None = None
    db: dict = field(default_factory=dict)
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
    workdir = tmp_path_factory.mktemp(f"two-way-traces-{kind}")
    backend = servers.make_backend(kind, workdir, "tracing2_twowaytr")

    def start(target, label):
        try:
            return start_on(target, backend, workdir, jar=jar, java=java, label=label)
        except Exception as e:
            pytest.fail(f"{label}: could not start the {target} server: {e}", pytrace=False)

    f = Flow(middle)
    st = f.st = State()
    try:
        s = start("mlflow", "1-mlflow")
        try:
            fill_with_mlflow(_client(s.url), s.url, st)
            f.calls1 = read_calls(st)
            f.mlflow1 = _capture("mlflow", s.url, f.calls1)
        finally:
            s.stop()
        f.db["1 mlflow done"] = inspect_db(backend)

        s = start(middle, f"2-{middle}")
        try:
            f.db["2 started"] = inspect_db(backend)
            f.middle_read = _capture(middle, s.url, f.calls1)
            f.db["2 answered reads"] = inspect_db(backend)
            try:
                write_with_trackway(_client(s.url), s.url, st)
            except Exception:
                f.write_error = traceback.format_exc()
            f.calls2 = read_calls(st)
            f.middle_final = _capture(middle, s.url, f.calls2)
        finally:
            s.stop()
        f.db["2 done"] = inspect_db(backend)

        s = start("mlflow", "3-mlflow")
        try:
            f.db["3 started"] = inspect_db(backend)
            f.mlflow_final = _capture("mlflow", s.url, f.calls2)
            f.db["3 answered reads"] = inspect_db(backend)
            f.client_view = _client_view(_client(s.url), st)
        finally:
            s.stop()
        _dump(f)
        yield f
    finally:
        backend.cleanup()


def _client_view(c, st: State) -> dict:
    """What the stock client, against MLflow's server, sees of the middle server's writes."""
    view = {}
    for label in ("t1", "t_err", "t_run", "m1", "m_tagged"):
        if label in st.traces:
            view[label] = c.get_trace(st.traces[label])
    view["in_run"] = sorted(t.info.trace_id for t in c.search_traces(
        locations=[st.exps["main"]], run_id=st.runs["m_run"]))
    return view


def _dump(f: Flow) -> None:
    """COMPAT_TWO_WAY_DUMP=dir: write every captured answer there."""
    out = os.environ.get("COMPAT_TWO_WAY_DUMP")
    if not out:
        return
    Path(out).mkdir(parents=True, exist_ok=True)
    for name, cap in (("1-mlflow", f.mlflow1), (f"2-{f.middle}-read", f.middle_read),
                      (f"2-{f.middle}-final", f.middle_final), ("3-mlflow", f.mlflow_final)):
        data = {label: {"status": a.status, "body": a.body} for label, a in cap.answers.items()}
        (Path(out) / f"traces-{name}.json").write_text(json.dumps(data, indent=1))


# --------------------------------------------------------------------------- the checks


def _expected_errors(st: State) -> set:
    """Reads of what the middle server deleted (a trace, an assessment) answer 404 everywhere."""
    return {f"{kind} {label}" for label in st.deleted
            for kind in ("trace info", "get trace", "trace artifact", "v2 trace info")} | {
        f"assessment {label}" for label in st.deleted_assessments}


def _non_200(cap, allowed=()):
    return [f"[{label}] HTTP {a.status}: {str(a.body)[:300]}"
            for label, a in cap.answers.items() if a.status != 200 and label not in allowed]


def test_mlflow_fills_traces(flow):
    bad = _non_200(flow.mlflow1)
    assert not bad, "MLflow's server refused reads of its own traces:\n" + "\n".join(bad)
    assert len(flow.calls1) > 40
    spans = flow.mlflow1.body("get trace m1")["trace"]["spans"]
    assert len(spans) == 4
    assert len(flow.mlflow1.body("search #0 '' []")["traces"]) == 4


def test_trackway_opens_mlflow_trace_database_without_changing_it(flow):
    m = flow.middle
    problems = db_differences(flow.db["1 mlflow done"], flow.db["2 started"])
    problems += [f"after the reads: {p}" for p in
                 db_differences(flow.db["2 started"], flow.db["2 answered reads"])]
    assert not problems, f"{m} changed MLflow's database:\n" + "\n".join(problems)


def test_trackway_serves_mlflow_traces_identically(flow):
    problems = compare(flow.mlflow1, flow.middle_read, flow.calls1)
    assert not problems, (f"{len(problems)} of {len(flow.mlflow1.answers)} answers differ "
                          f"(mlflow = expected, {flow.middle} = got):\n\n" + "\n\n".join(problems))


def test_trackway_writes_traces_through_stock_client(flow):
    assert flow.write_error is None, f"writing through {flow.middle} failed:\n{flow.write_error}"
    bad = _non_200(flow.middle_final, _expected_errors(flow.st))
    assert not bad, f"{flow.middle} refused reads after its writes:\n" + "\n".join(bad)
    for label in _expected_errors(flow.st):
        assert flow.middle_final.answers[label].status == 404, label
    spans = flow.middle_final.body("get trace t1")["trace"]["spans"]
    assert len(spans) == 4


def test_mlflow_reopens_trackway_trace_database_without_changes(flow):
    m = flow.middle
    problems = db_differences(flow.db["2 done"], flow.db["3 started"])
    problems += [f"after the reads: {p}" for p in
                 db_differences(flow.db["3 started"], flow.db["3 answered reads"])]
    problems += [f"{m} left a schema other than MLflow's: {p}" for p in
                 db_differences(flow.db["1 mlflow done"], flow.db["2 done"])
                 if not p.startswith("row count")]
    assert not problems, "\n".join(problems)


def test_mlflow_serves_trackway_traces_identically(flow):
    problems = compare(flow.mlflow_final, flow.middle_final, flow.calls2)
    assert not problems, (f"{len(problems)} of {len(flow.mlflow_final.answers)} answers differ "
                          f"(mlflow = expected, {flow.middle} = got):\n\n" + "\n\n".join(problems))


def test_mlflow_client_reads_trackway_traces(flow):
    """Beyond equal JSON: the stock client against MLflow's server sees what Trackway was given."""
    assert flow.write_error is None, "writes failed; see test_trackway_writes_traces_through_stock_client"
    v, st = flow.client_view, flow.st
    t1 = v["t1"]
    assert t1.info.state.value == "OK"
    assert t1.info.tags["team"] == "delta" and t1.info.tags["reviewed"] == "yes"
    assert t1.info.client_request_id == "client-req-delta"
    assert t1.info.trace_metadata["custom.meta"] == "m-delta"
    spans = {s.name: s for s in t1.data.spans}
    assert set(spans) == {"outer", "inner_chain", "manual_child", "add"}
    assert spans["add"].parent_id == spans["inner_chain"].span_id
    assert spans["add"].inputs == {"a": 7, "b": 1} and spans["add"].outputs == 8
    assert spans["manual_child"].outputs == [{"doc": "d1"}, {"doc": "d2"}]
    assessed = {a.name: a for a in t1.info.assessments}
    assert assessed["expected_answer"].value == "43"
    assert assessed["quality"].value == 0.95
    assert v["t_err"].info.state.value == "ERROR"
    assert v["t_run"].info.trace_metadata["mlflow.sourceRun"] == st.runs["m_run"]
    assert v["t_run"].info.token_usage == {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15}
    assert v["in_run"] == sorted([st.traces["m_run"], st.traces["t_run"]])
    m1 = v["m1"].info
    assert m1.tags["mlflow.traceName"] == "renamed-by-trackway"
    by_id = {a.assessment_id: a for a in m1.assessments}
    assert by_id[st.assessments["t_fb_on_m1"][1]].value is True
    assert st.assessments["m_ov"][1] not in by_id  # the override Trackway deleted
    assert by_id[st.assessments["m_fb"][1]].valid  # valid again once its override is gone
    tagged = v["m_tagged"].info.tags
    assert (tagged["k1"], tagged["k2"]) == ("v1-changed", "new") and "long" not in tagged
