"""MLflow 3 tracing with the stock client: spans over OTLP, the trace REST API, search,
tags, assessments, deletes, run links, and the raw routes the UI and other clients use.

Every test runs against MLflow's server too (--target mlflow): the assertions are MLflow's
observable behaviour.
"""

from __future__ import annotations

import base64
import gzip
import json
import time
import uuid
import zlib

import pytest
import requests

from conftest import assert_mlflow_error


@pytest.fixture(scope="module", autouse=True)
def _tracing_to_server(tracking_uri):
    """The tracer exports to the server under test (its exporter is built on first use)."""
    import mlflow

    mlflow.tracing.reset()
    yield
    mlflow.flush_trace_async_logging()
    mlflow.tracing.reset()


@pytest.fixture
def exp_id(experiment_id):
    import mlflow

    mlflow.set_experiment(experiment_id=experiment_id)
    return experiment_id


@pytest.fixture
def sync_logging(monkeypatch):
    """Spans and trace info exported synchronously, as each span ends."""
    import mlflow

    monkeypatch.setenv("MLFLOW_ENABLE_ASYNC_TRACE_LOGGING", "false")
    mlflow.tracing.reset()
    yield
    monkeypatch.delenv("MLFLOW_ENABLE_ASYNC_TRACE_LOGGING")
    mlflow.tracing.reset()


def _last_trace():
    import mlflow

    mlflow.flush_trace_async_logging()
    return mlflow.get_trace(mlflow.get_last_active_trace_id(), flush=True)


def _search(exp_id, **kw):
    import mlflow

    mlflow.flush_trace_async_logging()
    return mlflow.search_traces(locations=[exp_id], return_type="list", **kw)


# --------------------------------------------------------------------------- client


def test_decorated_functions_nested_spans_sync(exp_id, sync_logging):
    import mlflow

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
            tags={"team": "alpha"},
            metadata={"custom.meta": "m1", "mlflow.trace.session": "sess-1"},
            client_request_id="client-req-1",
        )
        r = inner(n)
        return {"answer": f"{question}:{r}", "nums": [r, 2.5, True, None]}

    assert outer("what", n=5) == {"answer": "what:6", "nums": [6, 2.5, True, None]}
    trace = _last_trace()
    info = trace.info
    assert info.state.value == "OK"
    assert info.experiment_id == exp_id
    assert info.client_request_id == "client-req-1"
    assert info.tags["team"] == "alpha"
    assert info.tags["mlflow.traceName"] == "outer"
    assert info.tags["mlflow.trace.spansLocation"] == "TRACKING_STORE"
    assert info.trace_metadata["custom.meta"] == "m1"
    assert info.trace_metadata["mlflow.trace.session"] == "sess-1"
    assert info.request_preview == '{"question": "what", "n": 5}'
    assert info.response_preview == '{"answer": "what:6", "nums": [6, 2.5, true, null]}'
    assert info.execution_duration is not None and info.execution_duration >= 0

    spans = {s.name: s for s in trace.data.spans}
    assert set(spans) == {"outer", "inner_chain", "manual_child", "add"}
    assert trace.data.spans[0].name == "outer"  # root first
    assert spans["outer"].parent_id is None
    assert spans["inner_chain"].parent_id == spans["outer"].span_id
    assert spans["manual_child"].parent_id == spans["inner_chain"].span_id
    assert spans["add"].parent_id == spans["inner_chain"].span_id
    assert spans["add"].span_type == "TOOL"
    assert spans["add"].inputs == {"a": 5, "b": 1}
    assert spans["add"].outputs == 6
    assert spans["add"].attributes["tool.kind"] == "math"
    assert spans["add"].attributes["n"] == 3
    assert spans["manual_child"].span_type == "RETRIEVER"
    assert spans["manual_child"].inputs == {"query": 5}
    assert spans["manual_child"].outputs == [{"doc": "d1"}, {"doc": "d2"}]
    assert spans["manual_child"].attributes["k"] == [1, 2, 3]
    assert spans["outer"].inputs == {"question": "what", "n": 5}
    assert spans["outer"].outputs == {"answer": "what:6", "nums": [6, 2.5, True, None]}
    assert all(s.status.status_code.value == "OK" for s in trace.data.spans)


def test_async_logging_flushed(exp_id):
    import mlflow

    @mlflow.trace
    def child(i):
        return i * 2

    @mlflow.trace
    def f(i):
        return child(i) + 1

    for i in range(3):
        f(i)
    mlflow.flush_trace_async_logging()
    traces = _search(exp_id)
    assert len(traces) == 3
    assert sorted(t.data.spans[0].outputs for t in traces) == [1, 3, 5]
    for t in traces:
        assert [s.name for s in t.data.spans] == ["f", "child"]
        assert t.info.state.value == "OK"
        again = mlflow.get_trace(t.info.trace_id)
        assert [s.span_id for s in again.data.spans] == [s.span_id for s in t.data.spans]


def test_start_span_exception_is_error(exp_id):
    import mlflow

    @mlflow.trace
    def boom(x):
        with mlflow.start_span("will_fail", span_type="LLM") as s:
            s.set_inputs({"x": x})
            raise ValueError(f"bad value {x}")

    with pytest.raises(ValueError):
        boom(7)
    trace = _last_trace()
    assert trace.info.state.value == "ERROR"
    for span in trace.data.spans:
        assert span.status.status_code.value == "ERROR"
        assert span.status.description == "ValueError: bad value 7"
        events = [e for e in span.events if e.name == "exception"]
        assert events and events[0].attributes["exception.type"] == "ValueError"
        assert events[0].attributes["exception.message"] == "bad value 7"
    assert trace.info.request_preview == '{"x": 7}'


def test_traces_in_run_found_by_run_id(exp_id):
    import mlflow

    with mlflow.start_run() as run:
        with mlflow.start_span(name="root_in_run", span_type="CHAIN") as root:
            root.set_inputs({"messages": [{"role": "user", "content": "hi there"}]})
            with mlflow.start_span(name="llm_call", span_type="LLM") as llm:
                llm.set_attribute(
                    "mlflow.chat.tokenUsage",
                    {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15},
                )
                llm.set_outputs({"choices": [{"message": {"role": "assistant", "content": "hi!"}}]})
            root.set_outputs("hello!")
    with mlflow.start_span(name="outside_run"):
        pass
    traces = _search(exp_id, run_id=run.info.run_id)
    assert [t.info.tags["mlflow.traceName"] for t in traces] == ["root_in_run"]
    info = traces[0].info
    assert info.trace_metadata["mlflow.sourceRun"] == run.info.run_id
    assert info.token_usage == {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15}
    assert info.request_preview == "hi there"
    assert info.response_preview == '"hello!"'
    assert [s.name for s in traces[0].data.spans] == ["root_in_run", "llm_call"]


def test_link_traces_to_run_found_by_run_id(exp_id, client):
    import mlflow

    with mlflow.start_span(name="linked"):
        pass
    tid = _last_trace().info.trace_id
    run = client.create_run(exp_id)
    client.link_traces_to_run([tid], run.info.run_id)
    client.link_traces_to_run([tid], run.info.run_id)  # again: no duplicate
    found = _search(exp_id, run_id=run.info.run_id)
    assert [t.info.trace_id for t in found] == [tid]


@pytest.fixture
def six_traces(exp_id):
    """Traces named alpha, beta, gamma (ERROR), delta, epsilon, alpha with tags and spans."""
    import mlflow

    specs = [
        ("alpha", "prod", 0.05, False, {"db": "prod-1"}),
        ("beta", "dev", 0.40, False, {}),
        ("gamma", "prod", 0.01, True, {"db": "dev-2"}),
        ("delta", "staging", 0.0, False, {"db": "dev-9"}),
        ("epsilon", "dev", 0.02, False, {}),
        ("alpha", "prod", 0.50, False, {}),
    ]
    ids = []
    for name, env, sleep, fail, attrs in specs:
        try:
            with mlflow.start_span(name=name, span_type="AGENT" if name == "delta" else "CHAIN") as s:
                mlflow.update_current_trace(tags={"env": env}, metadata={"owner": f"o-{name}"})
                s.set_inputs({"q": name})
                s.set_attributes(attrs)
                time.sleep(sleep)
                with mlflow.start_span(name=f"{name}-child") as c:
                    c.set_outputs(f"out {name}")
                if fail:
                    raise RuntimeError("failed " + name)
        except RuntimeError:
            pass
        ids.append(mlflow.get_last_active_trace_id())
        time.sleep(0.01)
    mlflow.flush_trace_async_logging()
    return ids


def _names(traces):
    return [t.info.tags.get("mlflow.traceName") for t in traces]


def test_search_traces_filters(exp_id, six_traces):
    def names(f, **kw):
        return sorted(_names(_search(exp_id, filter_string=f, **kw)))

    assert names("name = 'alpha'") == ["alpha", "alpha"]
    assert names("trace.name LIKE '%ta'") == ["beta", "delta"]
    assert names("status = 'ERROR'") == ["gamma"]
    assert names("attributes.status IN ('ERROR')") == ["gamma"]
    assert names("tags.env = 'dev'") == ["beta", "epsilon"]
    assert names("tag.env LIKE 'pr%' AND metadata.owner = 'o-gamma'") == ["gamma"]
    assert names("tags.env ILIKE 'DEV'") == ["beta", "epsilon"]
    assert names("tags.env RLIKE '^st'") == ["delta"]
    assert names("tags.env != 'prod'") == ["beta", "delta", "epsilon"]
    assert names("tags.missing IS NULL") == sorted(_names(_search(exp_id)))
    assert names("metadata.owner IS NOT NULL AND name = 'beta'") == ["beta"]
    # well above the short traces: the first trace of a busy machine can take 150 ms
    assert names("execution_time_ms > 300") == ["alpha", "beta"]
    assert names(f"timestamp_ms > {int(time.time() * 1000) - 3_600_000}") == sorted(
        ["alpha", "beta", "gamma", "delta", "epsilon", "alpha"]
    )
    assert names("span.name = 'delta-child'") == ["delta"]
    assert names("span.type = 'AGENT'") == ["delta"]
    assert names("span.attributes.db LIKE '%dev%'") == ["delta", "gamma"]
    assert names("trace.text LIKE '%out epsilon%'") == ["epsilon"]
    assert names("request_id = 'tr-00000000000000000000000000000000'") == []


def test_search_traces_order_and_pages(exp_id, six_traces):
    import mlflow

    assert _names(_search(exp_id, order_by=["name ASC"])) == [
        "alpha", "alpha", "beta", "delta", "epsilon", "gamma"
    ]
    by_time = _search(exp_id, order_by=["timestamp_ms ASC"])
    assert [t.info.trace_id for t in by_time] == six_traces
    default = _search(exp_id)
    assert [t.info.trace_id for t in default] == list(reversed(six_traces))
    longest = _search(exp_id, order_by=["execution_time_ms DESC"])
    assert _names(longest)[:2] == ["alpha", "beta"]
    by_tag = _search(exp_id, order_by=["tags.env ASC", "timestamp_ms ASC"])
    assert [t.info.tags["env"] for t in by_tag] == ["dev", "dev", "prod", "prod", "prod", "staging"]

    client = mlflow.MlflowClient()
    seen = []
    token = None
    for _ in range(3):
        page = client.search_traces(
            locations=[exp_id], max_results=2, order_by=["timestamp_ms ASC"], page_token=token,
            include_spans=False,
        )
        seen += [t.info.trace_id for t in page]
        token = page.token
    assert seen == six_traces
    assert token is None
    assert len(mlflow.search_traces(locations=[exp_id], max_results=3, return_type="list")) == 3


def test_search_traces_bad_filters(exp_id, six_traces):
    import mlflow
    from mlflow.exceptions import MlflowException

    for bad in ["name IN ('alpha')", "foo.bar = 'x'", "trace.status > 'OK'", "span.bogus = 'x'",
                "name = alpha", "tags.env == 'x'", "name = 'a' OR name = 'b'"]:
        with pytest.raises(MlflowException) as e:
            mlflow.search_traces(locations=[exp_id], filter_string=bad, return_type="list")
        assert e.value.error_code == "INVALID_PARAMETER_VALUE", bad


def test_get_trace_and_tags(exp_id, client):
    import mlflow

    with mlflow.start_span(name="tagged"):
        pass
    tid = _last_trace().info.trace_id
    client.set_trace_tag(tid, "k1", "v1")
    client.set_trace_tag(tid, "k2", "v" * 9000)
    mlflow.set_trace_tag(tid, "k3", "v3")
    tags = mlflow.get_trace(tid).info.tags
    assert tags["k1"] == "v1" and tags["k3"] == "v3"
    assert tags["k2"] == "v" * 4096  # stored cut to 8000, returned cut to 4096
    client.delete_trace_tag(tid, "k1")
    assert "k1" not in mlflow.get_trace(tid).info.tags
    from mlflow.exceptions import MlflowException

    with pytest.raises(MlflowException) as e:
        client.delete_trace_tag(tid, "k1")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    with pytest.raises(MlflowException) as e:
        client.get_trace("tr-" + "0" * 32)
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_feedback_and_expectations(exp_id):
    import mlflow
    from mlflow.entities import AssessmentError, AssessmentSource, Expectation, Feedback
    from mlflow.exceptions import MlflowException

    with mlflow.start_span(name="assessed") as s:
        s.set_inputs("q")
    tid = _last_trace().info.trace_id
    fb = mlflow.log_feedback(
        trace_id=tid, name="quality", value=0.6, rationale="meh",
        source=AssessmentSource(source_type="LLM_JUDGE", source_id="gpt-judge"),
        metadata={"judge": "v1"},
    )
    assert fb.assessment_id.startswith("a-")
    assert fb.value == 0.6 and fb.rationale == "meh" and fb.valid
    err = mlflow.log_feedback(
        trace_id=tid, name="broken",
        error=AssessmentError(error_code="TIMEOUT", error_message="judge timed out"),
    )
    assert err.error.error_code == "TIMEOUT" and err.value is None
    structured = mlflow.log_feedback(trace_id=tid, name="structured", value={"score": 3, "tags": ["a"]})
    assert structured.value == {"score": 3, "tags": ["a"]}
    ex = mlflow.log_expectation(trace_id=tid, name="expected_answer", value="42", metadata={"m": "x"})
    ex_list = mlflow.log_expectation(trace_id=tid, name="expected_facts", value=["f1", "f2"])
    assert mlflow.get_assessment(tid, ex_list.assessment_id).value == ["f1", "f2"]

    got = mlflow.get_assessment(tid, fb.assessment_id)
    assert (got.name, got.value, got.source.source_id, got.metadata) == (
        "quality", 0.6, "gpt-judge", {"judge": "v1"}
    )
    upd = mlflow.update_assessment(
        trace_id=tid, assessment_id=fb.assessment_id,
        assessment=Feedback(name="quality", value=0.7, rationale="better"),
    )
    assert (upd.value, upd.rationale, upd.source.source_id) == (0.7, "better", "gpt-judge")
    upd_ex = mlflow.update_assessment(
        trace_id=tid, assessment_id=ex.assessment_id,
        assessment=Expectation(name="expected_answer", value="43"),
    )
    assert upd_ex.value == "43"

    ov = mlflow.override_feedback(
        trace_id=tid, assessment_id=fb.assessment_id, value=0.9, rationale="human says",
        source=AssessmentSource(source_type="HUMAN", source_id="alice"),
    )
    assert ov.overrides == fb.assessment_id
    assert not mlflow.get_assessment(tid, fb.assessment_id).valid
    in_trace = {a.assessment_id: a for a in mlflow.get_trace(tid).info.assessments}
    assert set(in_trace) >= {fb.assessment_id, ov.assessment_id, ex.assessment_id}

    found = _search(exp_id, filter_string="feedback.quality > 0.8")
    assert [t.info.trace_id for t in found] == [tid]
    assert _search(exp_id, filter_string="feedback.quality = '0.7'") == []  # overridden
    found = _search(exp_id, filter_string="expectation.expected_answer = '43'")
    assert [t.info.trace_id for t in found] == [tid]

    mlflow.delete_assessment(trace_id=tid, assessment_id=ov.assessment_id)
    assert mlflow.get_assessment(tid, fb.assessment_id).valid  # the original is valid again
    mlflow.delete_assessment(trace_id=tid, assessment_id=ov.assessment_id)  # idempotent
    with pytest.raises(MlflowException) as e:
        mlflow.get_assessment(tid, "a-doesnotexist")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    with pytest.raises(MlflowException) as e:
        mlflow.log_feedback(trace_id="tr-" + "0" * 32, name="x", value=1)
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_feedback_logged_inside_the_trace(exp_id):
    import mlflow

    @mlflow.trace
    def f():
        mlflow.log_feedback(trace_id=mlflow.get_active_trace_id(), name="inline", value=True)
        return "a"

    f()
    info = _last_trace().info
    assert [(a.name, a.value) for a in info.assessments] == [("inline", True)]


def test_delete_traces_by_ids_and_timestamp(exp_id, client):
    import mlflow

    ids = []
    for i in range(5):
        with mlflow.start_span(name=f"d{i}"):
            time.sleep(0.005)
        ids.append(mlflow.get_last_active_trace_id())
    mlflow.flush_trace_async_logging()
    assert client.delete_traces(exp_id, trace_ids=ids[:2]) == 2
    assert client.delete_traces(exp_id, trace_ids=ids[:2]) == 0
    now = int(time.time() * 1000) + 1000
    assert client.delete_traces(exp_id, max_timestamp_millis=now, max_traces=2) == 2
    left = _search(exp_id)
    assert [t.info.trace_id for t in left] == [ids[4]]  # the oldest went first
    assert client.delete_traces(exp_id, max_timestamp_millis=now) == 1
    assert _search(exp_id) == []


# --------------------------------------------------------------------------- raw HTTP


def _otlp_request(trace_hex, spans, resource_attrs=None):
    """An ExportTraceServiceRequest built with the OpenTelemetry proto classes."""
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
    from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

    req = ExportTraceServiceRequest()
    rs = req.resource_spans.add()
    for k, v in (resource_attrs or {}).items():
        kv = rs.resource.attributes.add()
        kv.key = k
        kv.value.string_value = v
    ss = rs.scope_spans.add()
    for sid, parent, name, start, end, attrs, error in spans:
        s = ss.spans.add()
        s.trace_id = bytes.fromhex(trace_hex)
        s.span_id = bytes.fromhex(sid)
        if parent:
            s.parent_span_id = bytes.fromhex(parent)
        s.name = name
        s.kind = Span.SPAN_KIND_CLIENT
        s.start_time_unix_nano = start
        s.end_time_unix_nano = end
        for k, v in attrs.items():
            kv = s.attributes.add()
            kv.key = k
            if isinstance(v, bool):
                kv.value.bool_value = v
            elif isinstance(v, int):
                kv.value.int_value = v
            elif isinstance(v, float):
                kv.value.double_value = v
            else:
                kv.value.string_value = v
        s.status.code = Status.STATUS_CODE_ERROR if error else Status.STATUS_CODE_OK
        if error:
            s.status.message = "broken"
    return req


def _post_otlp(server, exp_id, body, content_type="application/x-protobuf", headers=None):
    h = {"Content-Type": content_type}
    if exp_id is not None:
        h["x-mlflow-experiment-id"] = exp_id
    h.update(headers or {})
    return requests.post(server.url + "/v1/traces", data=body, headers=h, timeout=60)


def test_otlp_protobuf_json_and_compression(server, api, exp_id):
    from google.protobuf.json_format import MessageToDict

    t0 = 1_795_000_000_000_000_000
    ids = [uuid.uuid4().hex for _ in range(4)]
    root = "a1" * 8
    child = "b2" * 8

    def spans():
        return [
            (root, None, "root", t0, t0 + 5_000_000, {"session.id": "s-1", "user.id": "u-1", "x": 1}, False),
            (child, root, "child", t0 + 1_000_000, t0 + 2_000_000, {"f": 1.5, "b": True}, True),
        ]

    pb = _otlp_request(ids[0], spans(), {"service.name": "svc", "deployment.env": "test"})
    r = _post_otlp(server, exp_id, pb.SerializeToString())
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/x-protobuf")
    assert r.content == b""

    js = MessageToDict(_otlp_request(ids[1], spans()))
    for span in js["resourceSpans"][0]["scopeSpans"][0]["spans"]:
        for f in ("traceId", "spanId", "parentSpanId"):
            if f in span:
                span[f] = base64.b64decode(span[f]).hex()
    r = _post_otlp(server, exp_id, json.dumps(js), "application/json")
    assert r.status_code == 200, r.text
    assert r.json() == {}

    body = _otlp_request(ids[2], spans()).SerializeToString()
    r = _post_otlp(server, exp_id, gzip.compress(body), headers={"Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text
    body = _otlp_request(ids[3], spans()).SerializeToString()
    r = _post_otlp(server, exp_id, zlib.compress(body), headers={"Content-Encoding": "deflate"})
    assert r.status_code == 200, r.text

    for hexid in ids:
        r = api.get("traces/get", {"trace_id": f"tr-{hexid}", "allow_partial": "true"},
                    prefix="/api/3.0")
        assert r.status_code == 200, r.text
        trace = r.json()["trace"]
        info = trace["trace_info"]
        assert info["state"] == "OK"
        assert info["request_time"] == "2026-11-18T11:06:40Z"
        assert info["execution_duration"] == "0.005s"
        assert info["trace_metadata"]["mlflow.trace.session"] == "s-1"
        assert info["trace_metadata"]["mlflow.trace.user"] == "u-1"
        assert info["tags"]["mlflow.trace.spansLocation"] == "TRACKING_STORE"
        spans_out = trace["spans"]
        assert [s["name"] for s in spans_out] == ["root", "child"]
        assert spans_out[0]["kind"] == "SPAN_KIND_CLIENT"
        assert spans_out[1]["status"] == {"message": "broken", "code": "STATUS_CODE_ERROR"}
        assert base64.b64decode(spans_out[1]["parent_span_id"]).hex() == root
        attrs = {a["key"]: a["value"] for a in spans_out[1]["attributes"]}
        assert attrs["f"] == {"double_value": 1.5} and attrs["b"] == {"bool_value": True}
        assert attrs["mlflow.traceRequestId"] == {"string_value": f"tr-{hexid}"}
    first = api.get(f"traces/tr-{ids[0]}", prefix="/api/3.0").json()["trace"]["trace_info"]
    assert first["tags"]["service.name"] == "svc" and first["tags"]["deployment.env"] == "test"


def test_otlp_refusals_store_nothing(server, api, exp_id):
    hexid = uuid.uuid4().hex
    t0 = 1_795_000_000_000_000_000
    good = _otlp_request(hexid, [("c3" * 8, None, "r", t0, t0 + 1, {}, False)]).SerializeToString()

    r = _post_otlp(server, None, good)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["header", "x-mlflow-experiment-id"]
    r = _post_otlp(server, exp_id, good, "text/plain")
    assert (r.status_code, r.json()) == (400, {
        "detail": "Invalid Content-Type: text/plain. Expected: application/x-protobuf or application/json"})
    r = _post_otlp(server, exp_id, b"\xff\x00garbage")
    assert (r.status_code, r.json()) == (400, {"detail": "Invalid OpenTelemetry format"})
    r = _post_otlp(server, exp_id, b"{not json", "application/json")
    assert (r.status_code, r.json()) == (400, {"detail": "Invalid OpenTelemetry format"})
    r = _post_otlp(server, exp_id, b"")
    assert (r.status_code, r.json()) == (400, {"detail": "Invalid OpenTelemetry format - no spans found"})
    r = _post_otlp(server, exp_id, b"{}", "application/json")
    assert r.status_code == 400
    r = _post_otlp(server, exp_id, good, headers={"Content-Encoding": "gzip"})
    assert (r.status_code, r.json()) == (400, {"detail": "Failed to decompress gzip payload"})
    r = _post_otlp(server, exp_id, good, headers={"Content-Encoding": "br"})
    assert (r.status_code, r.json()) == (400, {"detail": "Unsupported Content-Encoding: br"})
    no_trace_id = _otlp_request(hexid, [("c3" * 8, None, "r", t0, t0 + 1, {}, False)])
    no_trace_id.resource_spans[0].scope_spans[0].spans[0].trace_id = b""
    r = _post_otlp(server, exp_id, no_trace_id.SerializeToString())
    assert (r.status_code, r.json()) == (422, {"detail": "Cannot convert OpenTelemetry span to MLflow span"})
    r = _post_otlp(server, "987654321", good)
    assert_mlflow_error(r, 404, "RESOURCE_DOES_NOT_EXIST")
    r = _post_otlp(server, "abc", good)
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    r = api.get(f"traces/tr-{hexid}", prefix="/api/3.0")
    assert_mlflow_error(r, 404, "RESOURCE_DOES_NOT_EXIST")

    assert _post_otlp(server, exp_id, good).status_code == 200
    other = api.post("experiments/create", {"name": f"other-{uuid.uuid4().hex}"}).json()["experiment_id"]
    r = _post_otlp(server, other, good)
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_v2_trace_routes(api, exp_id):
    r = api.post("traces", {"experiment_id": exp_id, "timestamp_ms": 1_700_000_000_000,
                            "request_metadata": [{"key": "m1", "value": "v1"}],
                            "tags": [{"key": "t1", "value": "x"}]})
    assert r.status_code == 200, r.text
    info = r.json()["trace_info"]
    rid = info["request_id"]
    assert len(rid) == 32 and info["status"] == "IN_PROGRESS"
    r = api.request("PATCH", f"traces/{rid}", json={"timestamp_ms": 1_700_000_000_075, "status": "OK",
                                                    "request_metadata": [{"key": "m2", "value": "v2"}],
                                                    "tags": [{"key": "t2", "value": "y"}]})
    assert r.status_code == 200, r.text
    info = r.json()["trace_info"]
    assert (info["execution_time_ms"], info["status"]) == (75, "OK")
    got = api.get(f"traces/{rid}/info").json()["trace_info"]
    assert {m["key"]: m["value"] for m in got["request_metadata"]} == {"m1": "v1", "m2": "v2"}
    assert {t["key"] for t in got["tags"]} >= {"t1", "t2", "mlflow.artifactLocation"}
    r = api.get("traces", {"experiment_ids": [exp_id]})
    assert [t["request_id"] for t in r.json()["traces"]] == [rid]
    v3 = api.get(f"traces/{rid}", prefix="/api/3.0").json()["trace"]["trace_info"]
    assert v3["execution_duration"] == "0.075s" and v3["request_time"] == "2023-11-14T22:13:20Z"
    r = api.request("PATCH", f"traces/{rid}/tags", json={"key": "mlflow.artifactLocation", "value": "x"})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    r = api.post("traces/delete-traces", {"experiment_id": exp_id, "request_ids": [rid]})
    assert r.json() == {"traces_deleted": 1}
    r = api.post("traces/delete-traces", {"experiment_id": exp_id})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_trace_artifact_and_metrics_as_the_ui_calls_them(api, exp_id):
    import mlflow

    with mlflow.start_span(name="ui-root") as s:
        s.set_inputs({"q": 1})
        with mlflow.start_span(name="ui-tool", span_type="TOOL"):
            time.sleep(0.01)
    trace = _last_trace()
    tid = trace.info.trace_id
    r = api.get("get-trace-artifact", {"request_id": tid}, prefix="/ajax-api/3.0")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Disposition"] == "attachment; filename=traces.json"
    data = json.loads(r.content)
    assert [s["name"] for s in data["spans"]] == ["ui-root", "ui-tool"]
    r = api.get("get-trace-artifact", {}, prefix="/ajax-api/3.0")
    assert_mlflow_error(r, 400, "BAD_REQUEST")

    now = int(time.time() * 1000)
    r = api.post("traces/metrics", {
        "experiment_ids": [exp_id], "view_type": "TRACES", "metric_name": "trace_count",
        "aggregations": [{"aggregation_type": "COUNT"}],
        "start_time_ms": now - 3_600_000, "end_time_ms": now + 60_000}, prefix="/ajax-api/3.0")
    assert r.status_code == 200, r.text
    assert r.json()["data_points"] == [{"metric_name": "trace_count", "values": {"COUNT": 1.0}}]
    r = api.post("traces/metrics", {
        "experiment_ids": [exp_id], "view_type": "TRACES", "metric_name": "trace_count",
        "aggregations": [{"aggregation_type": "COUNT"}], "dimensions": ["trace_status"],
        "time_interval_seconds": 86400,
        "start_time_ms": now - 3_600_000, "end_time_ms": now + 60_000}, prefix="/ajax-api/3.0")
    points = r.json()["data_points"]
    assert len(points) == 1 and points[0]["dimensions"]["trace_status"] == "OK"
    assert points[0]["dimensions"]["time_bucket"].endswith("T00:00:00+00:00")
    r = api.post("traces/metrics", {
        "experiment_ids": [exp_id], "view_type": "SPANS", "metric_name": "span_count",
        "aggregations": [{"aggregation_type": "COUNT"}], "dimensions": ["span_name"],
        "filters": ['span.type = "TOOL"']}, prefix="/ajax-api/3.0")
    assert r.status_code == 200, r.text
    assert r.json().get("data_points") == [
        {"metric_name": "span_count", "dimensions": {"span_name": "ui-tool"}, "values": {"COUNT": 1.0}}]
    r = api.post("traces/metrics", {
        "experiment_ids": [exp_id], "view_type": "TRACES", "metric_name": "latency",
        "aggregations": [{"aggregation_type": "PERCENTILE", "percentile_value": 50},
                         {"aggregation_type": "AVG"}]}, prefix="/ajax-api/3.0")
    values = r.json()["data_points"][0]["values"]
    assert set(values) == {"P50.0", "AVG"} and values["P50.0"] == values["AVG"]
    r = api.post("traces/metrics", {
        "experiment_ids": [exp_id], "view_type": "TRACES", "metric_name": "bogus",
        "aggregations": [{"aggregation_type": "COUNT"}]}, prefix="/ajax-api/3.0")
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
