"""The web UI with access control on (issue 12): a server started with ``--app-name basic-auth``.

The browser logs in with HTTP basic credentials (sent with every request, as a browser does after
the basic-auth prompt), as the admin and as a user who may only READ the UI test data (its
experiments, registered model and prompt). The admin sees every page of test_ui_pages.py plus the
account and user-administration pages; the reader sees a subset, and the lists show what they may
read and not what they may not (an experiment and a registered model nobody granted them). Without
credentials the UI answers 401 with ``WWW-Authenticate``. MLflow's sign-up form (``/signup``) is
filled in by the admin, and the new user then logs in.

With ``--target mlflow`` the same tests run against ``mlflow server --app-name basic-auth``
(needs Flask-WTF), which is how the expectations were checked. Screenshots go to
target/ui-screenshots/auth-<backend>/.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest
import requests

import servers
import ui_support as ui
from conftest import SESSION_TAG
from test_auth import ADMIN, ADMIN_PASSWORD, _ini  # the same ini and admin as the API tests
from test_ui_pages import PAGE_NAMES

READER = "ui-reader"
READER_PASSWORD = "ui-reader-password"
CREDENTIALS = {ADMIN: (ADMIN, ADMIN_PASSWORD), READER: (READER, READER_PASSWORD)}

# what the reader opens: lists, the granted experiment's runs and models, traces, prompts, account
READER_PAGES = [
    "home", "experiments-list", "experiment-landing", "runs-table", "run-overview",
    "run-model-metrics", "run-artifact-text", "compare-runs", "models-list", "registered-model",
    "model-version", "logged-model-detail", "traces-list", "prompts-list", "account",
    "account-permissions",
]
# the admin: every page of test_ui_pages.py and the user administration
ADMIN_PAGES = PAGE_NAMES + ["account", "admin-users", "admin-user-permissions"]


@pytest.fixture(scope="module")
def auth_server(pytestconfig, tmp_path_factory):
    """The server under test with basic auth on, over the session's kind of backend (Trackway's
    auth database on the same vendor; MLflow's stays SQLite, its migrations fail on MariaDB)."""
    if pytestconfig.getoption("--url"):
        pytest.skip("starts its own server with --app-name basic-auth")
    target = pytestconfig.getoption("--target")
    backend = pytestconfig.getoption("--backend")
    if target == "mlflow":
        pytest.importorskip("flask_wtf", reason="mlflow server --app-name basic-auth needs Flask-WTF")
    workdir = tmp_path_factory.mktemp("ui-auth")
    auth_mysql = servers.MysqlBackend("uiauth") if backend == "mysql" and target == "trackway" \
        else None
    auth_uri = auth_mysql.uri_for(target) if auth_mysql \
        else f"sqlite:///{(workdir / 'basic_auth.db').resolve()}"
    try:
        proc = servers.start_server(
            target, backend, workdir,
            jar=Path(pytestconfig.getoption("--jar")), java=pytestconfig.getoption("--java"),
            extra_args=["--app-name", "basic-auth"],
            extra_env={"MLFLOW_AUTH_CONFIG_PATH": str(_ini(workdir, auth_uri)),
                       "MLFLOW_FLASK_SERVER_SECRET_KEY": "compat-tests-secret"})
    except Exception:
        if auth_mysql:
            auth_mysql.cleanup()
        raise
    try:
        yield proc
    finally:
        proc.stop()
        if auth_mysql:
            auth_mysql.cleanup()


@contextlib.contextmanager
def _as_admin_keeping_mlflow_globals():
    """The stock client as the admin; afterwards mlflow's global tracking/registry URI and active
    experiment are what they were (later modules use the session's server)."""
    import mlflow
    from mlflow.tracking import fluent
    from mlflow.tracking._model_registry import utils as registry_utils
    from mlflow.tracking._tracking_service import utils as tracking_utils

    names = ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_URI",
             "MLFLOW_REGISTRY_URI", "MLFLOW_EXPERIMENT_ID")
    env = {k: os.environ.get(k) for k in names}
    tracking_uri, registry_uri = tracking_utils._tracking_uri, registry_utils._registry_uri
    experiment = fluent._active_experiment_id
    os.environ["MLFLOW_TRACKING_USERNAME"], os.environ["MLFLOW_TRACKING_PASSWORD"] = \
        CREDENTIALS[ADMIN]
    try:
        yield
    finally:
        mlflow.set_tracking_uri(tracking_uri)
        registry_utils._registry_uri = registry_uri
        fluent._active_experiment_id = experiment
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _admin_api(url: str, method: str, path: str, body: dict) -> dict:
    r = requests.request(method, url + path, json=body, auth=CREDENTIALS[ADMIN], timeout=60)
    assert r.status_code == 200, (path, r.status_code, r.text)
    return r.json()


@pytest.fixture(scope="module")
def auth_data(auth_server):
    """The UI test data, logged by the admin; the reader may READ its experiments, registered
    model and prompt, and nothing else (a second experiment and model exist for the admin only)."""
    url = auth_server.url
    sqlalchemy_uri = auth_server.backend.uri_for("mlflow")
    with _as_admin_keeping_mlflow_globals():
        data = ui.populate(url, SESSION_TAG, sqlalchemy_uri)
    data.extra["eval_dataset_name"] = f"eval-set-{SESSION_TAG}"
    hidden_exp = f"hidden-exp-{SESSION_TAG}"
    hidden_model = f"0-hidden-model-{SESSION_TAG}"  # sorts before the granted one
    _admin_api(url, "POST", "/api/2.0/mlflow/experiments/create", {"name": hidden_exp})
    _admin_api(url, "POST", "/api/2.0/mlflow/registered-models/create", {"name": hidden_model})
    _admin_api(url, "POST", "/api/2.0/mlflow/users/create",
               {"username": READER, "password": READER_PASSWORD})
    for resource_type, resource_id in [("experiment", data.exp_id),
                                       ("experiment", data.genai_exp_id),
                                       ("registered_model", data.model_name),
                                       ("prompt", data.prompt)]:
        _admin_api(url, "POST", "/api/3.0/mlflow/users/permissions/grant",
                   {"username": READER, "resource_type": resource_type,
                    "resource_id": resource_id, "permission": "READ"})
    data.extra.update(hidden_exp=hidden_exp, hidden_model=hidden_model)
    return data


def _pages(data, user: str) -> dict:
    pages = {p.name: p for p in ui.pages(data)}
    E = data.exp_id
    if user == READER:  # the admin sees them all
        pages["experiments-list"].absent = data.extra["hidden_exp"]
        pages["models-list"].absent = data.extra["hidden_model"]
    extra = [
        ui.Page("account", "/account", f"Logged in as {user}"),
        # the account's permissions tab lists the user's grants
        ui.Page("account-permissions", "/account", f"experiment:{E}", click="Permissions"),
        ui.Page("admin-users", "/admin", READER),
        ui.Page("admin-user-permissions", f"/admin/users/{READER}", f"experiment:{E}",
                click="Permissions"),
    ]
    pages.update({p.name: p for p in extra})
    return pages


@pytest.fixture(scope="module")
def browser():
    with ui.launched_browser() as b:
        yield b


@pytest.fixture(scope="module")
def contexts(browser, auth_server):
    """One logged-in browser context per user (the UI's files are fetched once each)."""
    made = {}

    def get(user):
        if user not in made:
            made[user] = ui.new_context(browser, auth_server.url, CREDENTIALS[user])
        return made[user]

    yield get
    for ctx in made.values():
        ctx.close()


@pytest.mark.parametrize("user, name", [(ADMIN, n) for n in ADMIN_PAGES]
                         + [(READER, n) for n in READER_PAGES])
def test_page_logged_in(user, name, auth_data, contexts, auth_server, pytestconfig, request):
    pages = _pages(auth_data, user)
    if name not in pages:
        pytest.skip("needs an evaluation dataset, written through the server's own database")
    is_trackway = pytestconfig.getoption("--target") == "trackway"
    ui.assert_page(contexts(user), auth_server.url, pages[name],
                   ui.SCREENSHOTS / f"auth-{pytestconfig.getoption('--backend')}" / user,
                   allowed=ui.MLFLOW_KNOWN_FAILURES if not is_trackway else ())


def test_ui_needs_credentials(auth_server, browser):
    r = requests.get(auth_server.url + "/", timeout=30)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == 'Basic realm="mlflow"'
    # the browser, with nobody logged in: the server asks for credentials, the browser has none
    # to give (headless Chromium cancels its prompt) and shows no page
    ctx = ui.new_context(browser, auth_server.url)
    try:
        page = ctx.new_page()
        answers = []
        page.on("response", lambda resp: answers.append(
            (resp.status, resp.headers.get("www-authenticate"))))
        with pytest.raises(Exception, match="ERR_INVALID_AUTH_CREDENTIALS"):
            page.goto(auth_server.url + "/")
        assert answers in ([], [(401, 'Basic realm="mlflow"')]), answers
    finally:
        ctx.close()
    # a wrong password is no better
    r = requests.get(auth_server.url + "/", auth=(ADMIN, "wrong-password-1"), timeout=30)
    assert r.status_code == 401


def _signup(ctx, base: str, username: str, password: str) -> list[str]:
    """Fills and sends the sign-up form; returns the alerts it showed, once the page it goes to
    has loaded."""
    page = ctx.new_page()
    alerts = []

    def on_dialog(dialog):
        alerts.append(dialog.message)
        dialog.accept()

    page.on("dialog", on_dialog)
    try:
        resp = page.goto(base + "/signup")
        assert resp.status == 200, resp.status
        page.fill('input[name="username"]', username)
        page.fill('input[name="password"]', password)
        with page.expect_navigation():  # the post's answer, which alerts and goes on
            page.locator('[type="submit"]').click()
        page.wait_for_url(lambda u: "create-ui" not in u, timeout=30000)
        alerts.append("-> " + page.url.split("#")[0][len(base):])
        return alerts
    finally:
        page.close()


def test_signup_form_creates_a_user_who_can_log_in(auth_server, contexts, browser):
    base = auth_server.url
    name, password = f"signed-up-{SESSION_TAG}", f"signed-up-{SESSION_TAG}-pw"
    assert _signup(contexts(ADMIN), base, name, password) == [
        f"Successfully signed up user: {name}", "-> /"]
    # the new user logs in; the home page and their account page render
    ctx = ui.new_context(browser, base, (name, password))
    try:
        for page in [ui.Page("signed-up-home", "/", "Welcome to MLflow"),
                     ui.Page("signed-up-account", "/account", f"Logged in as {name}")]:
            ui.assert_page(ctx, base, page, ui.SCREENSHOTS / "auth-signup")
    finally:
        ctx.close()
    r = requests.get(base + "/api/2.0/mlflow/users/current", auth=(name, password), timeout=30)
    assert r.status_code == 200 and r.json()["user"] == {
        "id": r.json()["user"]["id"], "is_admin": False, "username": name}
    # the same name again: taken, back to the form
    assert _signup(contexts(ADMIN), base, name, password + "-2") == [
        f"Username has already been taken: {name}", "-> /signup"]


def test_signup_is_for_admins(auth_server, auth_data, contexts):
    page = contexts(READER).new_page()
    try:
        resp = page.goto(auth_server.url + "/signup")
        assert resp.status == 403
        assert re.search(r"Permission denied", page.content())
    finally:
        page.close()
