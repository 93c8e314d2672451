"""Dataset inputs: mlflow.log_input / MlflowClient.log_inputs, run.inputs, search-datasets."""

import mlflow
import pandas as pd
import pytest
from mlflow.entities import Dataset, DatasetInput, InputTag
from mlflow.exceptions import MlflowException

from conftest import assert_mlflow_error

CONTEXT_TAG = "mlflow.data.context"


def _df(n=5, offset=0):
    return pd.DataFrame({"x": [float(i + offset) for i in range(n)], "y": [i % 2 for i in range(n)]})


def _dataset(name, n=5, offset=0):
    return mlflow.data.from_pandas(_df(n, offset), source="file:///tmp/compat/data.csv", name=name,
                                   targets="y")


def _inputs(run):
    return sorted(run.inputs.dataset_inputs,
                  key=lambda di: (di.dataset.name, di.dataset.digest,
                                  sorted((t.key, t.value) for t in di.tags)))


def test_log_input_with_context(tracking_uri, experiment_id, client):
    ds = _dataset("train-ds")
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.log_input(ds, context="training", tags={"split": "a"})
    got = client.get_run(run.info.run_id)
    (di,) = got.inputs.dataset_inputs
    assert di.dataset.name == "train-ds"
    assert di.dataset.digest == ds.digest
    assert di.dataset.source_type == "local"
    assert "data.csv" in di.dataset.source
    assert di.dataset.schema and "x" in di.dataset.schema
    assert di.dataset.profile and "num_rows" in di.dataset.profile
    tags = {t.key: t.value for t in di.tags}
    assert tags == {CONTEXT_TAG: "training", "split": "a"}


def test_log_multiple_inputs(tracking_uri, experiment_id, client):
    train, test = _dataset("ds-train", 5), _dataset("ds-test", 3, offset=100)
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.log_input(train, context="training")
        mlflow.log_input(test, context="testing")
    inputs = _inputs(client.get_run(run.info.run_id))
    assert [(di.dataset.name, {t.key: t.value for t in di.tags}[CONTEXT_TAG]) for di in inputs] == [
        ("ds-test", "testing"), ("ds-train", "training")]


def test_same_dataset_twice_is_one_input(tracking_uri, experiment_id, client):
    ds = _dataset("again")
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.log_input(ds, context="training")
        mlflow.log_input(ds, context="training")
    assert len(client.get_run(run.info.run_id).inputs.dataset_inputs) == 1


def test_same_dataset_in_two_runs(tracking_uri, experiment_id, client):
    ds = _dataset("shared")
    with mlflow.start_run(experiment_id=experiment_id) as r1:
        mlflow.log_input(ds, context="training")
    with mlflow.start_run(experiment_id=experiment_id) as r2:
        mlflow.log_input(ds, context="validation")
    d1 = client.get_run(r1.info.run_id).inputs.dataset_inputs[0]
    d2 = client.get_run(r2.info.run_id).inputs.dataset_inputs[0]
    assert d1.dataset.digest == d2.dataset.digest
    assert {t.key: t.value for t in d2.tags}[CONTEXT_TAG] == "validation"


def test_client_log_inputs(client, experiment_id):
    run = client.create_run(experiment_id)
    dataset = Dataset(name="manual", digest="abc123", source_type="s3",
                      source='{"uri": "s3://bucket/key"}', schema='{"a": 1}', profile='{"rows": 2}')
    client.log_inputs(run.info.run_id, [DatasetInput(dataset, tags=[InputTag(CONTEXT_TAG, "eval"),
                                                                    InputTag("k", "v")])])
    (di,) = client.get_run(run.info.run_id).inputs.dataset_inputs
    assert (di.dataset.name, di.dataset.digest, di.dataset.source_type) == ("manual", "abc123", "s3")
    assert di.dataset.source == '{"uri": "s3://bucket/key"}'
    assert di.dataset.schema == '{"a": 1}' and di.dataset.profile == '{"rows": 2}'
    assert {t.key: t.value for t in di.tags} == {CONTEXT_TAG: "eval", "k": "v"}


def test_log_inputs_raw_shape(api, client, experiment_id):
    run = client.create_run(experiment_id)
    body = {"run_id": run.info.run_id, "datasets": [{
        "tags": [{"key": CONTEXT_TAG, "value": "training"}],
        "dataset": {"name": "raw-ds", "digest": "d1g3st", "source_type": "http",
                    "source": '{"url": "http://example.invalid/x.csv"}'},
    }]}
    r = api.post("runs/log-inputs", body)
    assert r.status_code == 200, r.text
    assert r.json() == {}
    r = api.get("runs/get", {"run_id": run.info.run_id})
    (di,) = r.json()["run"]["inputs"]["dataset_inputs"]
    assert di["dataset"]["name"] == "raw-ds" and di["dataset"]["digest"] == "d1g3st"
    assert di["tags"] == [{"key": CONTEXT_TAG, "value": "training"}]


def test_log_inputs_unknown_run(client):
    ds = Dataset(name="n", digest="d", source_type="local", source="{}")
    with pytest.raises(MlflowException) as e:
        client.log_inputs("0" * 32, [DatasetInput(ds)])
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_search_datasets_ajax(tracking_uri, api, client, unique):
    exp_id = client.create_experiment(unique("ds"))
    other = client.create_experiment(unique("ds-other"))
    a, b = _dataset("sd-a"), _dataset("sd-b", 4, offset=10)
    with mlflow.start_run(experiment_id=exp_id):
        mlflow.log_input(a, context="training")
        mlflow.log_input(b, context="eval")
    with mlflow.start_run(experiment_id=other):
        mlflow.log_input(a, context="training")
    r = api.post("experiments/search-datasets", {"experiment_ids": [exp_id]}, prefix="/ajax-api/2.0")
    assert r.status_code == 200, r.text
    summaries = sorted(r.json()["dataset_summaries"], key=lambda s: s["name"])
    assert summaries == [
        {"experiment_id": exp_id, "name": "sd-a", "digest": a.digest, "context": "training"},
        {"experiment_id": exp_id, "name": "sd-b", "digest": b.digest, "context": "eval"},
    ]
    r = api.post("experiments/search-datasets", {"experiment_ids": [exp_id, other]},
                 prefix="/ajax-api/2.0")
    assert len(r.json()["dataset_summaries"]) == 3


def test_search_datasets_requires_experiment_ids(api):
    r = api.post("experiments/search-datasets", {}, prefix="/ajax-api/2.0")
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    r = api.post("experiments/search-datasets", {"experiment_ids": [str(i) for i in range(21)]},
                 prefix="/ajax-api/2.0")
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_search_datasets_empty_experiment(api, experiment_id):
    r = api.post("experiments/search-datasets", {"experiment_ids": [experiment_id]},
                 prefix="/ajax-api/2.0")
    assert r.status_code == 200, r.text
    assert r.json().get("dataset_summaries", []) == []


def test_search_runs_by_dataset(tracking_uri, client, experiment_id):
    a, b = _dataset("filter-a"), _dataset("filter-b", 7)
    with mlflow.start_run(experiment_id=experiment_id, run_name="ra") as ra:
        mlflow.log_input(a, context="training")
    with mlflow.start_run(experiment_id=experiment_id, run_name="rb") as rb:
        mlflow.log_input(b, context="testing")
    with mlflow.start_run(experiment_id=experiment_id, run_name="none"):
        pass

    def names(f):
        return sorted(r.info.run_name for r in client.search_runs([experiment_id], f))

    assert names("dataset.name = 'filter-a'") == ["ra"]
    assert names(f"dataset.digest = '{b.digest}'") == ["rb"]
    assert names("dataset.context = 'testing'") == ["rb"]
    assert names("dataset.name IN ('filter-a', 'filter-b')") == ["ra", "rb"]
    assert names("dataset.name LIKE 'filter-%' AND dataset.context = 'training'") == ["ra"]
    assert ra.info.run_id != rb.info.run_id
