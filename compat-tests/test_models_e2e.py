"""End to end: mlflow.sklearn.log_model, register_model, load_model through every model URI.

log_model creates a logged model (POST logged-models), records it as a run output, uploads the
model files through the proxied artifact endpoints under <experiment>/models/<model_id>/artifacts
and finalizes it (PATCH logged-models/<id>). Loading resolves runs:/ (the run's logged model, via
logged-models/search), models:/<model_id> (logged-models/<id>), models:/name/version and
models:/name@alias (model-versions/get-download-uri) and downloads the files.
"""

import mlflow
import numpy as np
import pytest
from mlflow.entities import LoggedModelStatus

sklearn = pytest.importorskip("sklearn.linear_model")

X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
Y = np.array([0, 0, 0, 1, 1, 1])


@pytest.fixture(scope="module")
def trained():
    return sklearn.LogisticRegression().fit(X, Y)


@pytest.fixture
def logged(tracking_uri, experiment_id, trained):
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.log_param("C", "1.0")
        mlflow.log_metric("train_acc", 1.0)
        info = mlflow.sklearn.log_model(trained, name="model", input_example=X[:2])
    return run.info.run_id, info


def _same_predictions(model, trained):
    assert list(model.predict(X)) == list(trained.predict(X))


def test_log_model_creates_a_ready_logged_model(client, experiment_id, logged):
    run_id, info = logged
    model = client.get_logged_model(info.model_id)
    assert model.status == LoggedModelStatus.READY
    assert model.source_run_id == run_id
    assert model.name == "model"
    assert model.params.get("C") == "1.0"
    exp = client.get_experiment(experiment_id)
    assert model.artifact_location == f"{exp.artifact_location}/models/{info.model_id}/artifacts"
    outputs = client.get_run(run_id).outputs.model_outputs
    assert [o.model_id for o in outputs] == [info.model_id]


def test_load_by_run_uri(logged, trained):
    run_id, _ = logged
    _same_predictions(mlflow.sklearn.load_model(f"runs:/{run_id}/model"), trained)


def test_load_by_model_id(logged, trained):
    _, info = logged
    assert info.model_uri == f"models:/{info.model_id}"
    _same_predictions(mlflow.sklearn.load_model(info.model_uri), trained)
    _same_predictions(mlflow.pyfunc.load_model(info.model_uri), trained)


def test_register_and_load_by_name_version_and_alias(client, logged, trained, unique):
    run_id, info = logged
    name = unique("e2e")
    mv = mlflow.register_model(f"runs:/{run_id}/model", name)
    assert mv.version == "1"
    # the client resolved the run path to the logged model
    assert mv.source == f"models:/{info.model_id}"
    assert mv.run_id == run_id
    assert client.get_model_version_download_uri(name, "1") == client.get_logged_model(
        info.model_id).artifact_location
    tags = client.get_logged_model(info.model_id).tags
    assert f'"name": "{name}"' in tags["mlflow.modelVersions"]
    _same_predictions(mlflow.sklearn.load_model(f"models:/{name}/1"), trained)
    client.set_registered_model_alias(name, "champion", "1")
    _same_predictions(mlflow.sklearn.load_model(f"models:/{name}@champion"), trained)
    mv2 = mlflow.register_model(info.model_uri, name)
    assert mv2.version == "2"
    _same_predictions(mlflow.pyfunc.load_model(f"models:/{name}/latest"), trained)
    client.transition_model_version_stage(name, "2", "Production")
    _same_predictions(mlflow.sklearn.load_model(f"models:/{name}/Production"), trained)


def test_log_model_with_registered_model_name(tracking_uri, experiment_id, client, trained, unique):
    name = unique("e2e-direct")
    with mlflow.start_run(experiment_id=experiment_id):
        info = mlflow.sklearn.log_model(trained, name="model", registered_model_name=name)
    assert str(info.registered_model_version) == "1"
    assert client.get_model_version(name, "1").source == f"models:/{info.model_id}"
    _same_predictions(mlflow.sklearn.load_model(f"models:/{name}/1"), trained)


def test_search_logged_models_of_the_experiment(client, experiment_id, logged):
    _, info = logged
    found = client.search_logged_models([experiment_id], filter_string="name = 'model'")
    assert [m.model_id for m in found] == [info.model_id]
