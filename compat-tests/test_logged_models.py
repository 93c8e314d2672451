"""MLflow 3 logged models with the stock client: create, get, finalize, tags, params, delete,
search (filters, order_by objects, page tokens), and run outputs (runs/outputs -> runs/get).
"""

import re

import mlflow
import pytest
from mlflow.entities import LoggedModelOutput, LoggedModelStatus
from mlflow.exceptions import MlflowException

from conftest import assert_mlflow_error


def test_create_and_get(client, experiment_id):
    run = client.create_run(experiment_id)
    model = client.create_logged_model(experiment_id, name="model", source_run_id=run.info.run_id,
                                       tags={"t": "1"}, params={"alpha": "0.5"}, model_type="sklearn")
    assert re.fullmatch(r"m-[0-9a-f]{32}", model.model_id)
    exp = client.get_experiment(experiment_id)
    assert model.artifact_location == f"{exp.artifact_location}/models/{model.model_id}/artifacts"
    assert model.status == LoggedModelStatus.PENDING
    assert (model.name, model.model_type, model.source_run_id) == ("model", "sklearn", run.info.run_id)
    assert model.tags == {"t": "1"}
    assert model.params == {"alpha": "0.5"}
    got = client.get_logged_model(model.model_id)
    assert (got.model_id, got.experiment_id, got.name) == (model.model_id, experiment_id, "model")
    assert got.creation_timestamp == model.creation_timestamp


def test_generated_name(client, experiment_id):
    model = client.create_logged_model(experiment_id)
    assert re.fullmatch(r"[a-z]+-[a-z]+-\d+", model.name)


def test_finalize(client, experiment_id):
    model = client.create_logged_model(experiment_id, name="m")
    ready = client.finalize_logged_model(model.model_id, LoggedModelStatus.READY)
    assert ready.status == LoggedModelStatus.READY
    assert client.get_logged_model(model.model_id).status == LoggedModelStatus.READY
    failed = client.finalize_logged_model(model.model_id, "FAILED")
    assert failed.status == LoggedModelStatus.FAILED


def test_tags_and_params(client, experiment_id, api):
    model = client.create_logged_model(experiment_id, name="m")
    client.set_logged_model_tags(model.model_id, {"a": "1", "b": "2"})
    client.set_logged_model_tags(model.model_id, {"a": "3"})
    assert client.get_logged_model(model.model_id).tags == {"a": "3", "b": "2"}
    client.delete_logged_model_tag(model.model_id, "b")
    assert client.get_logged_model(model.model_id).tags == {"a": "3"}
    body = assert_mlflow_error(api.request("DELETE", f"logged-models/{model.model_id}/tags/b"), 404,
                               "RESOURCE_DOES_NOT_EXIST")
    assert body["message"] == f"No tag with key 'b' found for model with ID '{model.model_id}'."
    client.log_model_params(model.model_id, {"lr": "0.1", "depth": "3"})
    assert client.get_logged_model(model.model_id).params == {"lr": "0.1", "depth": "3"}


def test_delete(client, experiment_id, api):
    model = client.create_logged_model(experiment_id, name="m")
    client.delete_logged_model(model.model_id)
    with pytest.raises(MlflowException) as e:
        client.get_logged_model(model.model_id)
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    r = api.get(f"logged-models/{model.model_id}", {"allow_deleted": "true"})
    assert r.status_code == 200 and r.json()["model"]["info"]["model_id"] == model.model_id
    assert client.search_logged_models([experiment_id]) == []


def test_errors(client, experiment_id, api):
    assert_mlflow_error(api.post("logged-models", {}), 400, "INVALID_PARAMETER_VALUE")
    body = assert_mlflow_error(api.post("logged-models", {"experiment_id": "987654"}), 404,
                               "RESOURCE_DOES_NOT_EXIST")
    assert body["message"] == "No Experiment with id=987654 exists"
    body = assert_mlflow_error(api.post("logged-models", {"experiment_id": experiment_id, "name": "a/b"}),
                               400, "INVALID_PARAMETER_VALUE")
    assert body["message"].startswith("Invalid model name ('a/b') provided.")
    body = assert_mlflow_error(api.get("logged-models/m-doesnotexist"), 404, "RESOURCE_DOES_NOT_EXIST")
    assert body["message"] == "Logged model with ID 'm-doesnotexist' not found."
    model = client.create_logged_model(experiment_id, name="m")
    body = assert_mlflow_error(api.request("PATCH", f"logged-models/{model.model_id}",
                                           json={"status": "LOGGED_MODEL_READY"}),
                               400, "INVALID_PARAMETER_VALUE")
    assert "'model_id'" in body["message"]


def test_deleted_experiment_refuses_models(client, unique):
    exp = client.create_experiment(unique("gone"))
    client.delete_experiment(exp)
    with pytest.raises(MlflowException) as e:
        client.create_logged_model(exp, name="m")
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"


@pytest.fixture
def three_models(client, experiment_id):
    a = client.create_logged_model(experiment_id, name="alpha", model_type="sklearn",
                                   params={"lr": "0.1"}, tags={"team": "x"})
    b = client.create_logged_model(experiment_id, name="beta", params={"lr": "0.2"})
    c = client.create_logged_model(experiment_id, name="gamma", tags={"team": "y"})
    client.finalize_logged_model(b.model_id, LoggedModelStatus.READY)
    return a.model_id, b.model_id, c.model_id


def _ids(models):
    return [m.model_id for m in models]


def test_search_filters(client, experiment_id, three_models):
    a, b, c = three_models
    # newest first by default
    assert _ids(client.search_logged_models([experiment_id])) == [c, b, a]
    assert _ids(client.search_logged_models([experiment_id], filter_string="name = 'alpha'")) == [a]
    assert _ids(client.search_logged_models([experiment_id], filter_string="name LIKE '%a'")) == [c, b, a]
    assert _ids(client.search_logged_models([experiment_id], filter_string="status = 'READY'")) == [b]
    assert _ids(client.search_logged_models([experiment_id], filter_string="params.lr = '0.2'")) == [b]
    assert _ids(client.search_logged_models([experiment_id],
                                            filter_string="tags.team = 'x' AND model_type = 'sklearn'")) == [a]
    assert _ids(client.search_logged_models([experiment_id], filter_string="name IN ('alpha', 'gamma')")) == [
        c, a]
    assert _ids(client.search_logged_models([experiment_id], filter_string="creation_time > 0")) == [c, b, a]


def test_search_order_and_pages(client, experiment_id, three_models):
    a, b, c = three_models
    by_name = client.search_logged_models([experiment_id],
                                          order_by=[{"field_name": "name", "ascending": False}])
    assert _ids(by_name) == [c, b, a]
    page1 = client.search_logged_models([experiment_id], max_results=2)
    assert _ids(page1) == [c, b]
    assert page1.token
    page2 = client.search_logged_models([experiment_id], max_results=2, page_token=page1.token)
    assert _ids(page2) == [a]
    assert not page2.token


def test_search_errors(api, experiment_id):
    for body, message in [
        ({"experiment_ids": [experiment_id], "filter": "name > 'a'"},
         "Invalid comparison operator for attributes.name: '>'."),
        ({"experiment_ids": [experiment_id], "filter": "tag.t = 'x'"}, "Invalid entity type: 'tag'."),
        ({"experiment_ids": [experiment_id], "filter": "status = 'DONE'"},
         "Unknown model status in filter: 'DONE'"),
        ({"experiment_ids": [experiment_id], "filter": "name = 'a' OR name = 'b'"},
         "Expected a list of comparisons separated by 'AND'"),
        ({"experiment_ids": [experiment_id], "order_by": [{"field_name": "params.lr"}]},
         "Only metrics are supported."),
        ({"experiment_ids": [experiment_id], "datasets": [{"dataset_digest": "d"}]},
         "`dataset_name` in the `datasets` clause must be specified."),
        ({}, "Missing value for required parameter 'experiment_ids'"),
    ]:
        err = assert_mlflow_error(api.post("logged-models/search", body), 400, "INVALID_PARAMETER_VALUE")
        assert message in err["message"], (body, err)


def test_page_token_belongs_to_its_search(client, api, experiment_id, three_models):
    page1 = client.search_logged_models([experiment_id], max_results=1)
    err = assert_mlflow_error(
        api.post("logged-models/search", {"experiment_ids": [experiment_id], "filter": "name = 'alpha'",
                                          "page_token": page1.token}),
        400, "INVALID_PARAMETER_VALUE")
    assert "Filter string in the page token does not match" in err["message"]


def test_log_outputs_shows_in_runs_get(client, experiment_id, api):
    run = client.create_run(experiment_id)
    model = client.create_logged_model(experiment_id, name="m", source_run_id=run.info.run_id)
    client.log_outputs(run.info.run_id, [LoggedModelOutput(model.model_id, step=7)])
    outputs = client.get_run(run.info.run_id).outputs.model_outputs
    assert [(o.model_id, o.step) for o in outputs] == [(model.model_id, 7)]
    assert_mlflow_error(api.post("runs/outputs", {"run_id": run.info.run_id}), 400, "INVALID_PARAMETER_VALUE")
    assert_mlflow_error(api.post("runs/outputs", {"run_id": "f" * 32, "models": []}), 404,
                        "RESOURCE_DOES_NOT_EXIST")


def test_metrics_logged_for_a_model(tracking_uri, client, experiment_id):
    """log_metric(model_id=...) stores the value on the model too (logged_model_metrics)."""
    with mlflow.start_run(experiment_id=experiment_id) as run:
        model = client.create_logged_model(experiment_id, name="m", source_run_id=run.info.run_id)
        mlflow.log_metric("acc", 0.75, step=1, model_id=model.model_id)
        mlflow.log_metric("acc", 0.9, step=2, model_id=model.model_id)
    got = client.get_logged_model(model.model_id)
    assert sorted((m.key, m.value, m.step) for m in got.metrics) == [("acc", 0.75, 1), ("acc", 0.9, 2)]
    found = client.search_logged_models([experiment_id], filter_string="metrics.acc > 0.8")
    assert _ids(found) == [model.model_id]
    assert client.search_logged_models([experiment_id], filter_string="metrics.acc < 0.8") == []
