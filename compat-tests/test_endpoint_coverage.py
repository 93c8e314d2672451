"""docs/compatibility.md against the installed mlflow, and against the running server.

1. Every RPC endpoint (method, path) of every proto service in the installed
   ``mlflow/protos/*_pb2`` modules, and every other route of MLflow's server, has a row with
   a status in docs/compatibility.md; the doc has no rows for endpoints that no longer exist.
2. Live: each ✅ endpoint is served by the server under test (no 404/405/501/5xx on a
   request with an empty body), and - on Trackway - each ❌ endpoint answers MLflow-style
   JSON NOT_IMPLEMENTED / ENDPOINT_NOT_FOUND (HTTP 501/404), not HTML and not a 500.
"""

from collections import Counter

import pytest
import requests

import endpoints
from endpoints import SUPPORTED

TEXT_ROUTES = {"/health", "/version", "/"}
# templated routes whose made-up probe path is no resource: probe a real one instead
PROBE_OVERRIDES = {"/static-files/compat-probe": "/static-files/favicon.ico"}


@pytest.fixture(scope="module")
def doc_rows():
    assert endpoints.DOC.exists(), f"{endpoints.DOC} is missing (run gen_compat_doc.py)"
    return endpoints.parse_doc()


@pytest.fixture(scope="module")
def proto_eps():
    return endpoints.proto_endpoints()


@pytest.fixture(scope="module")
def route_eps():
    return endpoints.route_endpoints()


def test_enumeration_finds_the_known_services(proto_eps):
    services = {e.group for e in proto_eps}
    assert {"MlflowService", "ModelRegistryService", "MlflowArtifactsService",
            "WebhookService"} <= services
    keys = {(e.method, e.path, e.name) for e in proto_eps}
    assert ("POST", "/api/2.0/mlflow/runs/log-batch", "logBatch") in keys
    assert ("GET", "/api/2.0/mlflow/experiments/search", "searchExperiments") in keys
    assert ("POST", "/api/2.0/mlflow/experiments/search", "searchExperiments") in keys
    assert len(proto_eps) > 200


def test_every_proto_endpoint_is_documented(doc_rows, proto_eps):
    missing = [f"{e.method} {e.path} ({e.group}.{e.name})" for e in proto_eps
               if endpoints.status_of(doc_rows, e) is None]
    assert not missing, (f"{len(missing)} proto endpoints have no row in {endpoints.DOC.name} "
                         "(run gen_compat_doc.py):\n" + "\n".join(missing))


def test_every_other_route_is_documented(doc_rows, route_eps):
    for path in ("/health", "/version", "/graphql", "/get-artifact",
                 "/ajax-api/2.0/mlflow/metrics/get-history-bulk",
                 "/ajax-api/2.0/mlflow/experiments/search-datasets",
                 "/ajax-api/2.0/mlflow/upload-artifact", "/api/3.0/mlflow/server-info"):
        assert any(e.path == path for e in route_eps), f"route enumeration lost {path}"
    missing = [f"{e.method} {e.path} ({e.group} {e.name})" for e in route_eps
               if endpoints.status_of(doc_rows, e) is None]
    assert not missing, (f"{len(missing)} routes have no row in {endpoints.DOC.name}:\n"
                         + "\n".join(missing))


def test_doc_has_no_stale_or_duplicate_rows(doc_rows, proto_eps, route_eps):
    proto_keys = {(e.method, e.path, e.name) for e in proto_eps}
    route_keys = {(e.method, e.path) for e in route_eps}
    stale = []
    for row in doc_rows:
        if row.path.endswith("/**"):
            if not any(row.covers(e.method, e.path) for e in route_eps):
                stale.append(row)
        elif (row.method, row.path, row.name) not in proto_keys and (row.method, row.path) not in route_keys:
            stale.append(row)
    assert not stale, "rows for endpoints the installed mlflow does not have:\n" + "\n".join(
        f"line {r.line}: {r.method} {r.path} {r.name}" for r in stale)
    dups = [k for k, n in Counter((r.method, r.path, r.name) for r in doc_rows).items() if n > 1]
    assert not dups, f"duplicate rows: {dups}"


# --------------------------------------------------------------------------- live checks


def _probe(base_url, method, path):
    kwargs = {"timeout": 30, "allow_redirects": False}
    if method != "GET":
        kwargs["json"] = {}
    return requests.request(method, base_url + path, **kwargs)


def _classified(doc_rows, proto_eps, route_eps):
    supported, unsupported = [], []
    for ep in [*proto_eps, *route_eps]:
        row = endpoints.status_of(doc_rows, ep)
        if row is None:
            continue  # reported by the documentation tests
        (supported if row.status == SUPPORTED else unsupported).append(ep)
    return supported, unsupported


def _is_json(r):
    return "application/json" in r.headers.get("Content-Type", "")


def _missing_resource(r):
    """A JSON 404 RESOURCE_DOES_NOT_EXIST: the route is served, the probe's made-up id is not."""
    if r.status_code != 404 or not _is_json(r):
        return False
    try:
        return r.json().get("error_code") == "RESOURCE_DOES_NOT_EXIST"
    except ValueError:
        return False


def _is_download(method, path):
    """Artifact downloads answer with the file's own content type."""
    return method == "GET" and ("/mlflow-artifacts/artifacts/" in path or path.endswith("get-artifact")
                                or path.endswith("/artifacts/files")
                                or path.startswith("/static-files/"))


def test_supported_endpoints_are_served(server, doc_rows, proto_eps, route_eps):
    supported, _ = _classified(doc_rows, proto_eps, route_eps)
    assert supported, "no ✅ endpoint in the doc"
    problems = []
    for ep in supported:
        for path in ep.probe_paths:
            path = PROBE_OVERRIDES.get(path, path)
            try:
                r = _probe(server.url, ep.method, path)
            except requests.RequestException as e:
                problems.append(f"{ep.method} {path}: {e!r}")
                continue
            if _missing_resource(r):
                continue
            if r.status_code in (404, 405, 501) or r.status_code >= 500:
                problems.append(f"{ep.method} {path} ({ep.name}): HTTP {r.status_code} "
                                f"{r.text[:160]!r}")
            elif r.status_code == 200 and not r.content:
                continue  # an empty 200, as MLflow 3.18 answers artifact uploads
            elif path not in TEXT_ROUTES and not _is_download(ep.method, path) and not _is_json(r):
                problems.append(f"{ep.method} {path} ({ep.name}): HTTP {r.status_code} not JSON "
                                f"({r.headers.get('Content-Type')!r}) {r.text[:120]!r}")
    assert not problems, (f"{len(problems)} probes of ✅ endpoints failed on {server.target}:\n"
                          + "\n".join(problems))


def test_unsupported_endpoints_answer_mlflow_style(server, doc_rows, proto_eps, route_eps):
    if not server.is_trackway:
        pytest.skip("checks Trackway's answers for endpoints it does not implement")
    supported, unsupported = _classified(doc_rows, proto_eps, route_eps)
    served = {(ep.method, p) for ep in supported for p in ep.probe_paths}
    problems, probed = [], 0
    for ep in unsupported:
        for path in ep.probe_paths:
            if (ep.method, path) in served:
                continue  # same request as a supported endpoint (e.g. a Databricks twin)
            probed += 1
            try:
                r = _probe(server.url, ep.method, path)
            except requests.RequestException as e:
                problems.append(f"{ep.method} {path}: {e!r}")
                continue
            why = None
            if r.status_code not in (404, 501):
                why = f"HTTP {r.status_code}"
            elif not _is_json(r):
                why = f"HTTP {r.status_code} with non-JSON body ({r.headers.get('Content-Type')!r})"
            else:
                try:
                    body = r.json()
                except ValueError:
                    body = None
                code = body.get("error_code") if isinstance(body, dict) else None
                if code not in ("NOT_IMPLEMENTED", "ENDPOINT_NOT_FOUND") or \
                        not isinstance(body.get("message"), str):
                    why = f"HTTP {r.status_code} body {r.text[:160]!r}"
            if why:
                problems.append(f"{ep.method} {path} ({ep.group} {ep.name}): {why}")
    assert probed > 100
    assert not problems, (f"{len(problems)} of {probed} probes of ❌ endpoints did not answer "
                          "MLflow-style JSON NOT_IMPLEMENTED/ENDPOINT_NOT_FOUND:\n"
                          + "\n".join(problems[:60])
                          + ("\n..." if len(problems) > 60 else ""))
