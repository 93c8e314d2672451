"""Params (write-once), metrics (steps, timestamps, NaN/inf, history paging), log_batch."""

import json
import math
import sys

import mlflow
import pytest
from mlflow.entities import Metric, Param, RunTag
from mlflow.exceptions import MlflowException

from conftest import assert_mlflow_error

FLOAT_MAX = sys.float_info.max


@pytest.fixture
def run_id(client, experiment_id):
    return client.create_run(experiment_id, start_time=1_700_000_000_000).info.run_id


# --------------------------------------------------------------------------- params


def test_log_param_and_read_back(client, run_id):
    client.log_param(run_id, "lr", 0.01)
    client.log_param(run_id, "layers", 3)
    client.log_param(run_id, "name", "resnet")
    assert client.get_run(run_id).data.params == {"lr": "0.01", "layers": "3", "name": "resnet"}


def test_param_same_value_is_idempotent(client, run_id):
    client.log_param(run_id, "p", "v")
    client.log_param(run_id, "p", "v")
    assert client.get_run(run_id).data.params == {"p": "v"}


def test_param_different_value_rejected(client, run_id):
    client.log_param(run_id, "p", "v1")
    with pytest.raises(MlflowException) as e:
        client.log_param(run_id, "p", "v2")
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"
    assert client.get_run(run_id).data.params == {"p": "v1"}


def test_param_conflict_raw_shape(api, run_id):
    assert api.post("runs/log-parameter", {"run_id": run_id, "key": "k", "value": "1"}).ok
    r = api.post("runs/log-parameter", {"run_id": run_id, "key": "k", "value": "2"})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_param_conflict_in_log_batch(client, run_id):
    client.log_param(run_id, "p", "v1")
    with pytest.raises(MlflowException) as e:
        client.log_batch(run_id, params=[Param("p", "v2")])
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"
    client.log_batch(run_id, params=[Param("p", "v1")])  # same value: fine
    assert client.get_run(run_id).data.params == {"p": "v1"}


def test_fluent_log_params(tracking_uri, experiment_id, client):
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.log_param("a", 1)
        mlflow.log_params({"b": "x", "c": 2.5})
    assert client.get_run(run.info.run_id).data.params == {"a": "1", "b": "x", "c": "2.5"}


def test_long_param_value(client, run_id):
    value = "p" * 6000
    client.log_param(run_id, "long", value)
    assert client.get_run(run_id).data.params["long"] == value


def test_overlong_param_and_tag_values_are_truncated_raw(api, run_id):
    # MLflow's server silently truncates param values to 6000 and tag values to 8000 chars
    value = "".join(chr(ord("a") + i % 26) for i in range(9000))
    r = api.post("runs/log-parameter", {"run_id": run_id, "key": "k", "value": value[:7000]})
    assert r.status_code == 200, r.text[:300]
    r = api.post("runs/set-tag", {"run_id": run_id, "key": "t", "value": value})
    assert r.status_code == 200, r.text[:300]
    data = api.get("runs/get", {"run_id": run_id}).json()["run"]["data"]
    assert {p["key"]: p["value"] for p in data["params"]}["k"] == value[:6000]
    assert {t["key"]: t["value"] for t in data["tags"]}["t"] == value[:8000]


def test_param_missing_fields_raw(api, run_id):
    assert_mlflow_error(api.post("runs/log-parameter", {"run_id": run_id, "value": "1"}),
                        400, "INVALID_PARAMETER_VALUE")
    assert_mlflow_error(api.post("runs/log-parameter", {"key": "k", "value": "1"}),
                        400, "INVALID_PARAMETER_VALUE")


# --------------------------------------------------------------------------- metrics


def test_metric_steps_and_timestamps(client, run_id):
    client.log_metric(run_id, "loss", 1.0, timestamp=1000, step=0)
    client.log_metric(run_id, "loss", 0.5, timestamp=2000, step=1)
    client.log_metric(run_id, "loss", 0.25, timestamp=3000, step=2)
    hist = sorted(client.get_metric_history(run_id, "loss"), key=lambda m: m.step)
    assert [(m.key, m.value, m.timestamp, m.step) for m in hist] == [
        ("loss", 1.0, 1000, 0), ("loss", 0.5, 2000, 1), ("loss", 0.25, 3000, 2)]
    assert client.get_run(run_id).data.metrics == {"loss": 0.25}


def test_latest_metric_is_max_step_not_last_logged(client, run_id):
    client.log_metric(run_id, "m", 1.0, timestamp=100, step=0)
    client.log_metric(run_id, "m", 3.0, timestamp=100, step=5)
    client.log_metric(run_id, "m", 5.0, timestamp=200, step=2)
    assert client.get_run(run_id).data.metrics["m"] == 3.0


def test_latest_metric_same_step_uses_timestamp(client, run_id):
    client.log_metric(run_id, "m", 7.0, timestamp=500, step=1)
    client.log_metric(run_id, "m", 9.0, timestamp=100, step=1)
    assert client.get_run(run_id).data.metrics["m"] == 7.0


def test_metric_same_step_and_timestamp_kept(client, run_id):
    client.log_metric(run_id, "dup", 1.0, timestamp=10, step=1)
    client.log_metric(run_id, "dup", 2.0, timestamp=10, step=1)
    values = sorted(m.value for m in client.get_metric_history(run_id, "dup"))
    assert values == [1.0, 2.0]


def test_metric_int_value_and_negative_step(client, run_id):
    client.log_metric(run_id, "i", 3, timestamp=1, step=-1)
    (m,) = client.get_metric_history(run_id, "i")
    assert (m.value, m.step) == (3.0, -1)


def test_metric_default_timestamp_and_step(tracking_uri, client, run_id):
    client.log_metric(run_id, "d", 1.5)
    (m,) = client.get_metric_history(run_id, "d")
    assert m.step == 0
    assert m.timestamp > 1_600_000_000_000


def test_nan_and_infinite_metrics(client, run_id):
    client.log_metric(run_id, "nan", float("nan"), timestamp=1, step=0)
    client.log_metric(run_id, "pinf", float("inf"), timestamp=1, step=0)
    client.log_metric(run_id, "ninf", float("-inf"), timestamp=1, step=0)
    metrics = client.get_run(run_id).data.metrics
    assert math.isnan(metrics["nan"])
    # MLflow's SQL stores keep +-inf as +-sys.float_info.max; true infinities are fine too
    assert metrics["pinf"] in (math.inf, FLOAT_MAX)
    assert metrics["ninf"] in (-math.inf, -FLOAT_MAX)
    (nan_hist,) = client.get_metric_history(run_id, "nan")
    assert math.isnan(nan_hist.value)
    (pinf_hist,) = client.get_metric_history(run_id, "pinf")
    assert pinf_hist.value in (math.inf, FLOAT_MAX)


def test_nan_and_infinite_metrics_raw(api, run_id):
    for key, value in (("nan", "NaN"), ("pinf", "Infinity"), ("ninf", "-Infinity")):
        r = api.post("runs/log-metric", {"run_id": run_id, "key": key, "value": value,
                                         "timestamp": 1, "step": 0})
        assert r.status_code == 200, r.text
    r = api.get("metrics/get-history", {"run_id": run_id, "metric_key": "nan"})
    assert r.status_code == 200, r.text
    (m,) = r.json()["metrics"]
    assert m["value"] == "NaN" or (isinstance(m["value"], float) and math.isnan(m["value"]))


def _strict_json(text):
    def reject(token):
        raise AssertionError(f"bare {token} in a JSON answer (invalid JSON for the UI's JSON.parse)")

    return json.loads(text, parse_constant=reject)


def test_nan_inf_answers_are_strict_json(api, client, run_id):
    client.log_metric(run_id, "nan", float("nan"), timestamp=1, step=0)
    client.log_metric(run_id, "pinf", float("inf"), timestamp=1, step=0)
    client.log_metric(run_id, "ninf", float("-inf"), timestamp=1, step=0)
    for r in (api.get("runs/get", {"run_id": run_id}),
              api.get("metrics/get-history", {"run_id": run_id, "metric_key": "nan"}),
              api.get("metrics/get-history", {"run_id": run_id, "metric_key": "pinf"}),
              api.get("metrics/get-history-bulk-interval", {"run_ids": [run_id], "metric_key": "ninf"},
                      prefix="/ajax-api/2.0")):
        assert r.status_code == 200, r.text
        _strict_json(r.text)
    metrics = {m["key"]: m["value"] for m in
               _strict_json(api.get("runs/get", {"run_id": run_id}).text)["run"]["data"]["metrics"]}
    # MLflow: NaN as the string "NaN", +-inf stored and answered as +-1.7976931348623157e308
    assert metrics["nan"] == "NaN"
    assert metrics["pinf"] in (FLOAT_MAX, "Infinity")
    assert metrics["ninf"] in (-FLOAT_MAX, "-Infinity")


def test_nan_is_latest_value(client, run_id):
    client.log_metric(run_id, "x", 1.0, timestamp=1, step=0)
    client.log_metric(run_id, "x", float("nan"), timestamp=2, step=1)
    assert math.isnan(client.get_run(run_id).data.metrics["x"])


def test_fluent_log_metrics(tracking_uri, experiment_id, client):
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.log_metric("a", 1.0, step=3)
        mlflow.log_metrics({"b": 2.0, "c": 3.0}, step=4)
    assert client.get_run(run.info.run_id).data.metrics == {"a": 1.0, "b": 2.0, "c": 3.0}
    (c,) = client.get_metric_history(run.info.run_id, "c")
    assert c.step == 4


def test_metric_history_unknown_key_is_empty(client, run_id):
    assert list(client.get_metric_history(run_id, "never-logged")) == []


def test_metric_history_unknown_run(client):
    # MLflow answers an empty history (no RESOURCE_DOES_NOT_EXIST) for an unknown run
    assert list(client.get_metric_history("0" * 32, "m")) == []


def test_metric_history_paging(client, run_id):
    client.log_batch(run_id, metrics=[Metric("p", float(i), 1000 + i, i) for i in range(7)])
    store = client._tracking_client.store  # the stock RestStore: paged GetMetricHistory calls
    seen, token, pages = [], None, 0
    while True:
        page = store.get_metric_history(run_id, "p", max_results=3, page_token=token)
        pages += 1
        assert len(page) <= 3
        seen += [m.step for m in page]
        token = page.token
        if not token:
            break
        assert pages < 10
    assert sorted(seen) == list(range(7))
    assert len(seen) == 7
    assert pages == 3


def test_metric_history_paging_raw(api, client, run_id):
    client.log_batch(run_id, metrics=[Metric("q", float(i), 1000 + i, i) for i in range(5)])
    r = api.get("metrics/get-history", {"run_id": run_id, "metric_key": "q", "max_results": 2})
    assert r.status_code == 200, r.text
    first = r.json()
    assert len(first["metrics"]) == 2 and first.get("next_page_token")
    r = api.get("metrics/get-history", {"run_id": run_id, "metric_key": "q", "max_results": 2,
                                        "page_token": first["next_page_token"]})
    assert r.status_code == 200, r.text
    assert len(r.json()["metrics"]) == 2
    r = api.get("metrics/get-history", {"run_id": run_id, "metric_key": "q"})
    assert len(r.json()["metrics"]) == 5 and not r.json().get("next_page_token")
    r = api.get("metrics/get-history", {"run_id": run_id, "metric_key": "q", "max_results": 0})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_metric_history_missing_key_raw(api, run_id):
    assert_mlflow_error(api.get("metrics/get-history", {"run_id": run_id}),
                        400, "INVALID_PARAMETER_VALUE")


def test_log_metric_missing_value_raw(api, run_id):
    r = api.post("runs/log-metric", {"run_id": run_id, "key": "m", "timestamp": 1})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    r = api.post("runs/log-metric", {"run_id": run_id, "key": "m", "value": "abc", "timestamp": 1})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_log_metric_missing_timestamp_raw(api, run_id):
    r = api.post("runs/log-metric", {"run_id": run_id, "key": "m", "value": 1.0})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


@pytest.mark.parametrize("key", ["../escape", "/abs", "a/../../b"])
def test_bad_metric_and_param_keys_raw(api, run_id, key):
    r = api.post("runs/log-metric", {"run_id": run_id, "key": key, "value": 1, "timestamp": 1})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    r = api.post("runs/log-parameter", {"run_id": run_id, "key": key, "value": "1"})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_key_with_allowed_punctuation(client, run_id):
    key = "a-b_c.d e/f:g"
    client.log_metric(run_id, key, 1.0, timestamp=1)
    client.log_param(run_id, key, "v")
    client.set_tag(run_id, key, "t")
    data = client.get_run(run_id).data
    assert data.metrics[key] == 1.0 and data.params[key] == "v" and data.tags[key] == "t"


# --------------------------------------------------------------------------- log_batch


def test_log_batch_full_size_via_client(client, run_id):
    metrics = [Metric(f"m{i % 10}", float(i), 1_700_000_000_000 + i, i // 10) for i in range(1000)]
    params = [Param(f"p{i}", str(i)) for i in range(100)]
    tags = [RunTag(f"t{i}", f"v{i}") for i in range(100)]
    client.log_batch(run_id, metrics=metrics, params=params, tags=tags)
    data = client.get_run(run_id).data
    assert len(data.params) == 100 and data.params["p42"] == "42"
    assert {k: data.tags[k] for k in ("t0", "t99")} == {"t0": "v0", "t99": "v99"}
    assert len(data.metrics) == 10
    assert data.metrics["m3"] == 993.0  # step 99 is the latest of m3
    assert len(client.get_metric_history(run_id, "m7")) == 100


def test_log_batch_limits_raw(api, run_id):
    def batch(n_metrics=0, n_params=0, n_tags=0, prefix=""):
        return {
            "run_id": run_id,
            "metrics": [{"key": f"{prefix}m{i}", "value": i, "timestamp": 1, "step": 0}
                        for i in range(n_metrics)],
            "params": [{"key": f"{prefix}p{i}", "value": str(i)} for i in range(n_params)],
            "tags": [{"key": f"{prefix}t{i}", "value": "v"} for i in range(n_tags)],
        }

    r = api.post("runs/log-batch", batch(n_metrics=1000, prefix="a"))
    assert r.status_code == 200, r.text[:500]
    assert r.json() == {}
    r = api.post("runs/log-batch", batch(n_metrics=800, n_params=100, n_tags=100, prefix="b"))
    assert r.status_code == 200, r.text[:500]

    for over in (dict(n_metrics=1001), dict(n_params=101), dict(n_tags=101),
                 dict(n_metrics=1000, n_params=1), dict(n_metrics=900, n_params=100, n_tags=1)):
        r = api.post("runs/log-batch", batch(prefix="c", **over))
        assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    # nothing of the rejected batches was written
    r = api.get("runs/get", {"run_id": run_id})
    data = r.json()["run"]["data"]
    assert not any(p["key"].startswith("c") for p in data.get("params", []))
    assert not any(m["key"].startswith("c") for m in data.get("metrics", []))


def test_log_batch_empty(client, run_id, api):
    client.log_batch(run_id)
    r = api.post("runs/log-batch", {"run_id": run_id})
    assert r.status_code == 200, r.text


def test_log_batch_unknown_run(client):
    with pytest.raises(MlflowException) as e:
        client.log_batch("0" * 32, metrics=[Metric("m", 1.0, 1, 0)])
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_log_batch_missing_run_id_raw(api):
    r = api.post("runs/log-batch", {"metrics": [{"key": "m", "value": 1, "timestamp": 1}]})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_log_batch_nan_and_inf(client, run_id):
    client.log_batch(run_id, metrics=[Metric("n", float("nan"), 1, 0),
                                      Metric("i", float("inf"), 1, 0),
                                      Metric("j", float("-inf"), 1, 0)])
    metrics = client.get_run(run_id).data.metrics
    assert math.isnan(metrics["n"])
    assert metrics["i"] in (math.inf, FLOAT_MAX)
    assert metrics["j"] in (-math.inf, -FLOAT_MAX)


def test_log_batch_tag_overwrite_and_param_idempotent(client, run_id):
    client.log_batch(run_id, params=[Param("p", "1")], tags=[RunTag("t", "a")])
    client.log_batch(run_id, params=[Param("p", "1")], tags=[RunTag("t", "b")])
    data = client.get_run(run_id).data
    assert data.params == {"p": "1"} and data.tags["t"] == "b"


def test_log_batch_duplicate_param_keys_in_one_batch(api, run_id):
    r = api.post("runs/log-batch", {"run_id": run_id, "params": [{"key": "d", "value": "1"},
                                                                  {"key": "d", "value": "2"}]})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
