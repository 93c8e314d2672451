"""Fixtures of the compat-test suite.

Options (each also settable through an environment variable):
  --target trackway|mlflow   COMPAT_TARGET   server under test (default trackway)
  --backend sqlite|mysql     COMPAT_BACKEND  backend store kind (default sqlite)
  --url http://host:port     COMPAT_URL      use an already running server, start nothing
  --jar PATH                 TRACKWAY_JAR    Trackway jar (default target/quarkus-app/quarkus-run.jar)
  --executable PATH          TRACKWAY_EXECUTABLE  start this (native) executable instead of java -jar
  --java PATH                JAVA            java executable (default: java)

Each session gets a fresh backend store (a temp SQLite file, or a freshly created
MariaDB database) and starts each server once.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

# Before mlflow is imported anywhere: no telemetry, and fail fast instead of retrying
# 5xx answers with exponential back-off (which would turn a failing test into minutes).
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "60")

import pytest
import requests

import servers

TARGETS = ("trackway", "mlflow")
BACKENDS = ("sqlite", "mysql")


def pytest_addoption(parser):
    g = parser.getgroup("compat", "Trackway MLflow-compatibility tests")
    g.addoption("--target", choices=TARGETS, default=os.environ.get("COMPAT_TARGET", "trackway"),
                help="server under test: trackway (the jar) or mlflow (the reference server)")
    g.addoption("--backend", choices=BACKENDS, default=os.environ.get("COMPAT_BACKEND", "sqlite"),
                help="backend store kind; each session gets a fresh database")
    g.addoption("--url", default=os.environ.get("COMPAT_URL"),
                help="test an already running server at this URL instead of starting one")
    g.addoption("--jar", default=os.environ.get("TRACKWAY_JAR", str(servers.DEFAULT_JAR)),
                help="path of the Trackway jar (quarkus-run.jar)")
    g.addoption("--java", default=os.environ.get("JAVA", "java"), help="java executable")
    g.addoption("--executable", default=os.environ.get("TRACKWAY_EXECUTABLE"),
                help="start this Trackway executable (the native build, target/*-runner) instead of "
                     "java -jar; it gets the same options")


def pytest_configure(config):
    exe = config.getoption("--executable", default=None)
    servers.EXECUTABLE = str(Path(exe).resolve()) if exe else None


def pytest_report_header(config):
    url = config.getoption("--url")
    where = f"running server {url}" if url else "servers started by the fixtures"
    if not url and servers.EXECUTABLE:
        where += f", Trackway = {servers.EXECUTABLE}"
    return (f"compat target={config.getoption('--target')} backend={config.getoption('--backend')}"
            f" ({where})")


# --------------------------------------------------------------------------- server fixtures


class Server:
    """What a test needs to know about the server under test."""

    def __init__(self, url: str, target: str, backend: str, process: servers.ServerProcess | None):
        self.url = url.rstrip("/")
        self.target = target
        self.backend = backend
        self.process = process

    @property
    def is_trackway(self) -> bool:
        return self.target == "trackway"

    def __repr__(self):
        return f"Server({self.target}, {self.backend}, {self.url})"


@pytest.fixture(scope="session")
def target(pytestconfig) -> str:
    return pytestconfig.getoption("--target")


@pytest.fixture(scope="session")
def backend_kind(pytestconfig) -> str:
    return pytestconfig.getoption("--backend")


def _start(pytestconfig, tmp_path_factory, target: str) -> servers.ServerProcess:
    workdir = tmp_path_factory.mktemp(f"{target}-{pytestconfig.getoption('--backend')}")
    try:
        return servers.start_server(
            target,
            pytestconfig.getoption("--backend"),
            workdir,
            jar=Path(pytestconfig.getoption("--jar")),
            java=pytestconfig.getoption("--java"),
        )
    except Exception as e:
        pytest.fail(f"could not start the {target} server: {e}", pytrace=False)


@pytest.fixture(scope="session")
def server(pytestconfig, tmp_path_factory) -> Server:
    """The server under test (started once per session unless --url is given)."""
    target = pytestconfig.getoption("--target")
    backend = pytestconfig.getoption("--backend")
    url = pytestconfig.getoption("--url")
    if url:
        yield Server(url, target, backend, None)
        return
    proc = _start(pytestconfig, tmp_path_factory, target)
    try:
        yield Server(proc.url, target, backend, proc)
    finally:
        proc.stop()


@pytest.fixture(scope="session")
def reference_server(pytestconfig, tmp_path_factory, server) -> Server:
    """MLflow's own server on the same kind of backend (its own fresh database).

    Only for the differential tests, which only make sense when the server under test
    is Trackway.
    """
    if server.target != "trackway":
        pytest.skip("differential tests compare Trackway against MLflow; run with --target trackway")
    proc = _start(pytestconfig, tmp_path_factory, "mlflow")
    try:
        yield Server(proc.url, "mlflow", pytestconfig.getoption("--backend"), proc)
    finally:
        proc.stop()


@pytest.fixture(scope="session")
def tracking_uri(server) -> str:
    import mlflow

    mlflow.set_tracking_uri(server.url)
    os.environ["MLFLOW_TRACKING_URI"] = server.url
    return server.url


@pytest.fixture
def client(tracking_uri):
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri)


@pytest.fixture(autouse=True)
def _no_leaked_active_run():
    yield
    import sys

    if "mlflow" in sys.modules:
        import mlflow

        while mlflow.active_run() is not None:
            mlflow.end_run()


# --------------------------------------------------------------------------- naming helpers

SESSION_TAG = uuid.uuid4().hex[:8]


@pytest.fixture
def unique(request):
    """unique('exp') -> 'compat-<test>-exp-<session>-<n>': unique per test and session."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name)[:60]
    counter = iter(range(1_000_000))

    def make(label: str = "x") -> str:
        return f"compat-{base}-{label}-{SESSION_TAG}-{next(counter)}"

    return make


@pytest.fixture
def experiment_id(client, unique) -> str:
    """A fresh experiment for the test."""
    return client.create_experiment(unique("exp"))


# --------------------------------------------------------------------------- raw HTTP


class Api:
    """Raw HTTP access, the way the UI and other non-Python clients talk to the server."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()

    def url(self, path: str, prefix: str = "/api/2.0") -> str:
        if path.startswith("/"):
            return self.base_url + path
        return f"{self.base_url}{prefix}/mlflow/{path}"

    def get(self, path: str, params=None, prefix: str = "/api/2.0", **kw) -> requests.Response:
        return self.session.get(self.url(path, prefix), params=params, timeout=60, **kw)

    def post(self, path: str, body=None, prefix: str = "/api/2.0", **kw) -> requests.Response:
        return self.session.post(self.url(path, prefix), json=body if body is not None else {},
                                 timeout=60, **kw)

    def request(self, method: str, path: str, prefix: str = "/api/2.0", **kw) -> requests.Response:
        kw.setdefault("timeout", 60)
        return self.session.request(method, self.url(path, prefix), **kw)


@pytest.fixture(scope="session")
def api(server) -> Api:
    return Api(server.url)


def error_of(response: requests.Response) -> dict:
    """The MLflow-style error JSON of a failed response (asserting its shape)."""
    ctype = response.headers.get("Content-Type", "")
    assert "application/json" in ctype, (
        f"error answer is not JSON: HTTP {response.status_code} {ctype!r}: {response.text[:300]!r}"
    )
    body = response.json()
    assert isinstance(body, dict), body
    assert isinstance(body.get("error_code"), str), f"no error_code in {body}"
    assert isinstance(body.get("message"), str), f"no message in {body}"
    return body


def assert_mlflow_error(response: requests.Response, status: int, error_code: str) -> dict:
    body = error_of(response)
    assert (response.status_code, body["error_code"]) == (status, error_code), (
        f"expected HTTP {status} {error_code}, got HTTP {response.status_code} {body}"
    )
    return body


# --------------------------------------------------------------------------- failure diagnostics


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("setup", "call"):
        for proc in servers.STARTED:
            report.sections.append(
                (f"{proc.name} server log tail ({proc.log_path})", proc.log_tail(40))
            )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for proc in servers.STARTED:
        terminalreporter.write_line(f"{proc.name} server log: {proc.log_path}")
