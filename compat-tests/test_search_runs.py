"""search_runs: filters on metrics/params/tags/attributes, order_by, paging, view types, pandas."""

import mlflow
import pytest
from mlflow.entities import Metric, Param, RunTag, ViewType
from mlflow.exceptions import MlflowException

from mlflow import MlflowClient

from conftest import SESSION_TAG, assert_mlflow_error

T0 = 1_700_000_000_000


@pytest.fixture(scope="module")
def corpus(tracking_uri):
    """Two experiments; names r1..r6, r5 deleted, r6 in the second experiment.

    Module-scoped (read-only for the tests) to keep the suite fast.
    """
    client = MlflowClient(tracking_uri)
    exp = client.create_experiment(f"compat-search-runs-{SESSION_TAG}")
    exp2 = client.create_experiment(f"compat-search-runs2-{SESSION_TAG}")
    spec = {
        "r1": dict(metrics={"acc": 0.9, "loss": 0.1}, params={"lr": "0.1", "model": "cnn"},
                   tags={"team": "a"}, status="FINISHED"),
        "r2": dict(metrics={"acc": 0.7}, params={"lr": "0.01", "model": "rnn"},
                   tags={"team": "b"}, status="FINISHED"),
        "r3": dict(metrics={"acc": 0.8, "loss": 0.3}, params={"lr": "0.1"},
                   tags={"team": "a", "extra": "X"}, status="FAILED"),
        "r4": dict(metrics={}, params={"model": "cnn"}, tags={}, status="RUNNING"),
        "r5": dict(metrics={"acc": 0.95}, params={}, tags={"team": "a"}, status="FINISHED"),
        "r6": dict(metrics={"acc": 0.85}, params={"lr": "0.1"}, tags={"team": "c"},
                   status="FINISHED"),
    }
    ids = {}
    for i, (name, s) in enumerate(spec.items(), start=1):
        run = client.create_run(exp2 if name == "r6" else exp, start_time=T0 + i, run_name=name)
        rid = run.info.run_id
        client.log_batch(rid,
                         metrics=[Metric(k, v, T0 + i, 0) for k, v in s["metrics"].items()],
                         params=[Param(k, v) for k, v in s["params"].items()],
                         tags=[RunTag(k, v) for k, v in s["tags"].items()])
        if s["status"] != "RUNNING":
            client.set_terminated(rid, s["status"], end_time=T0 + 100 + i)
        ids[name] = rid
    client.delete_run(ids["r5"])
    return exp, exp2, ids


def names(runs):
    return [r.info.run_name for r in runs]


@pytest.mark.parametrize("filter_string,expected", [
    ("metrics.acc > 0.75", ["r1", "r3"]),
    ("metrics.acc >= 0.7 AND params.lr = '0.1'", ["r1", "r3"]),
    ("metrics.loss < 0.2", ["r1"]),
    ("metrics.acc = 0.7", ["r2"]),
    ("metrics.acc != 0.7", ["r1", "r3"]),
    ("params.model = 'cnn'", ["r1", "r4"]),
    ("params.model != 'cnn'", ["r2"]),
    ("params.model LIKE 'c%'", ["r1", "r4"]),
    ("tags.team = 'a'", ["r1", "r3"]),
    ("tags.team LIKE 'b%'", ["r2"]),
    ("tags.extra ILIKE 'x'", ["r3"]),
    ("tags.extra LIKE 'x'", []),
    ("attributes.status = 'FINISHED'", ["r1", "r2"]),
    ("attributes.status != 'FINISHED'", ["r3", "r4"]),
    ("attributes.run_name = 'r2'", ["r2"]),
    ("run_name LIKE 'r%' AND metrics.acc < 0.8", ["r2"]),
    ("attributes.run_name ILIKE 'R3'", ["r3"]),
    (f"attributes.start_time > {T0 + 2}", ["r3", "r4"]),
    (f"attributes.start_time <= {T0 + 1}", ["r1"]),
    (f"attributes.end_time > {T0 + 102}", ["r3"]),
    ("tags.`mlflow.runName` = 'r4'", ["r4"]),
    ("", ["r1", "r2", "r3", "r4"]),
])
def test_filters(client, corpus, filter_string, expected):
    exp, _, _ = corpus
    assert sorted(names(client.search_runs([exp], filter_string))) == expected


def test_filter_by_run_id(client, corpus):
    exp, _, ids = corpus
    runs = client.search_runs([exp], f"attributes.run_id IN ('{ids['r1']}', '{ids['r4']}')")
    assert sorted(names(runs)) == ["r1", "r4"]
    runs = client.search_runs([exp], f"attributes.run_id = '{ids['r2']}'")
    assert names(runs) == ["r2"]


def test_default_order_is_start_time_desc(client, corpus):
    exp, _, _ = corpus
    assert names(client.search_runs([exp])) == ["r4", "r3", "r2", "r1"]


@pytest.mark.parametrize("order_by,expected", [
    (["metrics.acc DESC"], ["r1", "r3", "r2", "r4"]),
    (["metrics.acc ASC"], ["r2", "r3", "r1", "r4"]),
    (["metrics.acc"], ["r2", "r3", "r1", "r4"]),
    # missing values sort last in both directions; ties fall back to start_time DESC
    (["metrics.loss ASC"], ["r1", "r3", "r4", "r2"]),
    (["metrics.loss DESC"], ["r3", "r1", "r4", "r2"]),
    (["params.lr ASC"], ["r2", "r3", "r1", "r4"]),
    (["params.model DESC"], ["r2", "r4", "r1", "r3"]),
    (["tags.team ASC", "attributes.start_time ASC"], ["r1", "r3", "r2", "r4"]),
    (["attributes.start_time ASC"], ["r1", "r2", "r3", "r4"]),
    (["start_time DESC"], ["r4", "r3", "r2", "r1"]),
    (["attributes.run_name DESC"], ["r4", "r3", "r2", "r1"]),
    (["attributes.status ASC", "attributes.run_name ASC"], ["r3", "r1", "r2", "r4"]),
    (["attributes.end_time ASC"], ["r1", "r2", "r3", "r4"]),
])
def test_order_by(client, corpus, order_by, expected):
    exp, _, _ = corpus
    assert names(client.search_runs([exp], order_by=order_by)) == expected


def test_pagination(client, corpus):
    exp, _, _ = corpus
    seen, token, pages = [], None, 0
    while True:
        page = client.search_runs([exp], max_results=3, order_by=["attributes.start_time ASC"],
                                  page_token=token)
        pages += 1
        assert len(page) <= 3
        seen += names(page)
        token = page.token
        if not token:
            break
        assert pages < 10
    assert seen == ["r1", "r2", "r3", "r4"]
    assert pages == 2


def test_pagination_with_filter_and_order(client, corpus):
    exp, exp2, _ = corpus
    seen, token = [], None
    for _ in range(10):
        page = client.search_runs([exp, exp2], "metrics.acc > 0", max_results=1,
                                  order_by=["metrics.acc DESC"], page_token=token)
        seen += names(page)
        token = page.token
        if not token:
            break
    assert seen == ["r1", "r6", "r3", "r2"]


@pytest.mark.parametrize("view_type,expected", [
    (ViewType.ACTIVE_ONLY, ["r1", "r2", "r3", "r4"]),
    (ViewType.DELETED_ONLY, ["r5"]),
    (ViewType.ALL, ["r1", "r2", "r3", "r4", "r5"]),
])
def test_run_view_type(client, corpus, view_type, expected):
    exp, _, _ = corpus
    assert sorted(names(client.search_runs([exp], run_view_type=view_type))) == expected


def test_multiple_experiments(client, corpus):
    exp, exp2, _ = corpus
    runs = client.search_runs([exp, exp2], "metrics.acc > 0.84")
    assert sorted(names(runs)) == ["r1", "r6"]
    assert {r.info.experiment_id for r in runs} == {exp, exp2}


def test_returned_run_content(client, corpus):
    exp, _, ids = corpus
    (run,) = client.search_runs([exp], "attributes.run_name = 'r1'")
    assert run.info.run_id == ids["r1"]
    assert run.data.metrics == {"acc": 0.9, "loss": 0.1}
    assert run.data.params == {"lr": "0.1", "model": "cnn"}
    assert run.data.tags["team"] == "a"
    assert run.info.status == "FINISHED"
    assert (run.info.start_time, run.info.end_time) == (T0 + 1, T0 + 101)


def test_search_runs_pandas(tracking_uri, corpus):
    exp, _, ids = corpus
    df = mlflow.search_runs(experiment_ids=[exp], order_by=["attributes.start_time ASC"])
    assert list(df["tags.mlflow.runName"]) == ["r1", "r2", "r3", "r4"]
    assert list(df["run_id"]) == [ids[n] for n in ("r1", "r2", "r3", "r4")]
    for col in ("experiment_id", "status", "start_time", "end_time", "artifact_uri",
                "metrics.acc", "metrics.loss", "params.lr", "params.model", "tags.team"):
        assert col in df.columns, col
    assert list(df["status"]) == ["FINISHED", "FINISHED", "FAILED", "RUNNING"]
    assert df["metrics.acc"].iloc[0] == 0.9
    assert df["params.lr"].iloc[1] == "0.01"
    filtered = mlflow.search_runs(experiment_ids=[exp], filter_string="params.model = 'cnn'",
                                  order_by=["metrics.acc DESC"])
    assert list(filtered["tags.mlflow.runName"]) == ["r1", "r4"]


def test_search_runs_pandas_by_experiment_name(tracking_uri, client, corpus):
    exp, _, _ = corpus
    name = client.get_experiment(exp).name
    runs = mlflow.search_runs(experiment_names=[name], output_format="list",
                              filter_string="tags.team = 'a'", run_view_type=ViewType.ALL)
    assert sorted(names(runs)) == ["r1", "r3", "r5"]


def test_search_runs_many_pages_in_pandas(tracking_uri, client, experiment_id):
    # mlflow.search_runs pages through results with page tokens under the hood
    for i in range(25):
        client.create_run(experiment_id, start_time=T0 + i, run_name=f"bulk-{i:02d}")
    df = mlflow.search_runs(experiment_ids=[experiment_id], max_results=25,
                            order_by=["attributes.start_time ASC"])
    assert list(df["tags.mlflow.runName"]) == [f"bulk-{i:02d}" for i in range(25)]


@pytest.mark.parametrize("bad_filter", [
    "metrics.acc >> 1",
    "params.lr > '0.1'",
    "metrics.acc = 'abc'",
    "unknown.key = 'x'",
    "attributes.nonexistent = 'x'",
    "metrics.acc > 1 OR metrics.acc < 0",
    "tags.team = a",
    # MLflow supports IN / NOT IN only for run_id (and datasets), not params or status
    "params.lr IN ('0.01', '0.5')",
    "params.lr NOT IN ('0.01')",
    "attributes.status IN ('FAILED', 'RUNNING')",
])
def test_bad_filter(client, corpus, bad_filter):
    exp, _, _ = corpus
    with pytest.raises(MlflowException) as e:
        client.search_runs([exp], bad_filter)
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"


@pytest.mark.parametrize("bad_order", ["metrics.acc SIDEWAYS", "nonsense.acc", "attributes.nope"])
def test_bad_order_by(client, corpus, bad_order):
    exp, _, _ = corpus
    with pytest.raises(MlflowException) as e:
        client.search_runs([exp], order_by=[bad_order])
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"


def test_bad_max_results(client, corpus, api):
    exp, _, _ = corpus
    with pytest.raises(MlflowException) as e:
        client.search_runs([exp], max_results=50001)
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"
    r = api.post("runs/search", {"experiment_ids": [exp], "max_results": 50001})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_bad_page_token(api, corpus):
    exp, _, _ = corpus
    r = api.post("runs/search", {"experiment_ids": [exp], "page_token": "not-a-token"})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_raw_search_runs_shape(api, corpus):
    exp, _, ids = corpus
    r = api.post("runs/search", {"experiment_ids": [exp], "filter": "attributes.run_name = 'r2'",
                                 "run_view_type": "ACTIVE_ONLY"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "next_page_token" not in body
    (run,) = body["runs"]
    assert run["info"]["run_id"] == ids["r2"]
    assert {m["key"] for m in run["data"]["metrics"]} == {"acc"}
    r = api.post("runs/search", {"experiment_ids": [exp], "filter": "metrics.acc > 5"})
    assert r.status_code == 200 and r.json().get("runs", []) == []


def test_search_unknown_experiment_is_empty(client):
    assert list(client.search_runs(["123456789"])) == []
