"""Endpoints the MLflow UI calls with raw requests: metrics/get-history-bulk-interval.

(experiments/search-datasets is covered in test_inputs.py.)
"""

import pytest
from mlflow.entities import Metric

from conftest import assert_mlflow_error

PATH = "metrics/get-history-bulk-interval"


@pytest.fixture
def two_runs(client, experiment_id):
    r1 = client.create_run(experiment_id, start_time=1).info.run_id
    r2 = client.create_run(experiment_id, start_time=2).info.run_id
    client.log_batch(r1, metrics=[Metric("m", float(i), 1000 + i, i) for i in range(20)]
                     + [Metric("other", 1.0, 1, 0)])
    client.log_batch(r2, metrics=[Metric("m", float(i) * 2, 2000 + i, i * 3) for i in range(5)])
    return r1, r2


def _by_run(metrics):
    out = {}
    for m in metrics:
        out.setdefault(m["run_id"], []).append(m)
    return out


@pytest.mark.parametrize("prefix", ["/ajax-api/2.0", "/api/2.0"])
def test_full_history_of_several_runs(api, two_runs, prefix):
    r1, r2 = two_runs
    r = api.get(PATH, {"run_ids": [r1, r2], "metric_key": "m"}, prefix=prefix)
    assert r.status_code == 200, r.text
    metrics = r.json()["metrics"]
    assert all(set(m) == {"key", "value", "timestamp", "step", "run_id"} for m in metrics)
    runs = _by_run(metrics)
    assert [m["step"] for m in runs[r1]] == list(range(20))
    assert [m["step"] for m in runs[r2]] == [0, 3, 6, 9, 12]
    assert runs[r2][1] == {"key": "m", "value": 2.0, "timestamp": 2001, "step": 3, "run_id": r2}
    # results are grouped per run, in the order the run ids were asked for
    assert [m["run_id"] for m in metrics] == [r1] * 20 + [r2] * 5


def test_sampling_keeps_first_and_last(api, two_runs):
    r1, r2 = two_runs
    r = api.get(PATH, {"run_ids": [r1, r2], "metric_key": "m", "max_results": 5},
                prefix="/ajax-api/2.0")
    assert r.status_code == 200, r.text
    runs = _by_run(r.json()["metrics"])
    steps1 = [m["step"] for m in runs[r1]]
    assert len(steps1) == 5 and steps1 == sorted(steps1)
    assert steps1[0] == 0 and steps1[-1] == 19
    assert set(steps1) <= set(range(20))
    for m in runs[r1]:
        assert m["value"] == float(m["step"]) and m["timestamp"] == 1000 + m["step"]
    assert [m["step"] for m in runs[r2]] == [0, 3, 6, 9, 12]  # fewer points than max_results


def test_max_results_one_is_last_point(api, two_runs):
    r1, _ = two_runs
    r = api.get(PATH, {"run_ids": [r1], "metric_key": "m", "max_results": 1}, prefix="/ajax-api/2.0")
    assert r.status_code == 200, r.text
    assert [m["step"] for m in r.json()["metrics"]] == [19]


def test_step_range(api, two_runs):
    r1, r2 = two_runs
    r = api.get(PATH, {"run_ids": [r1, r2], "metric_key": "m", "start_step": 3, "end_step": 7,
                       "max_results": 3}, prefix="/ajax-api/2.0")
    assert r.status_code == 200, r.text
    runs = _by_run(r.json()["metrics"])
    steps1 = [m["step"] for m in runs[r1]]
    assert len(steps1) == 3 and steps1[0] == 3 and steps1[-1] == 7
    assert [m["step"] for m in runs[r2]] == [3, 6]


def test_unknown_key_or_run_is_empty(api, two_runs):
    r1, _ = two_runs
    r = api.get(PATH, {"run_ids": [r1], "metric_key": "never"}, prefix="/ajax-api/2.0")
    assert r.status_code == 200, r.text
    assert r.json().get("metrics", []) == []
    r = api.get(PATH, {"run_ids": ["0" * 32], "metric_key": "m"}, prefix="/ajax-api/2.0")
    assert r.status_code == 200, r.text
    assert r.json().get("metrics", []) == []


@pytest.mark.parametrize("params", [
    {"metric_key": "m"},
    {"run_ids": ["R"]},
    {"run_ids": ["R"], "metric_key": "m", "max_results": 0},
    {"run_ids": ["R"], "metric_key": "m", "max_results": 2501},
    {"run_ids": ["R"], "metric_key": "m", "max_results": "abc"},
    {"run_ids": ["R"], "metric_key": "m", "start_step": 3},
    {"run_ids": ["R"], "metric_key": "m", "end_step": 3},
    {"run_ids": ["R"], "metric_key": "m", "start_step": 7, "end_step": 3},
    {"run_ids": [f"{i:032x}" for i in range(101)], "metric_key": "m"},
], ids=["no-run-ids", "no-metric-key", "max-results-0", "max-results-too-big",
        "max-results-not-int", "start-only", "end-only", "start-after-end", "too-many-runs"])
def test_bad_requests(api, two_runs, params):
    r1, _ = two_runs
    if params.get("run_ids") == ["R"]:
        params = dict(params, run_ids=[r1])
    r = api.get(PATH, params, prefix="/ajax-api/2.0")
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


# --------------------------------------------------------------------------- get-history-bulk

BULK = "/ajax-api/2.0/mlflow/metrics/get-history-bulk"


def test_history_bulk_sorted_by_run_then_time(api, two_runs):
    r1, r2 = two_runs
    r = api.get(BULK, {"run_id": [r2, r1], "metric_key": "m"})
    assert r.status_code == 200, r.text
    metrics = r.json()["metrics"]
    assert all(set(m) == {"key", "value", "timestamp", "step", "run_id"} for m in metrics)
    # ordered by run id (lexicographically), then timestamp, step, value
    expected_runs = sorted([r1, r2])
    first, second = expected_runs
    counts = {r1: 20, r2: 5}
    assert [m["run_id"] for m in metrics] == [first] * counts[first] + [second] * counts[second]
    for run in (r1, r2):
        ts = [(m["timestamp"], m["step"]) for m in metrics if m["run_id"] == run]
        assert ts == sorted(ts)
    assert {"key": "m", "value": 2.0, "timestamp": 2001, "step": 3, "run_id": r2} in metrics


def test_history_bulk_max_results_over_all_runs(api, two_runs):
    r1, r2 = two_runs
    r = api.get(BULK, {"run_id": [r1, r2], "metric_key": "m", "max_results": 7})
    assert r.status_code == 200, r.text
    metrics = r.json()["metrics"]
    first, second = sorted([r1, r2])
    counts = {r1: 20, r2: 5}
    assert [m["run_id"] for m in metrics] == \
        ([first] * counts[first] + [second] * counts[second])[:7]


def test_history_bulk_unknown_key(api, two_runs):
    r1, _ = two_runs
    r = api.get(BULK, {"run_id": [r1], "metric_key": "never"})
    assert r.status_code == 200, r.text
    assert r.json() == {"metrics": []}


@pytest.mark.parametrize("params", [
    {"metric_key": "m"},
    {"run_id": ["R"]},
    {"run_id": [f"{i:032x}" for i in range(101)], "metric_key": "m"},
], ids=["no-run-id", "no-metric-key", "too-many-runs"])
def test_history_bulk_bad_requests(api, two_runs, params):
    r1, _ = two_runs
    if params.get("run_id") == ["R"]:
        params = dict(params, run_id=[r1])
    assert_mlflow_error(api.get(BULK, params), 400, "INVALID_PARAMETER_VALUE")
