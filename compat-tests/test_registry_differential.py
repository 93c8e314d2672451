"""Differential tests of the model registry and logged models: the same raw request sequences
against MLflow's server and Trackway (each on its own fresh database of the same kind).

Answers are normalized before comparing: server-assigned ids (experiments, runs, logged models)
become placeholders in order of appearance, timestamps and generated names are masked, lists
whose order MLflow leaves to the database (tags, aliases, latest versions) are sorted, page
tokens are decoded. Errors are compared by HTTP status and error_code.

Deliberate differences, not replayed here (see docs/compatibility.md): MLflow answers 500 for a
duplicated order_by key, for archive_existing_versions with a non-active stage and for
``models:/<name>/latest`` of a model without versions; Trackway answers 400
INVALID_PARAMETER_VALUE. An unknown logged-model status in a finalize request is 400 on
Trackway; MLflow stores LOGGED_MODEL_STATUS_UNSPECIFIED.
"""

from __future__ import annotations

import base64
import json
import re

import pytest
import requests

from conftest import SESSION_TAG

pytestmark = pytest.mark.trackway_only

TS_SUFFIXES = ("timestamp", "timestamp_ms", "_time")
GENERATED_NAME = re.compile(r"^[a-z]+-[a-z]+-\d{1,4}$")
MODEL_ID = re.compile(r"m-[0-9a-f]{32}")
RUN_ID = re.compile(r"\b[0-9a-f]{32}\b")
SORTED_LISTS = {"tags", "aliases", "latest_versions", "params"}


class Recorder:
    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()
        self.ids: dict[str, str] = {}
        self.exchanges: list[tuple] = []

    def _placeholder(self, real: str, kind: str) -> str:
        if real not in self.ids:
            n = sum(1 for v in self.ids.values() if v.startswith(f"<{kind}"))
            self.ids[real] = f"<{kind}{n + 1}>"
        return self.ids[real]

    def _mask_str(self, s: str) -> str:
        if GENERATED_NAME.match(s):
            return "<generated-name>"
        s = MODEL_ID.sub(lambda m: self._placeholder(m.group(0), "model"), s)
        s = RUN_ID.sub(lambda m: self._placeholder(m.group(0), "run"), s)
        if "artifacts" in s:  # experiment ids inside artifact locations only
            for real, ph in self.ids.items():
                if ph.startswith("<exp"):
                    s = re.sub(rf"(?<=[:/]){re.escape(real)}(?=/)", ph, s, count=1)
        return s

    def _norm(self, obj, key=None):
        if isinstance(obj, dict):
            out = {}
            for k, v in obj.items():
                if k == "experiment_id" and isinstance(v, str):
                    out[k] = self._placeholder(v, "exp")
                elif k == "experiment_ids" and isinstance(v, list):
                    out[k] = [self._placeholder(str(x), "exp") for x in v]
                elif k.endswith(TS_SUFFIXES) and isinstance(v, int):
                    out[k] = "<ts>"
                elif k == "next_page_token":
                    out[k] = self._token(v)
                else:
                    out[k] = self._norm(v, k)
            return out
        if isinstance(obj, list):
            items = [self._norm(v, key) for v in obj]
            if key in SORTED_LISTS:
                items.sort(key=lambda x: json.dumps(x, sort_keys=True))
            return items
        if isinstance(obj, str):
            return self._mask_str(obj)
        return obj

    def _token(self, token):
        try:
            decoded = json.loads(base64.b64decode(token))
            return self._norm(decoded)
        except Exception:
            return "<token>"

    def call(self, method, path, body=None, params=None):
        url = f"{self.base_url}/api/2.0/mlflow/{path}"
        kw = {"timeout": 60}
        if body is not None:
            kw["data"] = json.dumps(body)
            kw["headers"] = {"Content-Type": "application/json"}
        if params is not None:
            kw["params"] = params
        r = self.http.request(method, url, **kw)
        try:
            raw = r.json() if r.text.strip() else {}
        except ValueError:
            raw = {"<non-json>": r.text[:200]}
        if r.status_code != 200:
            norm = {"error_code": raw.get("error_code")}
        else:
            norm = self._norm(raw)
        self.exchanges.append((method, self._mask_str(path), r.status_code, norm))
        return raw


def _registry_scenario(s: Recorder):
    exp = s.call("POST", "experiments/create", {"name": f"regdiff-{SESSION_TAG}"})["experiment_id"]
    s._placeholder(exp, "exp")
    run = s.call("POST", "runs/create", {"experiment_id": exp, "start_time": 1})["run"]["info"]
    run_id, artifact_uri = run["run_id"], run["artifact_uri"]
    name = f"regdiff-model-{SESSION_TAG}"
    s.call("GET", "registered-models/search", params={"filter": f"name = '{name}'"})
    s.call("POST", "registered-models/create",
           {"name": name, "description": "d", "tags": [{"key": "b", "value": "2"}, {"key": "a", "value": "1"}]})
    s.call("POST", "registered-models/create", {"name": name})
    s.call("GET", "registered-models/get", params={"name": name})
    s.call("GET", "registered-models/get", params={"name": name + "-missing"})
    s.call("POST", "model-versions/create",
           {"name": name, "source": f"runs:/{run_id}/model", "run_id": run_id, "tags": [{"key": "t", "value": "v"}]})
    s.call("POST", "model-versions/create", {"name": name, "source": f"runs:/{run_id}/model"})
    s.call("POST", "model-versions/create", {"name": name, "source": "s3://diff-bucket/model"})
    s.call("POST", "model-versions/create", {"name": name, "source": f"{artifact_uri}/model", "run_id": run_id})
    s.call("POST", "model-versions/create", {"name": name, "source": "/tmp/local/model", "run_id": run_id})
    s.call("POST", "model-versions/create", {"name": name, "source": "s3://diff-bucket/a/../b"})
    s.call("POST", "model-versions/create", {"name": name, "source": "http://example.com/m"})
    s.call("POST", "model-versions/create", {"name": name, "source": f"models:/{name}/1"})
    s.call("GET", "model-versions/get-download-uri", params={"name": name, "version": "1"})
    s.call("GET", "model-versions/get-download-uri", params={"name": name, "version": "4"})
    s.call("GET", "model-versions/get", params={"name": name, "version": "2"})
    s.call("GET", "model-versions/get", params={"name": name, "version": "x"})
    s.call("PATCH", "model-versions/update", {"name": name, "version": "2", "description": "dd"})
    s.call("PATCH", "model-versions/update", {"name": name, "version": "2"})
    s.call("PATCH", "registered-models/update", {"name": name})
    s.call("POST", "model-versions/transition-stage",
           {"name": name, "version": "1", "stage": "production", "archive_existing_versions": False})
    s.call("POST", "model-versions/transition-stage",
           {"name": name, "version": "2", "stage": "Production", "archive_existing_versions": True})
    s.call("POST", "model-versions/transition-stage", {"name": name, "version": "2", "stage": "bogus"})
    s.call("POST", "registered-models/get-latest-versions", {"name": name})
    s.call("GET", "registered-models/get-latest-versions", params={"name": name, "stages": ["Archived"]})
    s.call("POST", "registered-models/alias", {"name": name, "alias": "champion", "version": "2"})
    s.call("POST", "registered-models/alias", {"name": name, "alias": "latest", "version": "2"})
    s.call("POST", "registered-models/alias", {"name": name, "alias": "v3", "version": "2"})
    s.call("POST", "registered-models/alias", {"name": name, "alias": "x", "version": "99"})
    s.call("GET", "registered-models/alias", params={"name": name, "alias": "champion"})
    s.call("GET", "registered-models/alias", params={"name": name, "alias": "nope"})
    s.call("GET", "registered-models/alias", params={"name": name, "alias": "latest"})
    s.call("POST", "registered-models/set-tag", {"name": name, "key": "k", "value": "v"})
    s.call("DELETE", "registered-models/delete-tag", {"name": name, "key": "a"})
    s.call("POST", "model-versions/set-tag", {"name": name, "version": "3", "key": "k", "value": "v"})
    s.call("DELETE", "model-versions/delete-tag", {"name": name, "version": "3", "key": "k"})
    s.call("DELETE", "model-versions/delete", {"name": name, "version": "3"})
    s.call("GET", "model-versions/get", params={"name": name, "version": "3"})
    s.call("GET", "registered-models/get", params={"name": name})
    s.call("GET", "registered-models/search", params={"filter": f"name = '{name}'"})
    s.call("GET", "registered-models/search", params={"filter": "tags.k = 'v' AND name LIKE 'regdiff-%'"})
    s.call("GET", "registered-models/search", params={"filter": "name > 'a'"})
    s.call("GET", "registered-models/search", params={"order_by": "creation_timestamp"})
    s.call("GET", "registered-models/search", params={"max_results": "1001"})
    s.call("GET", "model-versions/search", params={"filter": f"name = '{name}'"})
    s.call("GET", "model-versions/search", params={"filter": f"name = '{name}'", "max_results": "2"})
    s.call("GET", "model-versions/search",
           params={"filter": f"name = '{name}' AND version_number >= 2", "order_by": ["version_number ASC"]})
    s.call("GET", "model-versions/search", params={"filter": f"run_id = '{run_id}'"})
    s.call("GET", "model-versions/search", params={"filter": "version_number = 1.5"})
    s.call("GET", "model-versions/search", params={"max_results": "0"})
    new_name = name + "-renamed"
    s.call("POST", "registered-models/rename", {"name": name, "new_name": new_name})
    s.call("GET", "model-versions/search", params={"filter": f"name = '{new_name}'"})
    s.call("DELETE", "registered-models/delete", {"name": new_name})
    s.call("DELETE", "registered-models/delete", {"name": new_name})
    prompt = f"regdiff-prompt-{SESSION_TAG}"
    tag = [{"key": "mlflow.prompt.is_prompt", "value": "true"}]
    s.call("POST", "registered-models/create", {"name": prompt, "tags": tag})
    s.call("POST", "model-versions/create",
           {"name": prompt, "source": "dummy-source", "tags": tag + [{"key": "mlflow.prompt.text", "value": "hi {{x}}"}]})
    s.call("POST", "model-versions/create", {"name": prompt, "source": "s3://x/y", "tags": tag})
    s.call("POST", "registered-models/create", {"name": prompt})
    s.call("GET", "registered-models/search",
           params={"filter": "name LIKE 'regdiff-%' AND tags.`mlflow.prompt.is_prompt` = 'true'"})
    s.call("GET", "registered-models/search",
           params={"filter": "name LIKE 'regdiff-%' AND tags.`mlflow.prompt.is_prompt` != 'true'"})


def _logged_model_scenario(s: Recorder):
    exp = s.call("POST", "experiments/create", {"name": f"lmdiff-{SESSION_TAG}"})["experiment_id"]
    s._placeholder(exp, "exp")
    run_id = s.call("POST", "runs/create", {"experiment_id": exp, "start_time": 1})["run"]["info"]["run_id"]
    m1 = s.call("POST", "logged-models",
                {"experiment_id": exp, "name": "model", "source_run_id": run_id, "model_type": "sklearn",
                 "params": [{"key": "p", "value": "1"}],
                 "tags": [{"key": "t2", "value": "b"}, {"key": "t1", "value": "a"}]})["model"]["info"]["model_id"]
    s.call("POST", "logged-models", {"experiment_id": exp})
    s.call("POST", "logged-models", {"experiment_id": exp, "name": "a.b"})
    s.call("POST", "logged-models", {"experiment_id": "987654"})
    s.call("POST", "logged-models", {})
    s.call("GET", f"logged-models/{m1}")
    s.call("GET", "logged-models/m-nope")
    s.call("PATCH", f"logged-models/{m1}", {"model_id": m1, "status": "LOGGED_MODEL_READY"})
    s.call("PATCH", f"logged-models/{m1}", {"status": "LOGGED_MODEL_READY"})
    s.call("PATCH", f"logged-models/{m1}", {"model_id": m1})
    s.call("PATCH", f"logged-models/{m1}/tags", {"tags": [{"key": "x", "value": "1"}, {"key": "x", "value": "2"}]})
    s.call("DELETE", f"logged-models/{m1}/tags/x")
    s.call("DELETE", f"logged-models/{m1}/tags/x")
    s.call("POST", f"logged-models/{m1}/params", {"model_id": m1, "params": [{"key": "q", "value": "2"}]})
    s.call("POST", f"logged-models/{m1}/params", {"model_id": m1, "params": [{"key": "q", "value": "2"}]})
    s.call("POST", "logged-models/search", {"experiment_ids": [exp], "filter": "name = 'model'"})
    s.call("POST", "logged-models/search", {"experiment_ids": [exp], "filter": "status = 'READY'"})
    s.call("POST", "logged-models/search", {"experiment_ids": [exp], "filter": "params.p = '1' AND tags.t1 LIKE 'a%'"})
    s.call("POST", "logged-models/search", {"experiment_ids": [exp], "filter": "name > 'a'"})
    s.call("POST", "logged-models/search", {"experiment_ids": [exp], "filter": "name = 'a' OR name = 'b'"})
    s.call("POST", "logged-models/search", {"experiment_ids": [exp], "order_by": [{"field_name": "params.x"}]})
    s.call("POST", "logged-models/search", {"experiment_ids": [exp], "datasets": [{"dataset_digest": "x"}]})
    page = s.call("POST", "logged-models/search", {"experiment_ids": [exp], "max_results": 1})
    s.call("POST", "logged-models/search",
           {"experiment_ids": [exp], "max_results": 1, "page_token": page.get("next_page_token")})
    s.call("POST", "logged-models/search",
           {"experiment_ids": [exp], "max_results": 1, "filter": "name = 'model'",
            "page_token": page.get("next_page_token")})
    s.call("POST", "runs/outputs", {"run_id": run_id, "models": [{"model_id": m1, "step": 3}]})
    s.call("POST", "runs/outputs", {"run_id": run_id, "models": [{"model_id": m1, "step": 4}]})
    s.call("POST", "runs/outputs", {"run_id": run_id})
    s.call("GET", "runs/get", params={"run_id": run_id})
    name = f"lmdiff-model-{SESSION_TAG}"
    s.call("POST", "registered-models/create", {"name": name})
    s.call("POST", "model-versions/create", {"name": name, "source": f"models:/{m1}", "model_id": m1})
    s.call("POST", "model-versions/create", {"name": name, "source": f"models:/{m1}"})
    s.call("GET", f"logged-models/{m1}")
    s.call("GET", "model-versions/get-download-uri", params={"name": name, "version": "1"})
    s.call("DELETE", f"logged-models/{m1}")
    s.call("GET", f"logged-models/{m1}")
    s.call("GET", f"logged-models/{m1}", params={"allow_deleted": "true"})


def _compare(ref: Recorder, tw: Recorder):
    assert len(ref.exchanges) == len(tw.exchanges)
    diffs = []
    for (m, p, rs, rb), (_, _, ts, tb) in zip(ref.exchanges, tw.exchanges):
        if (rs, rb) != (ts, tb):
            diffs.append(f"{m} {p}\n  mlflow:   {rs} {json.dumps(rb, sort_keys=True)[:1500]}\n"
                         f"  trackway: {ts} {json.dumps(tb, sort_keys=True)[:1500]}")
    assert not diffs, f"{len(diffs)} differing answers:\n" + "\n".join(diffs)


@pytest.mark.parametrize("scenario", [_registry_scenario, _logged_model_scenario],
                         ids=["registry", "logged-models"])
def test_same_answers_as_mlflow(server, reference_server, scenario):
    ref, tw = Recorder(reference_server.url), Recorder(server.url)
    scenario(ref)
    scenario(tw)
    _compare(ref, tw)
