"""Registry searches with the stock client: filters, order_by, page tokens, prompt exclusion.

search_registered_models / search_model_versions use MLflow's registry grammar: `name`
(=, !=, LIKE, ILIKE, IN), `tags.<key>`, for versions also `run_id`, `source_path`,
`version_number`; the client adds ``tags.`mlflow.prompt.is_prompt` != 'true'`` and the server
then excludes prompts while keeping models that lack the tag.
"""

import time

import pytest
from mlflow.exceptions import MlflowException

from conftest import assert_mlflow_error

PROMPT_TAG = "mlflow.prompt.is_prompt"


@pytest.fixture
def models(client, api, unique):
    """Three models <prefix>-a/b/c tagged letter=<x>, one prompt <prefix>-prompt."""
    prefix = unique("search")
    for letter in "cab":
        client.create_registered_model(f"{prefix}-{letter}", tags={"letter": letter, "group": "g"})
    # the client refuses to create a prompt as a model; the UI's raw request does it
    r = api.post("registered-models/create",
                 {"name": f"{prefix}-prompt", "tags": [{"key": PROMPT_TAG, "value": "true"}]})
    assert r.status_code == 200, r.text
    return prefix


def _names(models):
    return [m.name for m in models]


def test_filter_by_name(client, models):
    p = models
    assert _names(client.search_registered_models(f"name LIKE '{p}-%'")) == [f"{p}-a", f"{p}-b", f"{p}-c"]
    assert _names(client.search_registered_models(f"name = '{p}-b'")) == [f"{p}-b"]
    assert _names(client.search_registered_models(f"name ILIKE '{p.upper()}-A'")) == [f"{p}-a"]
    assert _names(client.search_registered_models(f"name LIKE '{p.upper()}-%'")) == []
    assert _names(client.search_registered_models(f"name IN ('{p}-a', '{p}-c')")) == [f"{p}-a", f"{p}-c"]
    assert _names(client.search_registered_models(f"name LIKE '{p}-%' AND name != '{p}-a'")) == [
        f"{p}-b", f"{p}-c"]


def test_filter_by_tags(client, models):
    p = models
    assert _names(client.search_registered_models(f"name LIKE '{p}-%' AND tags.letter = 'b'")) == [f"{p}-b"]
    assert _names(client.search_registered_models(f"name LIKE '{p}-%' AND tag.letter != 'b'")) == [
        f"{p}-a", f"{p}-c"]
    assert _names(client.search_registered_models(f"name LIKE '{p}-%' AND tags.letter LIKE 'a%'")) == [
        f"{p}-a"]
    # a model without the tag never matches a tag comparison, != included
    assert _names(client.search_registered_models(f"name LIKE '{p}-%' AND tags.missing != 'x'")) == []
    assert _names(client.search_registered_models(
        f"name LIKE '{p}-%' AND tags.group = 'g' AND tags.letter = 'c'")) == [f"{p}-c"]


def test_prompts_are_excluded_unless_asked_for(client, api, models):
    p = models
    # the client adds the prompt-exclusion clause itself
    assert f"{p}-prompt" not in _names(client.search_registered_models(f"name LIKE '{p}-%'"))
    r = api.get("registered-models/search", {"filter": f"name LIKE '{p}-%'"})
    assert [m["name"] for m in r.json()["registered_models"]] == [f"{p}-a", f"{p}-b", f"{p}-c"]
    r = api.get("registered-models/search",
                {"filter": f"name LIKE '{p}-%' AND tags.`{PROMPT_TAG}` = 'true'"})
    assert [m["name"] for m in r.json()["registered_models"]] == [f"{p}-prompt"]


def test_order_by(client, models):
    p = models
    f = f"name LIKE '{p}-%'"
    assert _names(client.search_registered_models(f, order_by=["name DESC"])) == [
        f"{p}-c", f"{p}-b", f"{p}-a"]
    time.sleep(0.05)
    client.update_registered_model(f"{p}-a", description="touched last")
    assert _names(client.search_registered_models(f, order_by=["last_updated_timestamp DESC"]))[0] == f"{p}-a"
    assert _names(client.search_registered_models(f, order_by=["timestamp ASC"]))[-1] == f"{p}-a"


def test_pagination(client, models):
    p = models
    f = f"name LIKE '{p}-%'"
    page1 = client.search_registered_models(f, max_results=2)
    assert _names(page1) == [f"{p}-a", f"{p}-b"]
    assert page1.token
    page2 = client.search_registered_models(f, max_results=2, page_token=page1.token)
    assert _names(page2) == [f"{p}-c"]
    assert not page2.token


def test_registered_model_search_errors(api):
    for params, message in [
        ({"filter": "name > 'a'"}, "Invalid comparator for attribute: >"),
        ({"filter": "run_id = 'a'"}, "Invalid attribute key 'run_id' specified."),
        ({"filter": "name = 'a' OR name = 'b'"}, "Invalid clause(s) in filter string"),
        ({"filter": "tags.x IS NULL"}, "IS NULL / IS NOT NULL is not supported for registered model search."),
        ({"order_by": "creation_timestamp"}, "Invalid order by key 'creation_timestamp' specified."),
        ({"max_results": "1001"}, "Invalid value \"1001\" for parameter 'max_results' supplied"),
        ({"page_token": "not-a-token"}, "Invalid page token"),
    ]:
        body = assert_mlflow_error(api.get("registered-models/search", params), 400,
                                   "INVALID_PARAMETER_VALUE")
        assert message in body["message"], (params, body)


@pytest.fixture
def versions(client, unique, experiment_id):
    """A model with versions 1 (s3), 2 (run source, tagged), 3 (s3)."""
    name = unique("mvsearch")
    client.create_registered_model(name)
    run_id = client.create_run(experiment_id).info.run_id
    client.create_model_version(name, "s3://compat-bucket/m1")
    client.create_model_version(name, f"runs:/{run_id}/model", run_id=run_id, tags={"k": "v"})
    client.create_model_version(name, "s3://compat-bucket/m3")
    return name, run_id


def test_search_model_versions(client, versions):
    name, run_id = versions
    f = f"name = '{name}'"
    assert [mv.version for mv in client.search_model_versions(f)] == ["3", "2", "1"]
    assert [mv.version for mv in client.search_model_versions(f"{f} AND version_number >= 2")] == ["3", "2"]
    assert [mv.version for mv in client.search_model_versions(f"{f} AND version_number = '1'")] == ["1"]
    assert [mv.version for mv in client.search_model_versions(f"run_id = '{run_id}'")] == ["2"]
    assert [mv.version for mv in client.search_model_versions(f"run_id IN ('{run_id}')")] == ["2"]
    assert [mv.version for mv in client.search_model_versions(f"{f} AND source_path LIKE 's3://%'")] == [
        "3", "1"]
    assert [mv.version for mv in client.search_model_versions(f"{f} AND tags.k = 'v'")] == ["2"]
    assert [mv.version for mv in client.search_model_versions(f, order_by=["version_number ASC"])] == [
        "1", "2", "3"]


def test_search_model_versions_pagination_and_deleted(client, versions):
    name, _ = versions
    f = f"name = '{name}'"
    page1 = client.search_model_versions(f, max_results=2)
    assert [mv.version for mv in page1] == ["3", "2"]
    page2 = client.search_model_versions(f, max_results=2, page_token=page1.token)
    assert [mv.version for mv in page2] == ["1"]
    assert not page2.token
    client.delete_model_version(name, "2")
    assert [mv.version for mv in client.search_model_versions(f)] == ["3", "1"]


def test_model_version_search_errors(api):
    for params, message in [
        ({"filter": "version_number = 1.5"}, "Invalid value for numeric attribute 'version_number': 1.5"),
        ({"filter": "version_number LIKE '1'"}, "Invalid comparator for attribute version_number: LIKE"),
        ({"filter": "source_path IN ('a')"}, "attributes support comparison with a list of quoted string"),
        ({"filter": "name IS NULL"}, "IS NULL / IS NOT NULL is not supported for model version search."),
        ({"filter": "metrics.x > 1"}, "Invalid entity type 'metrics'"),
        ({"order_by": "tags.x"}, "Invalid order by key 'x' specified."),
        ({"max_results": "0"}, "It must be a positive integer"),
        ({"max_results": "200001"}, "for parameter 'max_results' supplied"),
    ]:
        body = assert_mlflow_error(api.get("model-versions/search", params), 400, "INVALID_PARAMETER_VALUE")
        assert message in body["message"], (params, body)


def test_client_surfaces_search_errors(client):
    with pytest.raises(MlflowException) as e:
        client.search_registered_models("name > 'a'")
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"
