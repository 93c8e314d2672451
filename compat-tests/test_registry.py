"""Model registry with the stock client: registered models, versions, tags, aliases, stages.

Covers MlflowClient's registry calls end to end (create/get/update/rename/delete, tags,
aliases, stage transitions with archiving, latest versions, soft-deleted versions, download
URIs) and the raw error answers (codes, statuses, DELETE requests with JSON bodies).
"""

import mlflow
import pytest
from mlflow.exceptions import MlflowException

from conftest import assert_mlflow_error


@pytest.fixture
def model_name(client, unique):
    name = unique("rm")
    client.create_registered_model(name)
    return name


@pytest.fixture
def run_id(client, experiment_id):
    run = client.create_run(experiment_id)
    return run.info.run_id


def _s3(n):
    return f"s3://compat-bucket/models/{n}"


def test_create_get_update_registered_model(client, unique):
    name = unique("rm")
    rm = client.create_registered_model(name, tags={"b": "2", "a": "1"}, description="first")
    assert rm.name == name
    assert rm.description == "first"
    assert rm.tags == {"a": "1", "b": "2"}
    assert rm.creation_timestamp > 0
    assert rm.last_updated_timestamp == rm.creation_timestamp
    assert rm.latest_versions == []
    got = client.get_registered_model(name)
    assert (got.name, got.description, got.tags) == (name, "first", {"a": "1", "b": "2"})
    updated = client.update_registered_model(name, description="second")
    assert updated.description == "second"
    assert updated.last_updated_timestamp >= rm.last_updated_timestamp
    assert client.get_registered_model(name).description == "second"


def test_duplicate_and_missing_registered_model(client, model_name, api):
    with pytest.raises(MlflowException) as e:
        client.create_registered_model(model_name)
    assert e.value.error_code == "RESOURCE_ALREADY_EXISTS"
    body = assert_mlflow_error(api.post("registered-models/create", {"name": model_name}), 400,
                               "RESOURCE_ALREADY_EXISTS")
    assert body["message"] == f"Registered Model (name={model_name}) already exists."
    with pytest.raises(MlflowException) as e:
        client.get_registered_model(model_name + "-missing")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    body = assert_mlflow_error(api.get("registered-models/get", {"name": model_name + "-missing"}),
                               404, "RESOURCE_DOES_NOT_EXIST")
    assert body["message"] == f"Registered Model with name={model_name}-missing not found"


@pytest.mark.parametrize("bad", ["a/b", "a:b", "x/../y"])
def test_invalid_model_names(api, bad):
    body = assert_mlflow_error(api.post("registered-models/create", {"name": bad}), 400,
                               "INVALID_PARAMETER_VALUE")
    assert "name" in body["message"]


def test_missing_name_is_invalid(api):
    body = assert_mlflow_error(api.post("registered-models/create", {}), 400, "INVALID_PARAMETER_VALUE")
    assert body["message"].startswith("Missing value for required parameter 'name'.")


def test_rename_keeps_versions_tags_and_aliases(client, model_name):
    client.create_model_version(model_name, _s3(1), tags={"k": "v"})
    client.set_registered_model_tag(model_name, "rk", "rv")
    client.set_registered_model_alias(model_name, "champion", "1")
    new_name = model_name + "-renamed"
    client.rename_registered_model(model_name, new_name)
    renamed = client.get_registered_model(new_name)
    assert [mv.name for mv in renamed.latest_versions] == [new_name]
    with pytest.raises(MlflowException) as e:
        client.get_registered_model(model_name)
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    mv = client.get_model_version(new_name, "1")
    assert mv.tags == {"k": "v"}
    assert mv.aliases == ["champion"]
    assert client.get_model_version_by_alias(new_name, "champion").version == "1"
    assert client.get_registered_model(new_name).tags == {"rk": "rv"}


def test_rename_to_existing_name(client, model_name, unique):
    other = unique("other")
    client.create_registered_model(other)
    with pytest.raises(MlflowException) as e:
        client.rename_registered_model(other, model_name)
    assert e.value.error_code == "RESOURCE_ALREADY_EXISTS"


def test_delete_registered_model_with_versions(client, model_name, api):
    client.create_model_version(model_name, _s3(1))
    client.set_registered_model_alias(model_name, "a", "1")
    client.delete_registered_model(model_name)
    with pytest.raises(MlflowException) as e:
        client.get_registered_model(model_name)
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert client.search_model_versions(f"name = '{model_name}'") == []
    # the name is free again and versions restart at 1
    client.create_registered_model(model_name)
    assert client.create_model_version(model_name, _s3(2)).version == "1"
    # deletes carry their parameters in a JSON body
    r = api.request("DELETE", "registered-models/delete", json={"name": model_name + "-nope"})
    assert_mlflow_error(r, 404, "RESOURCE_DOES_NOT_EXIST")


def test_registered_model_tags(client, model_name):
    client.set_registered_model_tag(model_name, "k", "v1")
    client.set_registered_model_tag(model_name, "k", "v2")
    client.set_registered_model_tag(model_name, "other", "x")
    assert client.get_registered_model(model_name).tags == {"k": "v2", "other": "x"}
    client.delete_registered_model_tag(model_name, "k")
    client.delete_registered_model_tag(model_name, "k")  # deleting a missing tag is fine
    assert client.get_registered_model(model_name).tags == {"other": "x"}
    with pytest.raises(MlflowException) as e:
        client.set_registered_model_tag(model_name + "-nope", "k", "v")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_versions_numbering_and_soft_delete(client, model_name):
    mv1 = client.create_model_version(model_name, _s3(1), tags={"t": "1"}, description="d1")
    assert (mv1.version, mv1.current_stage, mv1.status, mv1.source) == ("1", "None", "READY", _s3(1))
    assert mv1.tags == {"t": "1"}
    assert mv1.description == "d1"
    assert client.create_model_version(model_name, _s3(2)).version == "2"
    assert client.create_model_version(model_name, _s3(3)).version == "3"
    client.set_registered_model_alias(model_name, "newest", "3")
    client.delete_model_version(model_name, "3")
    with pytest.raises(MlflowException) as e:
        client.get_model_version(model_name, "3")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    # a deleted version's number is never reused, its alias is gone
    assert client.create_model_version(model_name, _s3(4)).version == "4"
    assert client.get_registered_model(model_name).aliases == {}
    assert [mv.version for mv in client.search_model_versions(f"name = '{model_name}'")] == [
        "4", "2", "1"]


def test_update_model_version(client, model_name):
    client.create_model_version(model_name, _s3(1))
    mv = client.update_model_version(model_name, "1", description="new description")
    assert mv.description == "new description"
    assert client.get_model_version(model_name, "1").description == "new description"


def test_stage_transitions_and_latest_versions(client, model_name):
    for i in range(1, 4):
        client.create_model_version(model_name, _s3(i))
    client.transition_model_version_stage(model_name, "1", "Production")
    mv = client.transition_model_version_stage(model_name, "2", "production",
                                              archive_existing_versions=True)
    assert mv.current_stage == "Production"
    assert client.get_model_version(model_name, "1").current_stage == "Archived"
    client.transition_model_version_stage(model_name, "3", "Staging")
    latest = {mv.current_stage: mv.version for mv in client.get_latest_versions(model_name)}
    assert latest == {"Archived": "1", "Production": "2", "Staging": "3"}
    assert [mv.version for mv in client.get_latest_versions(model_name, stages=["Staging"])] == ["3"]
    rm = client.get_registered_model(model_name)
    assert sorted(mv.version for mv in rm.latest_versions) == ["1", "2", "3"]
    with pytest.raises(MlflowException) as e:
        client.transition_model_version_stage(model_name, "1", "bogus")
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"


def test_aliases(client, model_name, api):
    client.create_model_version(model_name, _s3(1))
    client.create_model_version(model_name, _s3(2))
    client.set_registered_model_alias(model_name, "champion", "1")
    client.set_registered_model_alias(model_name, "champion", "2")
    client.set_registered_model_alias(model_name, "challenger", "1")
    assert client.get_model_version_by_alias(model_name, "champion").version == "2"
    assert client.get_registered_model(model_name).aliases == {"champion": "2", "challenger": "1"}
    assert client.get_model_version(model_name, "1").aliases == ["challenger"]
    client.delete_registered_model_alias(model_name, "champion")
    assert client.get_registered_model(model_name).aliases == {"challenger": "1"}
    body = assert_mlflow_error(
        api.get("registered-models/alias", {"name": model_name, "alias": "champion"}), 400,
        "INVALID_PARAMETER_VALUE")
    assert body["message"] == "Registered model alias champion not found."
    # 'latest' resolves to the highest version
    r = api.get("registered-models/alias", {"name": model_name, "alias": "latest"})
    assert r.status_code == 200 and r.json()["model_version"]["version"] == "2"


@pytest.mark.parametrize("alias,message", [
    ("latest", "'latest' alias name (case insensitive) is reserved."),
    ("LATEST", "'latest' alias name (case insensitive) is reserved."),
    ("v1", "Version alias name 'v1' is reserved."),
    ("bad alias", "Invalid alias name: 'bad alias'."),
], ids=["latest", "latest-upper-case", "version-like", "bad-characters"])
def test_reserved_and_invalid_aliases(client, model_name, api, alias, message):
    client.create_model_version(model_name, _s3(1))
    body = assert_mlflow_error(
        api.post("registered-models/alias", {"name": model_name, "alias": alias, "version": "1"}),
        400, "INVALID_PARAMETER_VALUE")
    assert body["message"].startswith(message)


def test_alias_to_missing_version(client, model_name):
    with pytest.raises(MlflowException) as e:
        client.set_registered_model_alias(model_name, "a", "5")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_model_version_tags(client, model_name):
    client.create_model_version(model_name, _s3(1))
    client.set_model_version_tag(model_name, "1", "k", "v")
    client.set_model_version_tag(model_name, "1", "k", "w")
    assert client.get_model_version(model_name, "1").tags == {"k": "w"}
    client.delete_model_version_tag(model_name, "1", "k")
    assert client.get_model_version(model_name, "1").tags == {}
    with pytest.raises(MlflowException) as e:
        client.set_model_version_tag(model_name, "9", "k", "v")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_version_must_be_an_integer(client, model_name, api):
    client.create_model_version(model_name, _s3(1))
    body = assert_mlflow_error(api.get("model-versions/get", {"name": model_name, "version": "x"}),
                               400, "INVALID_PARAMETER_VALUE")
    assert body["message"] == "Parameter 'version' must be an integer, got 'x'."
    r = api.request("DELETE", "model-versions/delete", json={"name": model_name, "version": "1.0"})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_version_from_run_source_and_download_uri(client, model_name, run_id):
    source = f"runs:/{run_id}/model"
    mv = client.create_model_version(model_name, source, run_id=run_id)
    assert (mv.source, mv.run_id) == (source, run_id)
    # MLflow answers the source itself for runs:/ sources; the client resolves it
    assert client.get_model_version_download_uri(model_name, mv.version) == source
    artifact_uri = client.get_run(run_id).info.artifact_uri
    mv2 = client.create_model_version(model_name, f"{artifact_uri}/model", run_id=run_id)
    assert client.get_model_version_download_uri(model_name, mv2.version) == f"{artifact_uri}/model"


def test_run_source_needs_matching_run_id(api, model_name, run_id):
    body = assert_mlflow_error(
        api.post("model-versions/create", {"name": model_name, "source": f"runs:/{run_id}/model"}),
        400, "INVALID_PARAMETER_VALUE")
    assert "The run_id request parameter must identify the resource" in body["message"]


@pytest.mark.parametrize("source,fragment", [
    ("/tmp/some/local/model", "To use a local path as a model version source"),
    ("s3://bucket/a/../b", "without relative path references"),
    ("https://example.com/model", "'source' cannot use the 'https' scheme"),
])
def test_rejected_sources(api, model_name, source, fragment):
    body = assert_mlflow_error(api.post("model-versions/create", {"name": model_name, "source": source}),
                               400, "INVALID_PARAMETER_VALUE")
    assert fragment in body["message"]


def test_version_of_missing_model(api, unique):
    body = assert_mlflow_error(
        api.post("model-versions/create", {"name": unique("missing"), "source": _s3(1)}), 404,
        "RESOURCE_DOES_NOT_EXIST")
    assert "not found" in body["message"]


def test_version_from_registered_model_source(client, model_name, run_id):
    client.create_model_version(model_name, f"runs:/{run_id}/model", run_id=run_id)
    client.set_registered_model_alias(model_name, "best", "1")
    mv = client.create_model_version(model_name, f"models:/{model_name}@best")
    # the source is pinned to the version and the run id inherited
    assert mv.source == f"models:/{model_name}/1"
    assert mv.run_id == run_id
    assert client.get_model_version_download_uri(model_name, mv.version) == f"runs:/{run_id}/model"


def test_register_model_from_run_without_model(tracking_uri, experiment_id, unique):
    """register_model("runs:/<run>/model") of a run that logged no model: the client finds no
    artifacts and no logged model (mlflow-artifacts listing, logged-models/search) and refuses."""
    with mlflow.start_run(experiment_id=experiment_id) as run:
        pass
    with pytest.raises(MlflowException) as e:
        mlflow.register_model(f"runs:/{run.info.run_id}/model", unique("fluent"))
    assert "Unable to find a logged_model with artifact_path model" in e.value.message


def test_ajax_prefix_serves_the_registry(api, model_name):
    r = api.get("registered-models/get", {"name": model_name}, prefix="/ajax-api/2.0")
    assert r.status_code == 200
    assert r.json()["registered_model"]["name"] == model_name
