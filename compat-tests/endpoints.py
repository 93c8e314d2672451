"""The MLflow server's HTTP surface, read from the *installed* mlflow package at run time.

- proto RPC endpoints: every service in every ``mlflow/protos/*_pb2`` module whose
  methods carry the ``databricks_pb2.rpc`` option (method, path, API version), mapped to
  ``/api/<major>.0<path>`` (MLflow's server registers ``/ajax-api/<major>.0<path>`` too);
- routes outside the proto services: the Flask app's url_map (``mlflow.server.app``)
  minus the proto-derived rules, plus the native FastAPI routes of
  ``mlflow.server.fastapi_app``;
- ``docs/compatibility.md``: parsing its tables back into (method, path) -> status.

No MLflow source is copied: everything is derived from the installed package.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "compatibility.md"

SUPPORTED = "✅"
NOT_YET = "❌"

# services MLflow's own server registers (see mlflow.server.handlers.get_endpoints); the
# others in mlflow/protos describe Databricks / Unity Catalog APIs
_OSS_SERVICES = ("MlflowService", "ModelRegistryService", "MlflowArtifactsService",
                 "WebhookService")


@dataclass(frozen=True)
class Endpoint:
    kind: str  # "proto" or "route"
    method: str
    path: str  # documented path, {param} style
    name: str  # RPC name (proto) or handler name (route)
    group: str  # service name (proto) or "Flask"/"FastAPI"
    module: str = ""  # *_pb2 module (proto)
    served_by_mlflow: bool = True
    note: str = ""
    probe_paths: tuple[str, ...] = ()  # concrete request paths for live checks

    @property
    def key(self):
        return (self.method, self.path)


def _concrete(path: str) -> str:
    """A request path for a templated one: every {param} becomes 'compat-probe'."""
    return re.sub(r"\{[^}]+\}", "compat-probe", path)


def _flask_to_doc(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?(\w+)>", r"{\1}", rule)


def _fastapi_to_doc(path: str) -> str:
    return re.sub(r"\{(\w+):\w+\}", r"{\1}", path)


def pb2_modules():
    import mlflow.protos

    mods = []
    for info in sorted(pkgutil.iter_modules(mlflow.protos.__path__), key=lambda i: i.name):
        if info.name.endswith("_pb2"):
            mods.append(importlib.import_module(f"mlflow.protos.{info.name}"))
    return mods


def proto_endpoints() -> list[Endpoint]:
    from mlflow.protos import databricks_pb2

    try:
        from mlflow.server import handlers
    except Exception:  # pragma: no cover - server extras missing
        handlers = None

    out = []
    for mod in pb2_modules():
        for service_name, service in mod.DESCRIPTOR.services_by_name.items():
            for method in service.methods:
                opts = method.GetOptions()
                if not opts.HasExtension(databricks_pb2.rpc):
                    continue
                for ep in opts.Extensions[databricks_pb2.rpc].endpoints:
                    raw = ep.path
                    version = f"{ep.since.major}.0"
                    path = _flask_to_doc(raw if raw.startswith("/") else "/" + raw)
                    oss = service_name in _OSS_SERVICES
                    note = ""
                    probes = (f"/api/{version}{path}", f"/ajax-api/{version}{path}")
                    if not oss:
                        note = "Databricks-only API: MLflow's own server does not serve it"
                    elif not raw.startswith("/"):
                        note = (f"proto path has no leading slash, so MLflow serves it only at "
                                f"the explicit route /ajax-api/{version}{path}")
                        probes = (f"/ajax-api/{version}{path}",)
                    elif handlers is not None and _mlflow_has_no_handler(handlers, mod, service_name,
                                                                         method):
                        note = "MLflow's own server has no handler either (answers 404)"
                        oss = False
                    out.append(Endpoint(
                        kind="proto", method=ep.method, path=f"/api/{version}{path}",
                        name=method.name, group=service_name, module=mod.__name__.rsplit(".", 1)[-1],
                        served_by_mlflow=oss, note=note,
                        probe_paths=tuple(_concrete(p) for p in probes),
                    ))
    return out


def _mlflow_has_no_handler(handlers, mod, service_name, method) -> bool:
    try:
        request_class = getattr(mod, method.input_type.name)
    except AttributeError:
        return False
    return handlers.get_handler(request_class) is handlers._not_implemented


def route_endpoints() -> list[Endpoint]:
    """Flask routes that do not come from a proto service, plus native FastAPI routes."""
    from mlflow.server import app as flask_app

    proto_rules = set()
    for ep in proto_endpoints():
        if not ep.served_by_mlflow and "Databricks" in ep.note:
            continue
        if "no leading slash" in ep.note:
            continue  # registered malformed; the explicit Flask route is listed as a route
        # MLflow turns {assessment.trace_id} into <trace_id> for Flask
        api_path = re.sub(r"\{\w+\.(\w+)\}", r"{\1}", ep.path)
        proto_rules.add((ep.method, api_path))
        proto_rules.add((ep.method, "/ajax-api" + api_path[len("/api"):]))
    # MLflow registers proto paths without a leading slash verbatim (e.g. /api/2.0mlflow/...)
    seen = {}
    for rule in flask_app.url_map.iter_rules():
        doc_path = _flask_to_doc(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (method, doc_path) in proto_rules or re.match(r"^/(ajax-)?api/\d\.0mlflow/", doc_path):
                continue
            seen.setdefault((method, doc_path), Endpoint(
                kind="route", method=method, path=doc_path, name=rule.endpoint, group="Flask",
                probe_paths=(_concrete(doc_path),)))
    for method, path, name in _fastapi_routes():
        doc_path = _fastapi_to_doc(path)
        if (method, doc_path) in proto_rules:
            continue  # native (streaming) implementation of a proto endpoint
        seen.setdefault((method, doc_path), Endpoint(
            kind="route", method=method, path=doc_path, name=name, group="FastAPI",
            probe_paths=(_concrete(doc_path),)))
    return sorted(seen.values(), key=lambda e: (e.path, e.method))


def _fastapi_routes():
    from mlflow.server.fastapi_app import app

    out = []

    def walk(routes, prefix=""):
        for r in routes:
            if type(r).__name__ == "Mount":
                continue  # the Flask app, enumerated above
            orig = getattr(r, "original_router", None)
            if orig is not None:  # FastAPI's included router wrapper
                ctx = getattr(r, "include_context", None)
                walk(orig.routes, prefix + (getattr(ctx, "prefix", "") or ""))
                continue
            sub = getattr(r, "routes", None)
            if sub is not None and not hasattr(r, "endpoint"):
                walk(sub, prefix + (getattr(r, "prefix", "") or ""))
                continue
            methods = getattr(r, "methods", None) or {"GET"}
            for m in sorted(set(methods) - {"HEAD", "OPTIONS"}):
                out.append((m, prefix + r.path, getattr(r, "name", "")))

    walk(app.routes)
    return out


# --------------------------------------------------------------------------- the doc

_ROW = re.compile(r"^\|\s*(?P<method>[A-Z*]+)\s*\|\s*`(?P<path>[^`]+)`\s*\|\s*(?P<name>[^|]*?)\s*\|"
                  r"\s*(?P<status>✅|❌)\s*\|")


@dataclass(frozen=True)
class DocRow:
    method: str
    path: str
    name: str
    status: str
    line: int

    def covers(self, method: str, path: str) -> bool:
        if self.path.endswith("/**"):
            base = self.path[:-3]
            return (self.method in ("*", method)) and (path == base or path.startswith(base + "/"))
        return self.method == method and self.path == path


def parse_doc(text: str | None = None) -> list[DocRow]:
    if text is None:
        text = DOC.read_text(encoding="utf-8")
    rows = []
    for i, line in enumerate(text.splitlines(), start=1):
        m = _ROW.match(line)
        if m:
            rows.append(DocRow(m["method"], m["path"], m["name"].strip().strip("`"), m["status"], i))
    return rows


def status_of(rows: list[DocRow], ep: Endpoint) -> DocRow | None:
    """The doc row that gives ep's status: an exact row first, else a wildcard row."""
    exact = [r for r in rows if not r.path.endswith("/**") and r.covers(ep.method, ep.path)
             and (ep.kind != "proto" or r.name == ep.name)]
    if exact:
        return exact[0]
    wild = [r for r in rows if r.path.endswith("/**") and r.covers(ep.method, ep.path)]
    return max(wild, key=lambda r: len(r.path)) if wild else None
