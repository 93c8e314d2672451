"""The two-way database property for the model registry: MLflow and Trackway take turns.

Like test_two_way.py (which does this for tracking), one database of the backend selected with
--backend goes through three servers, one at a time:

1. MLflow's own server creates the database; the stock client creates registered models (tags,
   descriptions), model versions from `runs:/` sources of real runs (with tags), aliases, stage
   transitions (one with archive_existing_versions), a deleted (soft-deleted) version and a
   prompt (mlflow.genai.register_prompt). The JSON answers of the registry's read requests are
   recorded.
2. Trackway starts on that database, must not change it, and must answer the same requests with
   identical normalized JSON. Then the stock client writes more through Trackway (a new version,
   a renamed model whose versions and aliases must follow, a new alias, tag changes, a deleted
   alias, a transition) and Trackway's answers to the extended request list are recorded.
3. MLflow's server starts again on the database and answers the extended list exactly as
   Trackway did.

Normalization sorts tag lists (and latest_versions by version); search results keep their order.
With --target mlflow the middle server is MLflow itself (the reference run).
"""

from __future__ import annotations

import json
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import servers
from two_way_support import (Call, Capture, capture, compare, db_differences,
                             inspect_db, start_on)

T0 = 1_700_000_000_000


# --------------------------------------------------------------------------- normalization


def _norm_registry(obj, key=None):
    """Sort tag lists by key and latest_versions by version (order MLflow does not define)."""
    if isinstance(obj, dict):
        return {k: _norm_registry(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        items = [_norm_registry(v, key) for v in obj]
        if key in ("tags", "aliases"):
            items.sort(key=lambda d: json.dumps(d, sort_keys=True))
        elif key == "latest_versions":
            items.sort(key=lambda d: int(d.get("version", 0)) if isinstance(d, dict) else 0)
        return items
    return obj


def _capture(server_name, url, calls) -> Capture:
    cap = capture(server_name, url, calls)
    for label, a in cap.answers.items():
        a.body = _norm_registry(a.body)
    return cap


# --------------------------------------------------------------------------- what was written


@dataclass
class State:
    models: dict = field(default_factory=dict)  # label -> current registered model name
    versions: dict = field(default_factory=dict)  # model label -> list of versions (strings)
    aliases: dict = field(default_factory=dict)  # model label -> set of alias names
    runs: dict = field(default_factory=dict)  # label -> run id
    prompts: list = field(default_factory=list)


def _run(c, st, exp_id, label):
    run = c.create_run(exp_id, start_time=T0, run_name=label)
    rid = run.info.run_id
    c.log_param(rid, "p", label)
    c.set_terminated(rid, "FINISHED", end_time=T0 + 1000)
    st.runs[label] = rid
    return rid


def _version(c, st, model, run_label, tags=None, description=None):
    rid = st.runs[run_label]
    mv = c.create_model_version(st.models[model], f"runs:/{rid}/model", run_id=rid, tags=tags,
                                description=description)
    st.versions.setdefault(model, []).append(str(mv.version))
    return str(mv.version)


def fill_with_mlflow(c, url, st: State) -> None:
    exp = c.create_experiment("reg-two-way")
    for i in range(4):
        _run(c, st, exp, f"r{i}")

    st.models["alpha"] = "tw-reg-alpha"
    c.create_registered_model("tw-reg-alpha", tags={"team": "vision", "tier": "gold"},
                              description="alpha model")
    st.models["beta"] = "tw-reg-beta"
    c.create_registered_model("tw-reg-beta")
    c.update_registered_model("tw-reg-beta", description="beta, described later")
    c.set_registered_model_tag("tw-reg-beta", "scratch", "x")
    c.set_registered_model_tag("tw-reg-beta", "owner", "alice")
    c.delete_registered_model_tag("tw-reg-beta", "scratch")
    st.models["empty"] = "tw-reg-empty"
    c.create_registered_model("tw-reg-empty", tags={"k": "v"})

    _version(c, st, "alpha", "r0", tags={"stage": "first"}, description="v1 desc")
    _version(c, st, "alpha", "r1", tags={"stage": "second", "extra": "1"})
    _version(c, st, "alpha", "r2")
    _version(c, st, "alpha", "r3")
    c.set_model_version_tag("tw-reg-alpha", "3", "validated", "yes")
    c.update_model_version("tw-reg-alpha", "3", description="third")
    c.delete_model_version_tag("tw-reg-alpha", "2", "extra")
    c.transition_model_version_stage("tw-reg-alpha", "1", "Production")
    c.transition_model_version_stage("tw-reg-alpha", "2", "Staging")
    c.transition_model_version_stage("tw-reg-alpha", "3", "Production",
                                     archive_existing_versions=True)  # v1 -> Archived
    c.delete_model_version("tw-reg-alpha", "4")  # soft delete
    c.set_registered_model_alias("tw-reg-alpha", "champion", "3")
    c.set_registered_model_alias("tw-reg-alpha", "old", "1")
    st.aliases["alpha"] = {"champion", "old"}

    _version(c, st, "beta", "r1", tags={"b": "1"})
    _version(c, st, "beta", "r2")
    c.transition_model_version_stage("tw-reg-beta", "2", "Staging")
    c.set_registered_model_alias("tw-reg-beta", "stable", "2")
    st.aliases["beta"] = {"stable"}

    import mlflow

    saved_tracking_uri = mlflow.get_tracking_uri()
    mlflow.set_tracking_uri(url)
    mlflow.set_registry_uri(url)
    try:
        mlflow.genai.register_prompt(name="tw-reg-prompt", template="Hello {{name}}!",
                                     commit_message="first", tags={"lang": "en"})
        mlflow.genai.register_prompt(name="tw-reg-prompt", template="Hi {{name}}, again.",
                                     commit_message="second")
    finally:
        # this server is stopped after the module: later modules must not inherit its URIs
        mlflow.set_tracking_uri(saved_tracking_uri)
        mlflow.set_registry_uri(None)
        os.environ.pop("MLFLOW_REGISTRY_URI", None)  # set_registry_uri exported it
    st.prompts.append("tw-reg-prompt")


def write_with_trackway(c, url, st: State) -> None:
    _version(c, st, "alpha", "r0", tags={"made-by": "trackway"}, description="from trackway")
    c.rename_registered_model("tw-reg-alpha", "tw-reg-alpha-renamed")
    st.models["alpha"] = "tw-reg-alpha-renamed"
    name = st.models["alpha"]
    c.set_registered_model_alias(name, "trackway", "5")
    st.aliases["alpha"].add("trackway")
    c.delete_registered_model_alias(name, "old")
    st.aliases["alpha"].discard("old")
    c.set_registered_model_tag(name, "tier", "silver")
    c.delete_registered_model_tag(name, "team")
    c.set_model_version_tag(name, "5", "checked", "no")
    c.delete_model_version_tag(name, "1", "stage")
    c.transition_model_version_stage(name, "5", "Staging", archive_existing_versions=True)
    c.update_registered_model(name, description="alpha, renamed by trackway")
    c.set_registered_model_tag(st.models["empty"], "k", "changed")
    c.set_model_version_tag(st.models["beta"], "1", "b", "2")


# --------------------------------------------------------------------------- what is read back


def read_calls(st: State) -> list[Call]:
    calls: list[Call] = []

    def get(label, path, params, pages=False):
        calls.append(Call(label, "GET", path, params=params, follow_pages=pages))

    def post(label, path, body):
        calls.append(Call(label, "POST", path, body=body))

    names = dict(st.models)
    for p in st.prompts:
        names[f"prompt {p}"] = p
    for label, name in names.items():
        get(f"registered-models/get {label}", "registered-models/get", {"name": name})
        get(f"model-versions/search {label}", "model-versions/search",
            {"filter": f"name = '{name}'", "max_results": 100})
        post(f"get-latest-versions {label}", "registered-models/get-latest-versions",
             {"name": name})
        post(f"get-latest-versions {label} Production/Staging",
             "registered-models/get-latest-versions",
             {"name": name, "stages": ["Production", "Staging"]})
    for label, versions in st.versions.items():
        for v in versions:
            params = {"name": st.models[label], "version": v}
            get(f"model-versions/get {label}/{v}", "model-versions/get", params)
            get(f"get-download-uri {label}/{v}", "model-versions/get-download-uri", params)
    for p in st.prompts:
        for v in ("1", "2"):
            get(f"model-versions/get prompt/{v}", "model-versions/get", {"name": p, "version": v})
    for label, aliases in st.aliases.items():
        for a in sorted(aliases):
            get(f"alias {label}/{a}", "registered-models/alias",
                {"name": st.models[label], "alias": a})
    get("alias alpha/old (maybe deleted)", "registered-models/alias",
        {"name": st.models["alpha"], "alias": "old"})
    get("registered-models/get old name", "registered-models/get", {"name": "tw-reg-alpha"})

    for i, params in enumerate([
        {},
        {"max_results": 100},
        {"max_results": 100, "order_by": ["name DESC"]},
        {"max_results": 100, "order_by": ["last_updated_timestamp DESC", "name ASC"]},
        {"max_results": 100, "filter": "name LIKE 'tw-reg-%'"},
        {"max_results": 100, "filter": "name ILIKE '%ALPHA%'"},
        {"max_results": 100, "filter": "tags.tier = 'gold'"},
        {"max_results": 100, "filter": "tags.`mlflow.prompt.is_prompt` = 'true'"},
    ]):
        get(f"registered-models/search #{i}", "registered-models/search", params)
    get("registered-models/search paged", "registered-models/search",
        {"max_results": 2, "order_by": ["name ASC"]}, pages=True)
    get("model-versions/search paged", "model-versions/search",
        {"max_results": 2, "order_by": ["version_number ASC"],
         "filter": f"name = '{st.models['alpha']}'"}, pages=True)
    for i, params in enumerate([
        {"max_results": 100},
        {"max_results": 100, "filter": f"run_id = '{st.runs['r1']}'"},
        {"max_results": 100, "filter": "tags.stage = 'second'"},
        {"max_results": 100, "order_by": ["version_number DESC"],
         "filter": f"name = '{st.models['alpha']}'"},
        {"max_results": 100, "filter": "source_path LIKE 'runs:/%'"},
    ]):
        get(f"model-versions/search #{i}", "model-versions/search", params)
    return calls


# --------------------------------------------------------------------------- the flow


@dataclass
class Flow:
    middle: str
    calls1: list = field(default_factory=list)
    calls2: list = field(default_factory=list)
    mlflow1: Capture | None = None
    middle_read: Capture | None = None
    middle_final: Capture | None = None
    mlflow_final: Capture | None = None
    db: dict = field(default_factory=dict)
    write_error: str | None = None


def _client(url):
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri=url, registry_uri=url)


@pytest.fixture(scope="module")
def flow(pytestconfig, tmp_path_factory):
    if pytestconfig.getoption("--url"):
        pytest.skip("the two-way test starts its own servers on one database; not with --url")
    kind = pytestconfig.getoption("--backend")
    middle = pytestconfig.getoption("--target")
    jar = Path(pytestconfig.getoption("--jar"))
    java = pytestconfig.getoption("--java")
    workdir = tmp_path_factory.mktemp(f"two-way-registry-{kind}")
    backend = servers.make_backend(kind, workdir, "twowayreg")

    def start(target, label):
        try:
            return start_on(target, backend, workdir, jar=jar, java=java, label=label)
        except Exception as e:
            pytest.fail(f"{label}: could not start the {target} server: {e}", pytrace=False)

    f = Flow(middle)
    st = State()
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
        finally:
            s.stop()
        _dump(f)
        yield f
    finally:
        backend.cleanup()


def _dump(f: Flow) -> None:
    """COMPAT_TWO_WAY_DUMP=dir: write every captured answer there."""
    out = os.environ.get("COMPAT_TWO_WAY_DUMP")
    if not out:
        return
    Path(out).mkdir(parents=True, exist_ok=True)
    for name, cap in (("1-mlflow", f.mlflow1), (f"2-{f.middle}-read", f.middle_read),
                      (f"2-{f.middle}-final", f.middle_final), ("3-mlflow", f.mlflow_final)):
        data = {label: {"status": a.status, "body": a.body} for label, a in cap.answers.items()}
        (Path(out) / f"registry-{name}.json").write_text(json.dumps(data, indent=1))


# --------------------------------------------------------------------------- the checks

# reads that are expected to fail (deleted alias, renamed-away model) once the middle server wrote
# (and the soft-deleted version 4 of alpha, which must stay invisible: 404 from every server)
DELETED_VERSION = {"model-versions/get alpha/4", "get-download-uri alpha/4"}
EXPECTED_ERRORS = {"alias alpha/old (maybe deleted)", "registered-models/get old name"} | DELETED_VERSION


def _non_200(cap, allowed=()):
    return [f"[{label}] HTTP {a.status}: {str(a.body)[:300]}"
            for label, a in cap.answers.items() if a.status != 200 and label not in allowed]


def test_mlflow_fills_registry(flow):
    bad = _non_200(flow.mlflow1, DELETED_VERSION)
    assert all(flow.mlflow1.answers[k].status == 404 for k in DELETED_VERSION)
    assert not bad, "MLflow's server refused reads of its own data:\n" + "\n".join(bad)
    assert len(flow.calls1) > 40


def test_trackway_opens_mlflow_registry_without_changing_it(flow):
    m = flow.middle
    problems = db_differences(flow.db["1 mlflow done"], flow.db["2 started"])
    problems += [f"after the reads: {p}" for p in
                 db_differences(flow.db["2 started"], flow.db["2 answered reads"])]
    assert not problems, f"{m} changed MLflow's database:\n" + "\n".join(problems)


def test_trackway_serves_mlflow_registry_identically(flow):
    problems = compare(flow.mlflow1, flow.middle_read, flow.calls1)
    assert not problems, (f"{len(problems)} of {len(flow.mlflow1.answers)} answers differ "
                          f"(mlflow = expected, {flow.middle} = got):\n\n" + "\n\n".join(problems))


def test_trackway_writes_registry_through_stock_client(flow):
    assert flow.write_error is None, f"writing through {flow.middle} failed:\n{flow.write_error}"
    bad = _non_200(flow.middle_final, EXPECTED_ERRORS)
    assert not bad, f"{flow.middle} refused reads after its writes:\n" + "\n".join(bad)
    renamed = flow.middle_final.body("registered-models/get alpha")["registered_model"]
    assert renamed["name"] == "tw-reg-alpha-renamed"
    assert {a["alias"]: a["version"] for a in renamed.get("aliases", [])} == \
        {"champion": "3", "trackway": "5"}
    for v in ("1", "2", "3", "5"):
        mv = flow.middle_final.body(f"model-versions/get alpha/{v}")["model_version"]
        assert mv["name"] == "tw-reg-alpha-renamed", mv
    assert flow.middle_final.answers["registered-models/get old name"].status == 404


def test_mlflow_reopens_trackway_registry_without_changes(flow):
    m = flow.middle
    problems = db_differences(flow.db["2 done"], flow.db["3 started"])
    problems += [f"after the reads: {p}" for p in
                 db_differences(flow.db["3 started"], flow.db["3 answered reads"])]
    problems += [f"{m} left a schema other than MLflow's: {p}" for p in
                 db_differences(flow.db["1 mlflow done"], flow.db["2 done"])
                 if not p.startswith("row count")]
    assert not problems, "\n".join(problems)


def test_mlflow_serves_trackway_registry_identically(flow):
    problems = compare(flow.mlflow_final, flow.middle_final, flow.calls2)
    assert not problems, (f"{len(problems)} of {len(flow.mlflow_final.answers)} answers differ "
                          f"(mlflow = expected, {flow.middle} = got):\n\n" + "\n\n".join(problems))
