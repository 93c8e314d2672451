"""Differential tests of the trace routes: the same raw requests against MLflow's server and
Trackway, answers compared after normalization.

Trace ids, span ids and timestamps are chosen by the test (OTLP spans, StartTraceV3), so
they are equal on both servers; experiment ids, assessment ids, v2 request ids and
server-chosen times are replaced by placeholders in order of appearance. Unordered lists
(v2 key/value lists, a trace's assessments: MLflow leaves their order to the database) are
sorted. Errors are compared by status and error_code, FastAPI's
{"detail": ...} answers of /v1/traces as they are.

Deliberate differences (docs/compatibility.md) are not compared: the tags of a StartTraceV3
answer that merges into a trace the spans created (MLflow's answer misses tags added by the
call), set-tag on an unknown trace (MLflow leaks a foreign-key error as 400), a duplicated
order_by key (MLflow 500), the `valid` path of an update mask (MLflow HTML 500).

Only runs with --target trackway.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field

import pytest
import requests

pytestmark = pytest.mark.trackway_only

T0_NS = 1_795_000_000_000_000_000
ASSESSMENT_ID = re.compile(r"^a-[0-9a-f]{32}$")
V2_ID = re.compile(r"^[0-9a-f]{32}$")
MASKED_KEYS = {"create_time", "last_update_time"}


@dataclass
class Exchange:
    label: str
    status: int
    body: object


@dataclass
class Session:
    base_url: str
    placeholders: dict = field(default_factory=dict)
    exchanges: list = field(default_factory=list)
    http: requests.Session = field(default_factory=requests.Session)

    def ph(self, value: str, kind: str) -> str:
        if value not in self.placeholders:
            n = sum(1 for p in self.placeholders.values() if p.startswith(f"<{kind}"))
            self.placeholders[value] = f"<{kind}{n + 1}>"
        return self.placeholders[value]

    def call(self, method, path, body=None, params=None, *, label, raw=None, content_type=None,
             headers=None, compare=True, only=None):
        h = dict(headers or {})
        kw = {"timeout": 120}
        if raw is not None:
            kw["data"] = raw
            h["Content-Type"] = content_type
        elif body is not None:
            kw["data"] = json.dumps(body)
            h["Content-Type"] = "application/json"
        if params is not None:
            kw["params"] = params
        r = self.http.request(method, self.base_url + path, headers=h, **kw)
        try:
            data = json.loads(r.text) if r.text.strip() else {}
        except ValueError:
            data = {"<text>": r.text[:200]}
        if r.status_code != 200 and isinstance(data, dict) and "error_code" in data:
            norm = {"error_code": data["error_code"]}
        elif not compare:
            norm = None
        else:
            self._register(data)
            norm = self._norm(data)
            if only is not None:
                norm = only(norm)
        self.exchanges.append(Exchange(label, r.status_code, norm))
        return data

    def _register(self, obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k in ("experiment_id",) and isinstance(v, str):
                    self.ph(v, "exp")
                elif k == "assessment_id" and isinstance(v, str):
                    self.ph(v, "a")
                elif k == "request_id" and isinstance(v, str) and V2_ID.match(v):
                    self.ph(v, "v2")
                else:
                    self._register(v)
        elif isinstance(obj, list):
            for v in obj:
                self._register(v)

    def _norm(self, obj, key=None):
        if isinstance(obj, dict):
            out = {}
            for k, v in obj.items():
                if k in MASKED_KEYS:
                    out[k] = "<time>"
                elif k in ("request_metadata", "tags", "assessments") and isinstance(v, list):
                    out[k] = sorted((self._norm(x) for x in v), key=lambda d: json.dumps(d))
                else:
                    out[k] = self._norm(v, k)
            return out
        if isinstance(obj, list):
            return [self._norm(v) for v in obj]
        if isinstance(obj, str):
            if obj in self.placeholders:
                return self.placeholders[obj]
            s = obj
            for real, ph in self.placeholders.items():
                if len(real) >= 16 and real in s:
                    s = s.replace(real, ph)
                if ph.startswith("<exp"):
                    s = re.sub(rf"(?<=[:/]){re.escape(real)}(?=/)", ph, s)
            return s
        return obj


def _otlp(trace_hex, spans, resource=None):
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
    from opentelemetry.proto.trace.v1.trace_pb2 import Status

    req = ExportTraceServiceRequest()
    rs = req.resource_spans.add()
    for k, v in (resource or {}).items():
        a = rs.resource.attributes.add()
        a.key = k
        a.value.string_value = v
    ss = rs.scope_spans.add()
    for sid, parent, name, start_ms, end_ms, attrs, error in spans:
        s = ss.spans.add()
        s.trace_id = bytes.fromhex(trace_hex)
        s.span_id = bytes.fromhex(sid)
        if parent:
            s.parent_span_id = bytes.fromhex(parent)
        s.name = name
        s.kind = 1
        s.start_time_unix_nano = T0_NS + start_ms * 1_000_000
        s.end_time_unix_nano = T0_NS + end_ms * 1_000_000
        for k, v in attrs.items():
            a = s.attributes.add()
            a.key = k
            _set(a.value, v)
        s.status.code = Status.STATUS_CODE_ERROR if error else Status.STATUS_CODE_OK
        if error:
            s.status.message = "ValueError: nope"
            e = s.events.add()
            e.name = "exception"
            e.time_unix_nano = s.end_time_unix_nano
            ea = e.attributes.add()
            ea.key = "exception.type"
            ea.value.string_value = "ValueError"
    return req.SerializeToString()


def _set(pb, v):
    if v is None:
        return
    if isinstance(v, bool):
        pb.bool_value = v
    elif isinstance(v, int):
        pb.int_value = v
    elif isinstance(v, float):
        pb.double_value = v
    elif isinstance(v, str):
        pb.string_value = v
    elif isinstance(v, list):
        pb.array_value.SetInParent()
        for x in v:
            _set(pb.array_value.values.add(), x)
    elif isinstance(v, dict):
        pb.kvlist_value.SetInParent()
        for k, x in v.items():
            kv = pb.kvlist_value.values.add()
            kv.key = k
            _set(kv.value, x)


def _scenario(s: Session, ids: dict):
    v3 = "/api/3.0/mlflow"
    v2 = "/api/2.0/mlflow"
    exp = s.call("POST", f"{v2}/experiments/create", {"name": ids["exp_name"]},
                 label="create experiment")["experiment_id"]
    other = s.call("POST", f"{v2}/experiments/create", {"name": ids["exp_name"] + "-other"},
                   label="create other experiment")["experiment_id"]
    hdr = {"x-mlflow-experiment-id": exp}
    pb = "application/x-protobuf"
    a, b, c, d = ids["a"], ids["b"], ids["c"], ids["d"]
    root, child, leaf = "a1" * 8, "b2" * 8, "c3" * 8
    usage = {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15}

    # the stock client's shape: child first, then the root (sync export), then StartTraceV3
    s.call("POST", "/v1/traces", raw=_otlp(a, [
        (child, root, "llm", 5, 40, {"mlflow.spanType": "LLM", "mlflow.chat.tokenUsage": usage,
                                      "mlflow.spanInputs": {"messages": [{"role": "user", "content": "hi"}]},
                                      "mlflow.spanOutputs": "hello", "n": 3, "f": 1.5, "ok": True,
                                      "lst": [1, "x", None]}, False)]),
           content_type=pb, headers=hdr, label="otlp child first")
    s.call("POST", "/v1/traces", raw=_otlp(a, [
        (root, None, "outer", 0, 50, {"mlflow.spanType": "CHAIN",
                                      "mlflow.spanInputs": {"messages": [{"role": "user", "content": "hi"}]},
                                      "mlflow.spanOutputs": {"choices": [{"message": {"role": "assistant", "content": "hello"}}]},
                                      "mlflow.traceTag.team": "alpha", "session.id": "sess-1",
                                      "user.id": "u-1", "mlflow.traceTag.mlflow.artifactLocation": "x"}, False)],
                                           {"service.name": "svc", "telemetry.sdk.name": "otel"}),
           content_type=pb, headers=hdr, label="otlp root")
    s.call("GET", f"{v3}/traces/get", params={"trace_id": f"tr-{a}", "allow_partial": "true"},
           label="get trace a after spans")
    start = {"trace": {"trace_info": {
        "trace_id": f"tr-{a}", "client_request_id": "req-1",
        "trace_location": {"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": exp}},
        "request_time": "2026-11-18T11:06:40Z", "execution_duration": "0.050s", "state": "OK",
        "trace_metadata": {"mlflow.trace_schema.version": "3", "custom": "m",
                           "mlflow.trace.sizeStats": json.dumps({"num_spans": 2})},
        "tags": {"mlflow.traceName": "outer", "extra": "e", "mlflow.trace.spansLocation": "X"},
        "request_preview": "hi", "response_preview": "hello"}}}
    s.call("POST", f"{v3}/traces", start, label="start trace a (merge)",
           only=lambda n: {k: v for k, v in n["trace"]["trace_info"].items() if k != "tags"})
    s.call("GET", f"{v3}/traces/tr-{a}", label="trace info a")
    s.call("GET", f"{v3}/traces/get", params={"trace_id": f"tr-{a}", "allow_partial": "False"},
           label="get trace a")
    # StartTraceV3 first, then the spans (the async export order)
    start_b = json.loads(json.dumps(start).replace(f"tr-{a}", f"tr-{b}"))
    start_b["trace"]["trace_info"]["state"] = "ERROR"
    start_b["trace"]["trace_info"]["tags"] = {"mlflow.traceName": "second", "env": "dev"}
    start_b["trace"]["trace_info"]["trace_metadata"] = {"mlflow.trace.tokenUsage": json.dumps(usage)}
    start_b["trace"]["trace_info"]["request_time"] = "2026-11-18T11:06:41.500Z"
    s.call("POST", f"{v3}/traces", start_b, label="start trace b (insert)")
    s.call("POST", "/v1/traces", raw=_otlp(b, [
        (root, None, "second", 1400, 1600, {"mlflow.spanType": "AGENT", "db": "dev-2"}, True),
        (leaf, root, "tool", 1450, 1500, {"mlflow.spanType": "TOOL"}, False)]),
           content_type=pb, headers=hdr, label="otlp b")
    s.call("POST", "/v1/traces", raw=_otlp(c, [
        (root, None, "third", 3000, 3100, {"mlflow.traceTag.env": "prod", "db": "prod-1"}, False)]),
           content_type=pb, headers=hdr, label="otlp c")
    js = {"resourceSpans": [{"scopeSpans": [{"spans": [{
        "traceId": d, "spanId": root, "name": "json", "kind": 3,
        "startTimeUnixNano": str(T0_NS + 4_000_000_000), "endTimeUnixNano": str(T0_NS + 4_001_000_000),
        "attributes": [{"key": "x", "value": {"stringValue": "{\"a\": 1}"}}], "status": {"code": 1}}]}]}]}
    s.call("POST", "/v1/traces", raw=json.dumps(js), content_type="application/json", headers=hdr,
           label="otlp json d")
    for t in (b, c, d):
        s.call("GET", f"{v3}/traces/get", params={"trace_id": f"tr-{t}", "allow_partial": "true"},
               label=f"get trace {t[:4]}")
    s.call("GET", f"{v3}/traces/batchGet", params={"trace_ids": [f"tr-{c}", f"tr-{a}", "tr-" + "0" * 32]},
           label="batch get")
    s.call("POST", f"{v3}/traces/batchGetInfos", {"trace_ids": [f"tr-{b}", f"tr-{d}"]},
           label="batch get infos")
    s.call("GET", "/ajax-api/3.0/mlflow/get-trace-artifact", params={"request_id": f"tr-{c}"},
           label="trace artifact c")

    loc = [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": exp}}]
    for f, order in [
        ("", []), ("", ["timestamp ASC"]), ("name = 'outer'", []), ("status = 'ERROR'", []),
        ("tags.env = 'prod'", []), ("tags.env IS NULL", ["timestamp_ms ASC"]),
        ("metadata.custom = 'm'", []), ("metadata.mlflow.trace.session = 'sess-1'", []),
        ("metadata.`mlflow.trace.tokenUsage` IS NOT NULL", ["timestamp ASC"]),
        ("execution_time_ms > 60", ["execution_time DESC"]), ("span.type = 'TOOL'", []),
        ("span.name LIKE 'th%'", []), ("span.attributes.db LIKE '%dev%'", []),
        ("trace.text ILIKE '%HELLO%'", []), ("request_id IN ('tr-" + c + "')", []),
        ("client_request_id = 'req-1'", []), ("end_time_ms > 0", ["end_time DESC"]),
        ("", ["name ASC"]), ("", ["tags.env DESC"]), ("", ["metadata.custom ASC", "timestamp ASC"]),
        ("name IN ('outer')", []), ("foo.bar = 'x'", []), ("span.bogus = 'x'", []),
        ("tags.env > 'a'", []), ("name = outer", []), ("", ["metadata.mlflow.trace.cost"]),
        ("", ["span.name"]), ("prompt = 'nope'", []),
    ]:
        s.call("POST", f"{v3}/traces/search", {"locations": loc, "filter": f, "order_by": order,
                                               "max_results": 100},
               label=f"search {f!r} {order}")
    page = s.call("POST", f"{v3}/traces/search", {"locations": loc, "max_results": 2,
                                                  "order_by": ["timestamp ASC"]}, label="page 1")
    s.call("POST", f"{v3}/traces/search", {"locations": loc, "max_results": 2, "order_by": ["timestamp ASC"],
                                           "page_token": page.get("next_page_token")}, label="page 2")
    s.call("GET", f"{v2}/traces", params={"experiment_ids": [exp], "max_results": 3}, label="v2 search")

    # tags
    s.call("PATCH", f"{v2}/traces/tr-{c}/tags", {"key": "k", "value": "v"}, label="set tag")
    s.call("PATCH", f"{v3}/traces/tr-{c}/tags", {"key": "mlflow.traceName", "value": "renamed"},
           label="set name")
    s.call("PATCH", f"{v2}/traces/tr-{c}/tags", {"key": "mlflow.trace.spansLocation", "value": "x"},
           label="set blocked tag")
    s.call("DELETE", f"{v2}/traces/tr-{c}/tags", {"key": "k"}, label="delete tag")
    s.call("DELETE", f"{v3}/traces/tr-{c}/tags", {"key": "k"}, label="delete missing tag")
    s.call("GET", f"{v3}/traces/tr-{c}", label="info c after tags")

    # assessments
    base = f"{v3}/traces/tr-{c}/assessments"
    fb = s.call("POST", base, {"assessment": {
        "assessment_name": "quality", "source": {"source_type": "LLM_JUDGE", "source_id": "j"},
        "feedback": {"value": 0.7}, "rationale": "ok", "metadata": {"k": "v"}}}, label="feedback")
    aid = fb.get("assessment", {}).get("assessment_id")
    s.call("POST", base, {"assessment": {"assessment_name": "broken", "source": {"source_type": "CODE"},
                                         "feedback": {"value": None, "error": {
                                             "error_code": "TIMEOUT", "error_message": "slow"}}}},
           label="feedback error")
    s.call("POST", base, {"assessment": {"assessment_name": "facts", "source": {"source_type": "HUMAN"},
                                         "expectation": {"serialized_value": {
                                             "serialization_format": "JSON_FORMAT", "value": "[\"a\", 1]"}}}},
           label="expectation list")
    s.call("POST", base, {"assessment": {"assessment_name": "answer", "source": {"source_type": "HUMAN"},
                                         "expectation": {"value": "42"}}}, label="expectation")
    s.call("GET", f"{base}/{aid}", label="get assessment")
    s.call("PATCH", f"{base}/{aid}", {"assessment": {"assessment_name": "quality2", "feedback": {"value": 1},
                                                     "metadata": {"n": "m"}},
                                      "update_mask": "assessmentName,feedback,metadata"},
           label="update assessment")
    ov = s.call("POST", base, {"assessment": {"assessment_name": "quality2", "source": {"source_type": "HUMAN"},
                                              "feedback": {"value": 0.9}, "overrides": aid}}, label="override")
    s.call("GET", f"{base}/{aid}", label="overridden")
    s.call("POST", f"{v3}/traces/search", {"locations": loc, "filter": "feedback.quality2 > 0.8"},
           label="search feedback")
    s.call("POST", f"{v3}/traces/search", {"locations": loc, "filter": "expectation.answer = '42'"},
           label="search expectation")
    s.call("DELETE", f"{base}/{ov.get('assessment', {}).get('assessment_id')}", label="delete override")
    s.call("GET", f"{base}/{aid}", label="restored")
    s.call("GET", f"{base}/a-none", label="missing assessment")
    s.call("POST", base, {"assessment": {"assessment_name": "x"}}, label="no type")
    s.call("GET", f"{v3}/traces/tr-{c}", label="info c with assessments",
           only=lambda n: {**n, "trace": {"trace_info": {**n["trace"]["trace_info"], "assessments": sorted(
               n["trace"]["trace_info"].get("assessments", []), key=lambda x: json.dumps(x, sort_keys=True))}}})

    # metrics the UI asks for
    day = {"start_time_ms": 1_794_900_000_000, "end_time_ms": 1_795_100_000_000}
    for q in [
        {"view_type": "TRACES", "metric_name": "trace_count", "aggregations": [{"aggregation_type": "COUNT"}]},
        {"view_type": "TRACES", "metric_name": "trace_count", "aggregations": [{"aggregation_type": "COUNT"}],
         "dimensions": ["trace_status"], "time_interval_seconds": 86400, **day},
        {"view_type": "TRACES", "metric_name": "latency", "aggregations": [
            {"aggregation_type": "PERCENTILE", "percentile_value": 50},
            {"aggregation_type": "PERCENTILE", "percentile_value": 99.9}, {"aggregation_type": "AVG"}]},
        {"view_type": "TRACES", "metric_name": "total_tokens", "aggregations": [
            {"aggregation_type": "SUM"}, {"aggregation_type": "AVG"}], "time_interval_seconds": 3600, **day},
        {"view_type": "SPANS", "metric_name": "span_count", "aggregations": [{"aggregation_type": "COUNT"}],
         "dimensions": ["span_name", "span_status"]},
        {"view_type": "SPANS", "metric_name": "latency", "aggregations": [{"aggregation_type": "AVG"}],
         "filters": ['span.type = "TOOL"']},
        {"view_type": "ASSESSMENTS", "metric_name": "assessment_count",
         "aggregations": [{"aggregation_type": "COUNT"}], "dimensions": ["assessment_name", "assessment_value"],
         "filters": ['assessment.type = "feedback"']},
        {"view_type": "ASSESSMENTS", "metric_name": "assessment_value",
         "aggregations": [{"aggregation_type": "AVG"}], "dimensions": ["assessment_name"]},
        {"view_type": "TRACES", "metric_name": "trace_count", "aggregations": [{"aggregation_type": "SUM"}]},
        {"view_type": "TRACES", "metric_name": "nope", "aggregations": [{"aggregation_type": "COUNT"}]},
    ]:
        s.call("POST", "/ajax-api/3.0/mlflow/traces/metrics", {"experiment_ids": [exp], **q},
               label=f"metrics {q}")
    s.call("POST", f"{v3}/traces/calculate-filter-correlation",
           {"experiment_ids": [exp], "filter_string1": "status = 'OK'", "filter_string2": "tags.env = 'prod'"},
           label="correlation")

    # v2 start/end
    st = s.call("POST", f"{v2}/traces", {"experiment_id": exp, "timestamp_ms": 1_700_000_000_000,
                                         "request_metadata": [{"key": "m", "value": "one"}],
                                         "tags": [{"key": "t", "value": "x"}]}, label="v2 start")
    rid = st.get("trace_info", {}).get("request_id")
    s.call("PATCH", f"{v2}/traces/{rid}", {"timestamp_ms": 1_700_000_000_042, "status": "ERROR"},
           label="v2 end")
    s.call("GET", f"{v2}/traces/{rid}/info", label="v2 info")

    # refusals of /v1/traces and the other experiment
    good = _otlp(ids["e"], [(root, None, "e", 0, 1, {}, False)])
    for label, kw in [
        ("no header", {"raw": good, "content_type": pb}),
        ("bad type", {"raw": good, "content_type": "text/plain", "headers": hdr}),
        ("garbage", {"raw": b"\xff\x00", "content_type": pb, "headers": hdr}),
        ("empty", {"raw": b"", "content_type": pb, "headers": hdr}),
        ("bad gzip", {"raw": good, "content_type": pb, "headers": {**hdr, "Content-Encoding": "gzip"}}),
        ("unknown exp", {"raw": good, "content_type": pb, "headers": {"x-mlflow-experiment-id": "987654"}}),
        ("other exp", {"raw": _otlp(a, [(leaf, root, "x", 0, 1, {}, False)]), "content_type": pb,
                       "headers": {"x-mlflow-experiment-id": other}}),
    ]:
        s.call("POST", "/v1/traces", label=f"otlp {label}", **kw)
    s.call("GET", f"{v3}/traces/tr-{ids['e']}", label="nothing stored")

    # deletes
    s.call("POST", f"{v3}/traces/delete-traces", {"experiment_id": exp, "request_ids": [f"tr-{d}"]},
           label="delete by id")
    s.call("POST", f"{v2}/traces/delete-traces",
           {"experiment_id": exp, "max_timestamp_millis": 1_795_000_002_000, "max_traces": 1},
           label="delete oldest")
    s.call("POST", f"{v2}/traces/delete-traces", {"experiment_id": exp, "max_timestamp_millis": 1,
                                                  "request_ids": ["x"]}, label="delete both")
    s.call("POST", f"{v3}/traces/search", {"locations": loc}, label="left")


def test_trace_routes_match_mlflow(server, reference_server):
    ids = {k: uuid.uuid4().hex for k in "abcde"}
    ids["exp_name"] = f"diff-traces-{uuid.uuid4().hex[:8]}"
    ours = Session(server.url)
    theirs = Session(reference_server.url)
    _scenario(ours, ids)
    ids2 = dict(ids)
    ids2["exp_name"] = ids["exp_name"]  # separate databases: the same names and ids
    _scenario(theirs, ids2)
    assert len(ours.exchanges) == len(theirs.exchanges)
    mismatches = []
    for o, t in zip(ours.exchanges, theirs.exchanges):
        if (o.status, o.body) != (t.status, t.body):
            mismatches.append(f"{o.label}:\n  mlflow   {t.status} {json.dumps(t.body)[:1500]}\n"
                              f"  trackway {o.status} {json.dumps(o.body)[:1500]}")
    assert not mismatches, "\n".join(mismatches)
