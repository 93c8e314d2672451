"""Runs: create (fluent and client), nesting, update/end, names, delete/restore, tags."""

import re
import time

import mlflow
import pytest
from mlflow.entities import RunStatus
from mlflow.exceptions import MlflowException
from mlflow.utils.mlflow_tags import MLFLOW_PARENT_RUN_ID, MLFLOW_RUN_NAME, MLFLOW_USER

from conftest import assert_mlflow_error

NOW = lambda: int(time.time() * 1000)  # noqa: E731


def test_start_run_and_end_run(tracking_uri, experiment_id, client):
    before = NOW() - 5000
    with mlflow.start_run(experiment_id=experiment_id) as run:
        run_id = run.info.run_id
        assert run.info.status == "RUNNING"
        assert run.info.lifecycle_stage == "active"
        assert run.info.experiment_id == experiment_id
        assert run.info.start_time >= before
        assert run.info.end_time is None
        assert run.info.run_name
    fetched = client.get_run(run_id)
    assert fetched.info.status == "FINISHED"
    assert fetched.info.end_time >= fetched.info.start_time
    assert fetched.info.run_id == run_id
    assert fetched.info.artifact_uri


def test_run_id_format(client, experiment_id):
    run = client.create_run(experiment_id)
    assert re.fullmatch(r"[0-9a-f]{32}", run.info.run_id), run.info.run_id


def test_generated_run_name(client, experiment_id):
    run = client.create_run(experiment_id)
    assert run.info.run_name, "server must generate a run name"
    assert run.data.tags.get(MLFLOW_RUN_NAME) == run.info.run_name
    assert client.get_run(run.info.run_id).info.run_name == run.info.run_name


def test_explicit_run_name(client, experiment_id):
    run = client.create_run(experiment_id, run_name="my-run")
    assert run.info.run_name == "my-run"
    got = client.get_run(run.info.run_id)
    assert got.info.run_name == "my-run"
    assert got.data.tags[MLFLOW_RUN_NAME] == "my-run"


def test_run_name_from_tag(client, experiment_id):
    run = client.create_run(experiment_id, tags={MLFLOW_RUN_NAME: "from-tag"})
    assert run.info.run_name == "from-tag"
    assert client.get_run(run.info.run_id).info.run_name == "from-tag"


def test_run_name_and_tag_disagree(client, experiment_id):
    with pytest.raises(MlflowException) as e:
        client.create_run(experiment_id, run_name="a", tags={MLFLOW_RUN_NAME: "b"})
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"


def test_create_run_with_tags_and_start_time(client, experiment_id):
    run = client.create_run(experiment_id, start_time=1_600_000_000_000,
                            tags={"a": "1", "b": "two"})
    got = client.get_run(run.info.run_id)
    assert got.info.start_time == 1_600_000_000_000
    assert got.data.tags["a"] == "1" and got.data.tags["b"] == "two"
    assert got.info.status == "RUNNING"
    assert got.data.params == {} and got.data.metrics == {}


def test_fluent_run_tags_user_and_source(tracking_uri, experiment_id, client):
    with mlflow.start_run(experiment_id=experiment_id, run_name="fluent",
                          tags={"custom": "yes"}) as run:
        pass
    got = client.get_run(run.info.run_id)
    assert got.info.run_name == "fluent"
    assert got.data.tags["custom"] == "yes"
    assert MLFLOW_USER in got.data.tags
    assert got.info.user_id == got.data.tags[MLFLOW_USER]
    assert "mlflow.source.name" in got.data.tags


def test_nested_runs(tracking_uri, experiment_id, client):
    with mlflow.start_run(experiment_id=experiment_id, run_name="parent") as parent:
        # (a nested run goes to the *active* experiment, not the parent's: pass it)
        with mlflow.start_run(experiment_id=experiment_id, nested=True, run_name="child") as child:
            pass
        with mlflow.start_run(experiment_id=experiment_id, nested=True,
                              run_name="child2") as child2:
            pass
    c = client.get_run(child.info.run_id)
    assert c.data.tags[MLFLOW_PARENT_RUN_ID] == parent.info.run_id
    assert c.info.status == "FINISHED"
    kids = client.search_runs([experiment_id],
                              filter_string=f"tags.`{MLFLOW_PARENT_RUN_ID}` = '{parent.info.run_id}'",
                              order_by=["attributes.run_name ASC"])
    assert [r.info.run_name for r in kids] == ["child", "child2"]
    assert MLFLOW_PARENT_RUN_ID not in client.get_run(parent.info.run_id).data.tags
    assert client.get_run(child2.info.run_id).data.tags[MLFLOW_PARENT_RUN_ID] == parent.info.run_id


def test_nested_run_via_client_tag(client, experiment_id):
    parent = client.create_run(experiment_id)
    child = client.create_run(experiment_id, tags={MLFLOW_PARENT_RUN_ID: parent.info.run_id})
    assert client.get_run(child.info.run_id).data.tags[MLFLOW_PARENT_RUN_ID] == parent.info.run_id


@pytest.mark.parametrize("status", ["FINISHED", "FAILED", "KILLED"])
def test_set_terminated(client, experiment_id, status):
    run = client.create_run(experiment_id)
    client.set_terminated(run.info.run_id, status=status, end_time=run.info.start_time + 1234)
    got = client.get_run(run.info.run_id)
    assert got.info.status == status
    assert got.info.end_time == run.info.start_time + 1234


def test_fluent_end_run_status(tracking_uri, experiment_id, client):
    run = mlflow.start_run(experiment_id=experiment_id)
    mlflow.end_run(status="KILLED")
    assert client.get_run(run.info.run_id).info.status == "KILLED"
    with pytest.raises(ZeroDivisionError):
        with mlflow.start_run(experiment_id=experiment_id) as failing:
            1 / 0  # noqa: B018
    assert client.get_run(failing.info.run_id).info.status == "FAILED"


def test_update_run_status_back_to_running(client, experiment_id):
    run = client.create_run(experiment_id)
    client.set_terminated(run.info.run_id, "FINISHED")
    client.update_run(run.info.run_id, status="RUNNING")
    assert client.get_run(run.info.run_id).info.status == "RUNNING"
    client.update_run(run.info.run_id, status="SCHEDULED")
    assert client.get_run(run.info.run_id).info.status == "SCHEDULED"


def test_update_run_name(client, experiment_id):
    run = client.create_run(experiment_id, run_name="before")
    client.update_run(run.info.run_id, name="after")
    got = client.get_run(run.info.run_id)
    assert got.info.run_name == "after"
    assert got.data.tags[MLFLOW_RUN_NAME] == "after"
    assert got.info.status == "RUNNING"


def test_set_run_name_tag_renames(client, experiment_id):
    run = client.create_run(experiment_id, run_name="before")
    client.set_tag(run.info.run_id, MLFLOW_RUN_NAME, "via-tag")
    assert client.get_run(run.info.run_id).info.run_name == "via-tag"


def test_update_run_raw_answer(api, client, experiment_id):
    run = client.create_run(experiment_id, run_name="raw")
    r = api.post("runs/update", {"run_id": run.info.run_id, "status": "FINISHED",
                                 "end_time": run.info.start_time + 10})
    assert r.status_code == 200, r.text
    info = r.json()["run_info"]
    assert info["run_id"] == run.info.run_id
    assert info["status"] == "FINISHED"
    assert info["end_time"] == run.info.start_time + 10
    assert info["run_name"] == "raw"


def test_delete_and_restore_run(client, experiment_id):
    run = client.create_run(experiment_id)
    client.delete_run(run.info.run_id)
    assert client.get_run(run.info.run_id).info.lifecycle_stage == "deleted"
    client.restore_run(run.info.run_id)
    assert client.get_run(run.info.run_id).info.lifecycle_stage == "active"


def test_fluent_delete_run(tracking_uri, experiment_id, client):
    with mlflow.start_run(experiment_id=experiment_id) as run:
        pass
    mlflow.delete_run(run.info.run_id)
    assert client.get_run(run.info.run_id).info.lifecycle_stage == "deleted"


def test_write_to_deleted_run_rejected(client, experiment_id):
    run = client.create_run(experiment_id)
    client.delete_run(run.info.run_id)
    for call in (lambda: client.log_param(run.info.run_id, "p", "v"),
                 lambda: client.log_metric(run.info.run_id, "m", 1.0),
                 lambda: client.set_tag(run.info.run_id, "t", "v")):
        with pytest.raises(MlflowException) as e:
            call()
        assert e.value.error_code == "INVALID_PARAMETER_VALUE"


def test_create_run_in_deleted_experiment(client, unique):
    exp_id = client.create_experiment(unique("gone"))
    client.delete_experiment(exp_id)
    with pytest.raises(MlflowException) as e:
        client.create_run(exp_id)
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"


def test_runs_of_deleted_experiment_are_deleted_too(client, unique):
    exp_id = client.create_experiment(unique("cascade"))
    run = client.create_run(exp_id)
    client.delete_experiment(exp_id)
    assert client.get_run(run.info.run_id).info.lifecycle_stage == "deleted"
    client.restore_experiment(exp_id)
    assert client.get_run(run.info.run_id).info.lifecycle_stage == "active"


def test_set_and_delete_tag(client, experiment_id):
    run = client.create_run(experiment_id)
    rid = run.info.run_id
    client.set_tag(rid, "t1", "a")
    client.set_tag(rid, "t2", 5)
    client.set_tag(rid, "t1", "overwritten")
    tags = client.get_run(rid).data.tags
    assert tags["t1"] == "overwritten" and tags["t2"] == "5"
    client.delete_tag(rid, "t1")
    tags = client.get_run(rid).data.tags
    assert "t1" not in tags and tags["t2"] == "5"


def test_delete_missing_tag(client, experiment_id):
    run = client.create_run(experiment_id)
    with pytest.raises(MlflowException) as e:
        client.delete_tag(run.info.run_id, "never-set")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_long_tag_value(client, experiment_id):
    run = client.create_run(experiment_id)
    value = "x" * 8000
    client.set_tag(run.info.run_id, "long", value)
    assert client.get_run(run.info.run_id).data.tags["long"] == value


def test_unicode_tag(client, experiment_id):
    run = client.create_run(experiment_id)
    client.set_tag(run.info.run_id, "unicode", "héllo ✓ 日本")
    assert client.get_run(run.info.run_id).data.tags["unicode"] == "héllo ✓ 日本"


def test_fluent_set_tags(tracking_uri, experiment_id, client):
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.set_tag("a", "1")
        mlflow.set_tags({"b": "2", "c": "3"})
    tags = client.get_run(run.info.run_id).data.tags
    assert {k: tags[k] for k in "abc"} == {"a": "1", "b": "2", "c": "3"}


def test_unknown_run_errors(client):
    missing = "0" * 32
    for call in (lambda: client.get_run(missing),
                 lambda: client.set_tag(missing, "a", "b"),
                 lambda: client.log_param(missing, "a", "b"),
                 lambda: client.log_metric(missing, "a", 1.0),
                 lambda: client.delete_run(missing),
                 lambda: client.restore_run(missing),
                 lambda: client.set_terminated(missing)):
        with pytest.raises(MlflowException) as e:
            call()
        assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST", call


def test_create_run_unknown_experiment(client):
    with pytest.raises(MlflowException) as e:
        client.create_run("123456789")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_get_run_raw_shape(api, client, experiment_id):
    run = client.create_run(experiment_id, run_name="shape", start_time=1_650_000_000_000,
                            tags={"k": "v"})
    client.log_param(run.info.run_id, "p", "1")
    client.log_metric(run.info.run_id, "m", 2.5, timestamp=1_650_000_000_001, step=3)
    r = api.get("runs/get", {"run_id": run.info.run_id})
    assert r.status_code == 200, r.text
    body = r.json()["run"]
    info = body["info"]
    assert info["run_id"] == info["run_uuid"] == run.info.run_id
    assert info["experiment_id"] == experiment_id
    assert info["run_name"] == "shape"
    assert info["status"] == "RUNNING"
    assert info["start_time"] == 1_650_000_000_000
    assert info["lifecycle_stage"] == "active"
    assert isinstance(info["artifact_uri"], str) and run.info.run_id in info["artifact_uri"]
    assert "end_time" not in info
    assert body["data"]["params"] == [{"key": "p", "value": "1"}]
    assert body["data"]["metrics"] == [{"key": "m", "value": 2.5, "timestamp": 1_650_000_000_001,
                                        "step": 3}]
    assert {"key": "k", "value": "v"} in body["data"]["tags"]
    assert body.get("inputs", {}) in ({}, {"dataset_inputs": []})


def test_runs_get_missing_run_id(api):
    assert_mlflow_error(api.get("runs/get"), 400, "INVALID_PARAMETER_VALUE")


def test_status_enum_values(client, experiment_id):
    run = client.create_run(experiment_id)
    for status in ("SCHEDULED", "FAILED", "KILLED", "FINISHED", "RUNNING"):
        client.update_run(run.info.run_id, status=status)
        assert client.get_run(run.info.run_id).info.status == status
        assert RunStatus.from_string(status) is not None
