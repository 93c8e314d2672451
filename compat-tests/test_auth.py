"""Access control (issue 12): MLflow 3.18's basic-auth app with the stock client.

Starts its own server with ``--app-name basic-auth`` (an ini with default_permission =
NO_PERMISSIONS), then drives it with MLflow's tracking client (MLFLOW_TRACKING_USERNAME /
MLFLOW_TRACKING_PASSWORD) and ``mlflow.server.get_app_client("basic-auth")``. With
``--target mlflow`` the same tests run against ``mlflow server --app-name basic-auth`` (needs
Flask-WTF in the venv), which is how they were checked to assert MLflow's behaviour.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import pytest
import requests

import servers

ADMIN = "admin"
ADMIN_PASSWORD = "admin-password-1"


def _password(user: str) -> str:
    return ADMIN_PASSWORD if user == ADMIN else f"{user}-password"


def _ini(workdir: Path, database_uri: str) -> Path:
    ini = workdir / "basic_auth.ini"
    ini.write_text(
        "[mlflow]\n"
        "default_permission = NO_PERMISSIONS\n"
        f"database_uri = {database_uri}\n"
        f"admin_username = {ADMIN}\n"
        f"admin_password = {ADMIN_PASSWORD}\n"
    )
    return ini


def _start_auth_server(pytestconfig, workdir: Path, database_uri: str) -> servers.ServerProcess:
    target = pytestconfig.getoption("--target")
    if target == "mlflow":
        pytest.importorskip("flask_wtf", reason="mlflow server --app-name basic-auth needs Flask-WTF")
    ini = _ini(workdir, database_uri)
    return servers.start_server(
        target,
        "sqlite",
        workdir,
        jar=Path(pytestconfig.getoption("--jar")),
        java=pytestconfig.getoption("--java"),
        extra_args=["--app-name", "basic-auth"],
        extra_env={
            "MLFLOW_AUTH_CONFIG_PATH": str(ini),
            "MLFLOW_FLASK_SERVER_SECRET_KEY": "compat-tests-secret",
        },
    )


@pytest.fixture(scope="module")
def auth_url(pytestconfig, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("auth")
    proc = _start_auth_server(pytestconfig, workdir, f"sqlite:///{workdir / 'basic_auth.db'}")
    try:
        yield proc.url
    finally:
        proc.stop()


@contextlib.contextmanager
def as_user(user: str | None):
    """MLFLOW_TRACKING_USERNAME/PASSWORD for the block (the client reads them per request)."""
    saved = {k: os.environ.get(k) for k in ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD")}
    if user is None:
        os.environ.pop("MLFLOW_TRACKING_USERNAME", None)
        os.environ.pop("MLFLOW_TRACKING_PASSWORD", None)
    else:
        os.environ["MLFLOW_TRACKING_USERNAME"] = user
        os.environ["MLFLOW_TRACKING_PASSWORD"] = _password(user)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _client(url):
    from mlflow import MlflowClient

    return MlflowClient(url)


def _auth_client(url):
    # MLflow's auth client imports Flask-WTF (requirements.txt; older venvs may lack it)
    pytest.importorskip("flask_wtf", reason="get_app_client('basic-auth') needs Flask-WTF")
    from mlflow.server import get_app_client

    return get_app_client("basic-auth", tracking_uri=url)


def _new_user(url, prefix: str) -> str:
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    with as_user(ADMIN):
        user = _auth_client(url).create_user(name, _password(name))
    assert user.username == name and not user.is_admin
    return name


def _denied(excinfo) -> None:
    text = str(excinfo.value)
    assert "403" in text or "PERMISSION_DENIED" in text, text


def test_credentials_are_required(auth_url):
    from mlflow.exceptions import MlflowException

    with as_user(None), pytest.raises(MlflowException) as e:
        _client(auth_url).search_experiments()
    assert "UNAUTHENTICATED" in str(e.value) or "401" in str(e.value)
    r = requests.get(auth_url + "/api/2.0/mlflow/experiments/search", params={"max_results": 1})
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == 'Basic realm="mlflow"'


def test_owner_grants_and_levels(auth_url):
    from mlflow.exceptions import MlflowException

    alice, bob = _new_user(auth_url, "alice"), _new_user(auth_url, "bob")
    with as_user(alice):
        exp = _client(auth_url).create_experiment(f"alice-exp-{uuid.uuid4().hex[:8]}")
        run = _client(auth_url).create_run(exp).info.run_id
    with as_user(bob):
        with pytest.raises(MlflowException) as e:
            _client(auth_url).get_experiment(exp)
        _denied(e)
        with pytest.raises(MlflowException) as e:
            _client(auth_url).get_run(run)
        _denied(e)
        assert exp not in [x.experiment_id for x in _client(auth_url).search_experiments()]
        assert _client(auth_url).search_runs([exp]) == []
    with as_user(alice):
        ac = _auth_client(auth_url)
        perm = ac.get_user_permission(alice, "experiment", exp)
        assert perm.permission == "MANAGE"
        ac.grant_user_permission(bob, "experiment", exp, "READ")
    with as_user(bob):
        assert _client(auth_url).get_experiment(exp).experiment_id == exp
        assert _client(auth_url).get_run(run).info.run_id == run
        assert exp in [x.experiment_id for x in _client(auth_url).search_experiments()]
        with pytest.raises(MlflowException) as e:
            _client(auth_url).log_metric(run, "m", 1.0)
        _denied(e)
    with as_user(alice):
        ac = _auth_client(auth_url)
        ac.revoke_user_permission(bob, "experiment", exp)
        ac.grant_user_permission(bob, "experiment", exp, "EDIT")
    with as_user(bob):
        _client(auth_url).log_metric(run, "m", 1.0)
        with pytest.raises(MlflowException) as e:
            _client(auth_url).delete_run(run)
        _denied(e)


def test_registered_models(auth_url):
    from mlflow.exceptions import MlflowException

    alice, bob = _new_user(auth_url, "alice"), _new_user(auth_url, "bob")
    prefix = f"rm-{uuid.uuid4().hex[:8]}"
    with as_user(alice):
        for i in range(3):
            _client(auth_url).create_registered_model(f"{prefix}-{i}")
        _auth_client(auth_url).grant_user_permission(bob, "registered_model", f"{prefix}-1", "READ")
    with as_user(bob):
        names = [m.name for m in _client(auth_url).search_registered_models(f"name LIKE '{prefix}%'")]
        assert names == [f"{prefix}-1"]
        with pytest.raises(MlflowException) as e:
            _client(auth_url).get_registered_model(f"{prefix}-0")
        _denied(e)


def test_users_api(auth_url):
    from mlflow.exceptions import MlflowException

    carol = _new_user(auth_url, "carol")
    with as_user(ADMIN):
        ac = _auth_client(auth_url)
        assert ac.get_user(carol).username == carol
        ac.update_user_admin(carol, True)
        assert ac.get_user(carol).is_admin
        ac.update_user_admin(carol, False)
        with pytest.raises(MlflowException):
            ac.create_user(f"short-{uuid.uuid4().hex[:6]}", "short")
    with as_user(carol):
        _auth_client(auth_url).update_user_password(carol, "carol-new-password", current_password=_password(carol))
    r = requests.get(auth_url + "/api/2.0/mlflow/users/current", auth=(carol, "carol-new-password"))
    assert r.status_code == 200 and r.json()["user"]["username"] == carol
    with as_user(ADMIN):
        _auth_client(auth_url).delete_user(carol)
    r = requests.get(auth_url + "/api/2.0/mlflow/users/current", auth=(carol, "carol-new-password"))
    assert r.status_code == 401


def test_roles(auth_url):
    dave = _new_user(auth_url, "dave")
    with as_user(ADMIN):
        exp = _client(auth_url).create_experiment(f"admin-exp-{uuid.uuid4().hex[:8]}")
        ac = _auth_client(auth_url)
        role = ac.create_role("default", f"readers-{uuid.uuid4().hex[:6]}", "can read")
        ac.add_role_permission(role.id, "experiment", "*", "READ")
        ac.assign_role(dave, role.id)
        assert [p.resource_pattern for p in ac.list_role_permissions(role.id)] == ["*"]
    with as_user(dave):
        assert _client(auth_url).get_experiment(exp).experiment_id == exp
    with as_user(ADMIN):
        _auth_client(auth_url).delete_role(role.id)


def test_auth_database_made_by_mlflow_opens(pytestconfig, tmp_path_factory):
    """An auth database created and filled by MLflow's own auth store: Trackway opens it
    unchanged, MLflow's users log in; a user Trackway creates logs in on MLflow's store."""
    if pytestconfig.getoption("--target") != "trackway":
        pytest.skip("checks Trackway against a database made by MLflow")
    from mlflow.server.auth.sqlalchemy_store import SqlAlchemyStore

    workdir = tmp_path_factory.mktemp("authdb")
    uri = f"sqlite:///{workdir / 'basic_auth.db'}"
    store = SqlAlchemyStore()
    store.init_db(uri)
    store.create_user(ADMIN, ADMIN_PASSWORD, is_admin=True)
    store.create_user("erin", _password("erin"))
    store.engine.dispose()
    proc = _start_auth_server(pytestconfig, workdir, uri)
    try:
        r = requests.get(proc.url + "/api/2.0/mlflow/users/current", auth=("erin", _password("erin")))
        assert r.status_code == 200, r.text
        with as_user(ADMIN):
            _auth_client(proc.url).create_user("frank", _password("frank"))
    finally:
        proc.stop()
    store = SqlAlchemyStore()
    store.init_db(uri)
    assert store.authenticate_user("frank", _password("frank"))
    store.engine.dispose()


@pytest.mark.parametrize(
    "extra, message",
    [
        ("authorization_function = mymodule:check_request\n", "authorization_function"),
        ("", "insecure default password"),
    ],
    ids=["custom-authorization-function", "legacy-admin-password"],
)
def test_unsafe_configurations_refuse_to_start(pytestconfig, tmp_path_factory, extra, message):
    """A custom Python authorization hook, or the old default admin password: no start."""
    if pytestconfig.getoption("--target") != "trackway":
        pytest.skip("Trackway's start-up checks")
    workdir = tmp_path_factory.mktemp("badauth")
    ini = workdir / "basic_auth.ini"
    password = ADMIN_PASSWORD if extra else "password1234"
    ini.write_text(
        "[mlflow]\ndefault_permission = READ\n"
        f"database_uri = sqlite:///{workdir / 'basic_auth.db'}\n"
        f"admin_username = {ADMIN}\nadmin_password = {password}\n" + extra
    )
    with pytest.raises(RuntimeError) as e:
        servers.start_server(
            "trackway", "sqlite", workdir,
            jar=Path(pytestconfig.getoption("--jar")), java=pytestconfig.getoption("--java"),
            extra_args=["--app-name", "basic-auth"],
            extra_env={"MLFLOW_AUTH_CONFIG_PATH": str(ini)},
        )
    assert "exited" in str(e.value) and message in str(e.value), str(e.value)[-2000:]


def _rs256_token(private_key, claims: dict) -> str:
    import base64
    import json

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode()) + "." + b64(
        json.dumps(claims).encode())
    signature = private_key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64(signature)


def test_oidc_bearer_tokens_with_the_stock_client(pytestconfig, tmp_path_factory):
    """Trackway's addition: MLFLOW_TRACKING_TOKEN (a bearer token of an OIDC provider; here
    verified with a public key) names a user, created on first use."""
    if pytestconfig.getoption("--target") != "trackway":
        pytest.skip("OIDC bearer tokens are Trackway's addition")
    import time

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    public_key = "".join(line for line in public_pem.splitlines() if "-----" not in line)
    workdir = tmp_path_factory.mktemp("oidc")
    ini = _ini(workdir, f"sqlite:///{workdir / 'basic_auth.db'}")
    proc = servers.start_server(
        "trackway", "sqlite", workdir,
        jar=Path(pytestconfig.getoption("--jar")), java=pytestconfig.getoption("--java"),
        extra_args=["--app-name", "basic-auth"],
        extra_env={
            "MLFLOW_AUTH_CONFIG_PATH": str(ini),
            "MLFLOW_TRACKWAY_AUTH_OIDC_ENABLED": "true",
            "QUARKUS_OIDC_PUBLIC_KEY": public_key,
        },
    )
    try:
        now = int(time.time())
        token = _rs256_token(key, {"sub": "s-1", "preferred_username": "token-user",
                                   "iat": now, "exp": now + 600})
        saved = os.environ.get("MLFLOW_TRACKING_TOKEN")
        os.environ["MLFLOW_TRACKING_TOKEN"] = token
        try:
            with as_user(None):
                exp = _client(proc.url).create_experiment(f"token-exp-{uuid.uuid4().hex[:8]}")
                assert exp in [e.experiment_id for e in _client(proc.url).search_experiments()]
        finally:
            if saved is None:
                os.environ.pop("MLFLOW_TRACKING_TOKEN", None)
            else:
                os.environ["MLFLOW_TRACKING_TOKEN"] = saved
        r = requests.get(proc.url + "/api/2.0/mlflow/users/current",
                         headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200
        assert r.json()["user"]["username"] == "token-user"
        assert r.json()["is_basic_auth"] is False
        r = requests.get(proc.url + "/api/2.0/mlflow/users/current",
                         headers={"Authorization": "Bearer " + token[:-4] + "AAAA"})
        assert r.status_code == 401
    finally:
        proc.stop()


def test_auth_database_of_an_older_mlflow_is_upgraded(pytestconfig, tmp_path_factory):
    """An auth database at MLflow 3.5's revision (per-resource permission tables, no roles),
    made by MLflow's own migrations: Trackway upgrades it to 3.18's head and its experiment
    and registered-model permissions become per-user grants (MLflow's backfill)."""
    if pytestconfig.getoption("--target") != "trackway":
        pytest.skip("checks Trackway against a database made by MLflow")
    import sqlalchemy
    from werkzeug.security import generate_password_hash

    from mlflow.server.auth.db.utils import migrate

    workdir = tmp_path_factory.mktemp("oldauthdb")
    uri = f"sqlite:///{workdir / 'basic_auth.db'}"
    engine = sqlalchemy.create_engine(uri)
    migrate(engine, "2ed73881770d")  # workspace_permissions: the last revision before roles
    with engine.begin() as c:
        for i, (name, admin) in enumerate([(ADMIN, True), ("gina", False)], start=1):
            c.execute(sqlalchemy.text(
                "INSERT INTO users (id, username, password_hash, is_admin) VALUES (:i, :u, :h, :a)"),
                {"i": i, "u": name, "h": generate_password_hash(_password(name)), "a": admin})
        c.execute(sqlalchemy.text(
            "INSERT INTO experiment_permissions (experiment_id, user_id, permission)"
            " VALUES ('7', 2, 'EDIT')"))
        c.execute(sqlalchemy.text(
            "INSERT INTO registered_model_permissions (name, user_id, permission, workspace)"
            " VALUES ('old-model', 2, 'READ', 'default')"))
        c.execute(sqlalchemy.text(
            "INSERT INTO experiment_permissions (experiment_id, user_id, permission)"
            " VALUES ('8', 2, 'NO_PERMISSIONS')"))
    engine.dispose()
    proc = _start_auth_server(pytestconfig, workdir, uri)
    try:
        def perm(resource_type, resource_id):
            r = requests.get(proc.url + "/api/3.0/mlflow/users/permissions/get",
                             params={"username": "gina", "resource_type": resource_type,
                                     "resource_id": resource_id},
                             auth=("gina", _password("gina")))
            assert r.status_code == 200, r.text
            return r.json()["permission"]

        assert perm("experiment", "7") == "EDIT"
        assert perm("registered_model", "old-model") == "READ"
        assert perm("experiment", "8") == "NO_PERMISSIONS"  # dropped: falls back to the default
    finally:
        proc.stop()
    engine = sqlalchemy.create_engine(uri)
    with engine.connect() as c:
        version = c.execute(sqlalchemy.text("SELECT version_num FROM alembic_version_auth")).scalar()
        roles = c.execute(sqlalchemy.text("SELECT name FROM roles")).scalars().all()
    engine.dispose()
    assert version == "f1a2b3c4d5e6"
    assert roles == ["__user_2__"]
