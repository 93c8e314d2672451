"""Experiments through the stock MLflow client (MlflowClient and the fluent API)."""

import time

import mlflow
import pytest
from mlflow.entities import ViewType
from mlflow.exceptions import MlflowException

from conftest import assert_mlflow_error


def error_code(excinfo) -> str:
    return excinfo.value.error_code


def test_default_experiment_exists(client):
    exp = client.get_experiment("0")
    assert exp.name == "Default"
    assert exp.lifecycle_stage == "active"
    assert client.get_experiment_by_name("Default").experiment_id == "0"


def test_create_with_tags_and_artifact_location(client, unique):
    name = unique("exp")
    before = int(time.time() * 1000) - 5000
    exp_id = client.create_experiment(name, artifact_location="/tmp/compat-artifacts/x",
                                      tags={"team": "a", "k2": "v2"})
    assert isinstance(exp_id, str) and exp_id.isdigit()
    exp = client.get_experiment(exp_id)
    assert exp.experiment_id == exp_id
    assert exp.name == name
    assert exp.lifecycle_stage == "active"
    assert exp.tags == {"team": "a", "k2": "v2"}
    assert exp.artifact_location.rstrip("/").endswith("/tmp/compat-artifacts/x")
    assert exp.creation_time >= before
    assert exp.last_update_time >= exp.creation_time


def test_create_default_artifact_location(client, unique):
    exp_id = client.create_experiment(unique("exp"))
    exp = client.get_experiment(exp_id)
    assert exp.artifact_location, "experiment must get a default artifact location"
    assert exp.artifact_location.rstrip("/").endswith(exp_id)


def test_get_by_name(client, unique):
    name = unique("exp")
    exp_id = client.create_experiment(name)
    assert client.get_experiment_by_name(name).experiment_id == exp_id
    assert client.get_experiment_by_name(unique("missing")) is None


def test_fluent_set_and_create_experiment(tracking_uri, unique):
    name = unique("fluent")
    exp = mlflow.set_experiment(name)
    assert exp.name == name and exp.lifecycle_stage == "active"
    again = mlflow.set_experiment(name)
    assert again.experiment_id == exp.experiment_id
    exp_id = mlflow.create_experiment(unique("fluent2"), tags={"x": "1"})
    assert mlflow.get_experiment(exp_id).tags == {"x": "1"}
    assert mlflow.get_experiment_by_name(name).experiment_id == exp.experiment_id


def test_duplicate_name(client, unique):
    name = unique("dup")
    client.create_experiment(name)
    with pytest.raises(MlflowException) as e:
        client.create_experiment(name)
    assert error_code(e) == "RESOURCE_ALREADY_EXISTS"


def test_empty_name_rejected(api):
    assert_mlflow_error(api.post("experiments/create", {"name": ""}), 400, "INVALID_PARAMETER_VALUE")


def test_unknown_experiment(client):
    with pytest.raises(MlflowException) as e:
        client.get_experiment("123456789")
    assert error_code(e) == "RESOURCE_DOES_NOT_EXIST"
    for op in (client.delete_experiment, client.restore_experiment):
        with pytest.raises(MlflowException) as e:
            op("123456789")
        assert error_code(e) == "RESOURCE_DOES_NOT_EXIST"
    with pytest.raises(MlflowException) as e:
        client.rename_experiment("123456789", "whatever-compat")
    assert error_code(e) == "RESOURCE_DOES_NOT_EXIST"


def test_rename(client, unique):
    old, new = unique("old"), unique("new")
    exp_id = client.create_experiment(old)
    client.rename_experiment(exp_id, new)
    assert client.get_experiment(exp_id).name == new
    assert client.get_experiment_by_name(new).experiment_id == exp_id
    assert client.get_experiment_by_name(old) is None


def test_rename_to_existing_name(client, unique):
    a, b = unique("a"), unique("b")
    client.create_experiment(a)
    b_id = client.create_experiment(b)
    with pytest.raises(MlflowException) as e:
        client.rename_experiment(b_id, a)
    # MLflow's SQL store lets the unique-constraint violation surface as BAD_REQUEST;
    # RESOURCE_ALREADY_EXISTS is the cleaner answer. Both are HTTP 400 for the client.
    assert error_code(e) in ("RESOURCE_ALREADY_EXISTS", "BAD_REQUEST", "INVALID_PARAMETER_VALUE")
    assert client.get_experiment(b_id).name == b


def test_delete_and_restore(client, unique):
    name = unique("del")
    exp_id = client.create_experiment(name)
    client.delete_experiment(exp_id)
    exp = client.get_experiment(exp_id)
    assert exp.lifecycle_stage == "deleted"
    by_name = client.get_experiment_by_name(name)
    assert by_name is not None and by_name.lifecycle_stage == "deleted"
    # the name stays taken while the experiment is deleted
    with pytest.raises(MlflowException) as e:
        client.create_experiment(name)
    assert error_code(e) == "RESOURCE_ALREADY_EXISTS"
    client.restore_experiment(exp_id)
    assert client.get_experiment(exp_id).lifecycle_stage == "active"


def test_delete_deleted_experiment(client, unique):
    exp_id = client.create_experiment(unique("dd"))
    client.delete_experiment(exp_id)
    with pytest.raises(MlflowException) as e:
        client.delete_experiment(exp_id)
    # MLflow looks the experiment up among the active ones only
    assert error_code(e) == "RESOURCE_DOES_NOT_EXIST"


def test_restore_active_experiment(client, unique):
    exp_id = client.create_experiment(unique("ra"))
    with pytest.raises(MlflowException) as e:
        client.restore_experiment(exp_id)
    # MLflow looks the experiment up among the deleted ones only
    assert error_code(e) == "RESOURCE_DOES_NOT_EXIST"


def test_set_and_delete_experiment_tag(client, unique):
    exp_id = client.create_experiment(unique("tags"))
    client.set_experiment_tag(exp_id, "a", "1")
    client.set_experiment_tag(exp_id, "b", "2")
    client.set_experiment_tag(exp_id, "a", "overwritten")
    assert client.get_experiment(exp_id).tags == {"a": "overwritten", "b": "2"}
    client.delete_experiment_tag(exp_id, "a")
    assert client.get_experiment(exp_id).tags == {"b": "2"}
    mlflow.set_tracking_uri(client.tracking_uri)
    mlflow.set_experiment(experiment_id=exp_id)
    mlflow.set_experiment_tags({"c": "3"})
    assert client.get_experiment(exp_id).tags == {"b": "2", "c": "3"}


def test_delete_missing_experiment_tag(client, experiment_id):
    with pytest.raises(MlflowException) as e:
        client.delete_experiment_tag(experiment_id, "never-set")
    assert error_code(e) == "RESOURCE_DOES_NOT_EXIST"


def test_experiment_tag_on_unknown_experiment(client):
    with pytest.raises(MlflowException) as e:
        client.set_experiment_tag("123456789", "a", "b")
    assert error_code(e) == "RESOURCE_DOES_NOT_EXIST"


def test_long_experiment_tag_value(client, experiment_id):
    value = "v" * 5000
    client.set_experiment_tag(experiment_id, "long", value)
    assert client.get_experiment(experiment_id).tags["long"] == value


# --------------------------------------------------------------------------- search


@pytest.fixture
def named_experiments(client, unique):
    prefix = unique("search")
    ids = {}
    for i, suffix in enumerate(["c", "a", "d", "b", "e"]):
        ids[suffix] = client.create_experiment(f"{prefix}-{suffix}",
                                               tags={"group": "even" if i % 2 == 0 else "odd",
                                                     "idx": str(i)})
    client.delete_experiment(ids["e"])
    return prefix, ids


def _names(exps):
    return [e.name.rsplit("-", 1)[-1] for e in exps]


def test_search_filter_and_order(client, named_experiments):
    prefix, ids = named_experiments
    exps = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name ASC"])
    assert _names(exps) == ["a", "b", "c", "d"]
    exps = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name DESC"])
    assert _names(exps) == ["d", "c", "b", "a"]
    exps = client.search_experiments(filter_string=f"name = '{prefix}-b'")
    assert _names(exps) == ["b"]
    exps = client.search_experiments(filter_string=f"name ILIKE '{prefix.upper()}-%'",
                                      order_by=["name"])
    assert _names(exps) == ["a", "b", "c", "d"]


def test_search_default_order_is_newest_first(client, named_experiments):
    prefix, ids = named_experiments
    exps = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'")
    # created c, a, d, b (e deleted): default order is creation time DESC
    assert _names(exps) == ["b", "d", "a", "c"]


def test_search_by_tag(client, named_experiments):
    prefix, ids = named_experiments
    exps = client.search_experiments(
        filter_string=f"name LIKE '{prefix}-%' AND tags.group = 'even'", order_by=["name"])
    assert _names(exps) == ["c", "d"]
    exps = client.search_experiments(
        filter_string=f"name LIKE '{prefix}-%' AND tags.idx != '0'", order_by=["name"])
    assert _names(exps) == ["a", "b", "d"]
    exps = client.search_experiments(
        filter_string=f"name LIKE '{prefix}-%' AND tags.group LIKE 'od%'", order_by=["name"])
    assert _names(exps) == ["a", "b"]


def test_search_by_attributes(client, named_experiments):
    prefix, ids = named_experiments
    c = client.get_experiment(ids["c"])
    exps = client.search_experiments(
        filter_string=f"name LIKE '{prefix}-%' AND creation_time >= {c.creation_time}",
        order_by=["creation_time ASC"])
    assert _names(exps)[0] == "c"
    assert set(_names(exps)) == {"a", "b", "c", "d"}
    exps = client.search_experiments(
        filter_string=f"attribute.name = '{prefix}-a'", view_type=ViewType.ALL)
    assert _names(exps) == ["a"]


def test_search_view_types(client, named_experiments):
    prefix, ids = named_experiments
    f = f"name LIKE '{prefix}-%'"
    assert _names(client.search_experiments(filter_string=f, view_type=ViewType.ACTIVE_ONLY,
                                            order_by=["name"])) == ["a", "b", "c", "d"]
    assert _names(client.search_experiments(filter_string=f, view_type=ViewType.DELETED_ONLY,
                                            order_by=["name"])) == ["e"]
    assert _names(client.search_experiments(filter_string=f, view_type=ViewType.ALL,
                                            order_by=["name"])) == ["a", "b", "c", "d", "e"]


def test_search_pagination(client, named_experiments):
    prefix, ids = named_experiments
    f = f"name LIKE '{prefix}-%'"
    seen, token, pages = [], None, 0
    while True:
        page = client.search_experiments(filter_string=f, view_type=ViewType.ALL, max_results=2,
                                         order_by=["name ASC"], page_token=token)
        pages += 1
        assert len(page) <= 2
        seen += _names(page)
        token = page.token
        if not token:
            break
        assert pages < 10
    assert seen == ["a", "b", "c", "d", "e"]
    assert pages == 3


def test_search_experiments_fluent(tracking_uri, named_experiments):
    prefix, ids = named_experiments
    exps = mlflow.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name"])
    assert _names(exps) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("bad_filter", [
    "name = ",
    "nonsense.key = 'x'",
    "name >> 'a'",
    "tags.a = 1",
])
def test_search_bad_filter(client, bad_filter):
    with pytest.raises(MlflowException) as e:
        client.search_experiments(filter_string=bad_filter)
    assert error_code(e) == "INVALID_PARAMETER_VALUE"


def test_search_bad_order_by(client):
    with pytest.raises(MlflowException) as e:
        client.search_experiments(order_by=["no_such_column DESC"])
    assert error_code(e) == "INVALID_PARAMETER_VALUE"


def test_search_bad_max_results(api):
    r = api.post("experiments/search", {"max_results": 0})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    r = api.post("experiments/search", {"max_results": 1_000_000})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_search_get_and_post_agree(api, named_experiments):
    prefix, ids = named_experiments
    body = {"filter": f"name LIKE '{prefix}-%'", "order_by": ["name ASC"], "max_results": 3}
    post = api.post("experiments/search", body)
    get = api.get("experiments/search", body)
    assert post.status_code == get.status_code == 200, (post.text, get.text)
    assert post.json() == get.json()
    assert len(post.json()["experiments"]) == 3
    assert post.json()["next_page_token"]
