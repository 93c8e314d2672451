"""Raw-HTTP basics: /health, /version, both API prefixes, the error JSON shape."""

import pytest
import requests
from packaging.version import Version

from conftest import assert_mlflow_error, error_of


def test_health(server):
    r = requests.get(server.url + "/health", timeout=10)
    assert r.status_code == 200
    assert r.text.strip() == "OK"


def test_version_is_pep440(server):
    r = requests.get(server.url + "/version", timeout=10)
    assert r.status_code == 200
    v = Version(r.text.strip())  # raises InvalidVersion if not PEP 440
    assert v.release, r.text


@pytest.mark.parametrize("write_prefix,read_prefix", [
    ("/api/2.0", "/ajax-api/2.0"),
    ("/ajax-api/2.0", "/api/2.0"),
])
def test_both_prefixes(api, unique, write_prefix, read_prefix):
    name = unique("exp")
    r = api.post("experiments/create", {"name": name}, prefix=write_prefix)
    assert r.status_code == 200, r.text
    exp_id = r.json()["experiment_id"]
    assert isinstance(exp_id, str) and exp_id

    r = api.get("experiments/get", {"experiment_id": exp_id}, prefix=read_prefix)
    assert r.status_code == 200, r.text
    assert r.json()["experiment"]["name"] == name

    r = api.get("experiments/get-by-name", {"experiment_name": name}, prefix=read_prefix)
    assert r.status_code == 200, r.text
    assert r.json()["experiment"]["experiment_id"] == exp_id

    r = api.post("runs/create", {"experiment_id": exp_id, "start_time": 1}, prefix=read_prefix)
    assert r.status_code == 200, r.text
    run_id = r.json()["run"]["info"]["run_id"]
    r = api.get("runs/get", {"run_id": run_id}, prefix=write_prefix)
    assert r.status_code == 200, r.text
    assert r.json()["run"]["info"]["experiment_id"] == exp_id


def test_success_answers_are_json(api, unique):
    r = api.post("experiments/create", {"name": unique("exp")})
    assert r.status_code == 200
    assert "application/json" in r.headers.get("Content-Type", "")
    assert set(r.json()) == {"experiment_id"}


def test_unknown_experiment_error_shape(api):
    r = api.get("experiments/get", {"experiment_id": "987654321"})
    body = assert_mlflow_error(r, 404, "RESOURCE_DOES_NOT_EXIST")
    assert "987654321" in body["message"]


def test_unknown_run_error_shape(api):
    r = api.get("runs/get", {"run_id": "0123456789abcdef0123456789abcdef"})
    assert_mlflow_error(r, 404, "RESOURCE_DOES_NOT_EXIST")


def test_missing_required_field(api):
    r = api.post("experiments/create", {})
    body = assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    assert "name" in body["message"]


def test_wrong_field_type(api):
    r = api.post("experiments/create", {"name": 42})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_duplicate_experiment_raw(api, unique):
    name = unique("dup")
    assert api.post("experiments/create", {"name": name}).status_code == 200
    r = api.post("experiments/create", {"name": name})
    assert_mlflow_error(r, 400, "RESOURCE_ALREADY_EXISTS")


def test_post_requires_json_content_type(api, unique):
    r = api.request("POST", "experiments/create", data='{"name": "%s"}' % unique("ct"),
                    headers={"Content-Type": "text/plain"})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_malformed_json_body(api):
    r = api.request("POST", "experiments/create", data="{not json",
                    headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])


def test_unknown_api_route(server, api):
    r = api.get("no-such-endpoint/anywhere")
    assert r.status_code == 404, (r.status_code, r.text[:300])
    if server.is_trackway:
        # MLflow answers Flask's HTML 404 here; Trackway answers MLflow-style JSON
        # (or, like MLflow's _not_implemented, an empty body) - never HTML.
        if r.content.strip():
            body = error_of(r)
            assert body["error_code"] == "ENDPOINT_NOT_FOUND", body


def test_unknown_ajax_route(server, api):
    r = api.post("no-such-endpoint", {}, prefix="/ajax-api/2.0")
    assert r.status_code == 404, (r.status_code, r.text[:300])
    if server.is_trackway and r.content.strip():
        assert error_of(r)["error_code"] == "ENDPOINT_NOT_FOUND"


def test_get_with_repeated_and_bool_query_params(api, unique):
    # GET search: scalar fields from the query string, view_type by enum name
    name = unique("q")
    api.post("experiments/create", {"name": name})
    r = api.get("experiments/search", {"max_results": 5, "filter": f"name = '{name}'",
                                       "view_type": "ALL"})
    assert r.status_code == 200, r.text
    assert [e["name"] for e in r.json()["experiments"]] == [name]
