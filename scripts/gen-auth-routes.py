#!/usr/bin/env python3
"""Writes src/main/resources/auth-routes.txt: for every route of `mlflow server --app-name
basic-auth` (the installed mlflow package), the access rule Trackway applies to callers who are
not admins. MLflow's own lookup tables decide which validator guards a route; RULES below names
Trackway's rule for each validator (dev.trackway.api.auth.Rule). A validator without a rule here
becomes ADMIN_ONLY (non-admins 403), so a new MLflow route is closed until it is mapped.

Needs an mlflow with the basic-auth extra (Flask-WTF), e.g. the compat-tests venv:

    compat-tests/.venv/bin/python scripts/gen-auth-routes.py [--check]

--check exits 1 when the committed file differs.
"""
import os
import re
import sys
import tempfile
import warnings
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "main" / "resources" / "auth-routes.txt"

# MLflow validator (function name) -> Trackway rule. "AUTHENTICATED": any user.
RULES = {
    "_allow_authenticated": "AUTHENTICATED",
    "_get_require_authentication_validator": "AUTHENTICATED",
    "validate_gateway_proxy": "AUTHENTICATED",
    "sender_is_admin": "ADMIN_ONLY",
    "validate_can_update_user_admin": "ADMIN_ONLY",
    "validate_can_delete_user": "ADMIN_ONLY",
    # experiments
    "validate_can_create_experiment": "EXPERIMENT_CREATE",
    "validate_can_read_experiment": "EXPERIMENT_READ",
    "validate_can_read_experiment_by_name": "EXPERIMENT_READ_BY_NAME",
    "validate_can_update_experiment": "EXPERIMENT_UPDATE",
    "validate_can_delete_experiment": "EXPERIMENT_DELETE",
    "validate_can_search_datasets": "DATASETS_SEARCH",
    "validate_can_read_scorer_list": "SCORER_LIST",
    "validate_can_search_issues": "ISSUES_SEARCH",
    "validate_can_search_evaluation_datasets": "EVALUATION_DATASETS_SEARCH",
    # runs and their artifacts
    "validate_can_create_run": "RUN_CREATE",
    "validate_can_create_promptlab_run": "PROMPTLAB_RUN_CREATE",
    "validate_can_read_run": "RUN_READ",
    "validate_can_update_run": "RUN_UPDATE",
    "validate_can_delete_run": "RUN_DELETE",
    "validate_can_log_metric": "RUN_LOG_METRIC",
    "validate_can_log_batch": "RUN_LOG_BATCH",
    "validate_can_log_inputs": "RUN_LOG_INPUTS",
    "validate_can_log_outputs": "RUN_LOG_OUTPUTS",
    "validate_can_read_metric_history_bulk": "METRIC_HISTORY_BULK",
    "validate_can_read_metric_history_bulk_interval": "METRIC_HISTORY_BULK_INTERVAL",
    "validate_can_read_run_artifact": "RUN_ARTIFACT_READ",
    "validate_can_update_run_artifact": "RUN_ARTIFACT_UPDATE",
    "validate_can_update_run_or_logged_model": "PRESIGNED_UPLOAD",
    # proxied artifacts
    "validate_can_read_experiment_artifact_proxy": "ARTIFACT_PROXY_READ",
    "validate_can_update_experiment_artifact_proxy": "ARTIFACT_PROXY_UPDATE",
    "validate_can_delete_experiment_artifact_proxy": "ARTIFACT_PROXY_DELETE",
    # logged models
    "validate_can_create_logged_model": "LOGGED_MODEL_CREATE",
    "validate_can_read_logged_model": "LOGGED_MODEL_READ",
    "validate_can_update_logged_model": "LOGGED_MODEL_UPDATE",
    "validate_can_delete_logged_model": "LOGGED_MODEL_DELETE",
    "validate_can_search_logged_models": "LOGGED_MODEL_SEARCH",
    # model registry
    "validate_can_create_registered_model": "REGISTERED_MODEL_CREATE",
    "_validate_can_read_registered_model_or_prompt": "REGISTERED_MODEL_READ",
    "_validate_can_update_registered_model_or_prompt": "REGISTERED_MODEL_UPDATE",
    "validate_can_rename_registered_model": "REGISTERED_MODEL_RENAME",
    "validate_can_delete_registered_model_or_prompt_cascade": "REGISTERED_MODEL_DELETE",
    "validate_can_create_model_version": "MODEL_VERSION_CREATE",
    "validate_can_read_model_or_prompt_version": "MODEL_VERSION_READ",
    "validate_can_update_model_or_prompt_version": "MODEL_VERSION_UPDATE",
    "validate_can_delete_model_or_prompt_version": "MODEL_VERSION_DELETE",
    "validate_can_set_model_or_prompt_version_alias": "ALIAS_SET",
    "validate_can_delete_model_or_prompt_version_alias": "ALIAS_DELETE",
    "validate_can_search_model_versions": "MODEL_VERSION_SEARCH",
    "validate_can_read_model_version_artifact": "MODEL_VERSION_ARTIFACT",
    # traces and assessments
    "validate_can_start_trace": "TRACE_START",
    "validate_can_start_trace_v3": "TRACE_START_V3",
    "_get_otel_validator": "TRACE_OTLP",
    "validate_can_read_trace_by_request_id": "TRACE_READ_BY_REQUEST_ID",
    "validate_can_read_trace_by_trace_id": "TRACE_READ_BY_TRACE_ID",
    "validate_can_update_trace_by_request_id": "TRACE_UPDATE_BY_REQUEST_ID",
    "validate_can_update_trace_by_trace_id": "TRACE_UPDATE_BY_TRACE_ID",
    "validate_can_read_trace_artifact": "TRACE_ARTIFACT",
    "validate_can_search_traces": "TRACE_SEARCH",
    "validate_can_search_traces_v3": "TRACE_SEARCH_V3",
    "validate_can_read_traces_by_experiment_ids": "TRACE_CORRELATION",
    "validate_can_query_trace_metrics": "TRACE_METRICS",
    "validate_can_batch_get_traces": "TRACE_BATCH_GET",
    "validate_can_delete_traces": "TRACE_DELETE",
    "validate_can_link_traces_to_run": "TRACE_LINK_TO_RUN",
    "validate_can_create_assessment": "ASSESSMENT_CREATE",
    "validate_can_get_assessment": "ASSESSMENT_READ",
    "validate_can_update_assessment": "ASSESSMENT_UPDATE",
    "validate_can_delete_assessment": "ASSESSMENT_DELETE",
    # users, roles, grants
    "validate_can_create_user": "USER_CREATE",
    "validate_can_read_user": "USER_SELF",
    "validate_can_update_user_password": "USER_SELF",
    "validate_can_list_users": "AUTHENTICATED",
    "validate_can_view_user_roles": "USER_VIEW",
    "validate_can_get_user_permission": "USER_PERMISSION_GET",
    "validate_can_manage_resource": "RESOURCE_MANAGE",
    "validate_can_manage_roles": "ROLES_MANAGE",
    "validate_can_view_roles": "ROLES_VIEW",
    "validate_can_list_roles": "ROLES_LIST",
}

# routes authorized inside the handler or by a response filter (no validator): the service
# scopes what they return
INSIDE = "AUTHENTICATED"

# Trackway's deliberate departures from MLflow's table (none at present): (method, path) -> rule
OVERRIDES: dict = {}


def template(path: str) -> str:
    """Flask <x>, <path:x> and FastAPI {x}, {x:path} as {x} and {x:path}."""
    path = re.sub(r"<path:([^>]+)>", r"{\1:path}", path)
    path = re.sub(r"<(?:[a-z]+:)?([^>]+)>", r"{\1}", path)
    return path


def concrete(rule: str) -> str:
    sample = "1/0123456789abcdef0123456789abcdef/artifacts/x.txt"
    return re.sub(
        r"<([^>]+)>",
        lambda m: sample if m.group(1).startswith("path:") else f"ID_{m.group(1)}",
        rule,
    )


def render() -> str:
    warnings.simplefilter("ignore")
    scratch = tempfile.mkdtemp()
    ini = Path(scratch) / "basic_auth.ini"
    ini.write_text(
        "[mlflow]\ndefault_permission = READ\n"
        f"database_uri = sqlite:///{scratch}/basic_auth.db\nadmin_username = admin\n"
        "admin_password = gen-routes-password\n"
    )
    os.environ.update(
        MLFLOW_AUTH_CONFIG_PATH=str(ini),
        MLFLOW_FLASK_SERVER_SECRET_KEY="gen-auth-routes",
        MLFLOW_TRACKING_URI=f"sqlite:///{scratch}/mlflow.db",
    )
    os.chdir(scratch)
    import mlflow
    from mlflow.server import auth as A

    app = A.create_app()
    lines = {}
    unmapped = set()

    def rule_of(name):
        if name in RULES:
            return RULES[name]
        unmapped.add(name)
        return "ADMIN_ONLY"

    for r in app.url_map.iter_rules():
        for method in sorted(r.methods - {"HEAD", "OPTIONS"}):
            path = concrete(r.rule)
            req = SimpleNamespace(path=path, method=method, view_args={})
            if A.is_unprotected_route(path):
                rule = "PUBLIC"
            else:
                v = A._find_validator(req)
                if v is not None:
                    name = getattr(v, "__name__", "")
                    if name == "<lambda>":
                        rule = "AUTHENTICATED" if v() is True else "ADMIN_ONLY"
                    else:
                        rule = rule_of(name)
                elif A._is_proxy_artifact_path(path):
                    pv = A._get_proxy_artifact_validator(method, {"x": 1})
                    rule = rule_of(getattr(pv, "__name__", "")) if pv else "ADMIN_ONLY"
                elif A._authorized_outside_before_request(req):
                    rule = INSIDE
                else:
                    rule = "ADMIN_ONLY"
            lines[(method, template(r.rule))] = rule

    from mlflow.server.fastapi_app import create_fastapi_app

    def walk(routes, prefix=""):
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                yield from walk(inner.routes, prefix + route.include_context.prefix)
            else:
                yield prefix + getattr(route, "path", str(route)), getattr(route, "methods", None)

    for rpath, methods in walk(A._native_fastapi_routes(create_fastapi_app(app))):
        for method in sorted(methods or set()):
            if method in ("HEAD", "OPTIONS"):
                continue
            path = concrete(rpath.replace("{", "<").replace("}", ">"))
            if A.is_unprotected_route(path):
                rule = "PUBLIC"
            else:
                v = A._find_fastapi_validator(path, method)
                name = v.__qualname__.split(".<locals>")[0] if v is not None else None
                if name == "_get_fastapi_proxy_artifact_validator":
                    rule = "ARTIFACT_PROXY_READ" if method == "GET" else "ARTIFACT_PROXY_UPDATE"
                else:
                    rule = rule_of(name) if name else "ADMIN_ONLY"
            lines[(method, template(rpath))] = rule + " fastapi"

    lines.update(OVERRIDES)
    if unmapped:
        print("closed (ADMIN_ONLY), no Trackway rule:", ", ".join(sorted(unmapped)), file=sys.stderr)
    header = (
        f"# Access rules of MLflow {mlflow.__version__}'s basic-auth app per route, for callers who are\n"
        "# not admins: METHOD PATH RULE [fastapi] (fastapi: MLflow answers 401/403 as text/plain).\n"
        "# Generated by scripts/gen-auth-routes.py from the installed mlflow package; do not edit.\n"
    )
    body = "\n".join(f"{m} {p} {r}" for (m, p), r in sorted(lines.items(), key=lambda kv: (kv[0][1], kv[0][0])))
    return header + body + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        current = OUT.read_text() if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run scripts/gen-auth-routes.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT} ({text.count(chr(10)) - 3} routes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
