"""The stock MLflow 3.18 web UI, served by the server under test, in headless Chromium.

Data logged by the stock client (ui_support.populate), then every page the UI offers is opened
in a new tab: its key content must render (run name, metric charts, artifact previews, model
version, ...), no request to the server may fail and the browser console must stay free of
errors. The one exception is MLflow's own: the UI asks for the signed-in user, which a server
without basic auth answers 404 (MLflow's server does the same).

Screenshots are kept as test output under target/ui-screenshots/<backend>/ (UI_SCREENSHOTS
to change). Chromium is Debian's /usr/bin/chromium (CHROMIUM to change), driven by Playwright
without its browser download.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import servers
import ui_support as ui
from conftest import SESSION_TAG

PAGE_NAMES = [
    "home", "experiments-list", "experiment-landing", "experiment-genai-overview",
    "runs-table", "runs-chart", "run-overview", "run-model-metrics", "run-system-metrics",
    "run-traces-tab", "run-artifacts", "run-artifact-text", "run-artifact-image",
    "run-logged-model", "compare-runs", "models-list", "registered-model", "model-version",
    "logged-models-list", "logged-model-detail", "logged-model-artifacts",
    "logged-model-artifact-file", "datasets", "dataset-detail", "evaluation-runs",
    "traces-list", "trace-detail", "prompts-list", "prompt-detail", "experiment-prompts", "issues",
    "dashboard", "sessions", "judges", "review", "playground", "agent-versions", "gateway",
    "settings", "skills", "mcp-registry",
]


@pytest.fixture(scope="module")
def browser():
    with ui.launched_browser() as b:
        yield b


@pytest.fixture(scope="module")
def ui_data(server, tracking_uri):
    backend = server.process.backend if server.process is not None else None
    sqlalchemy_uri = backend.uri_for("mlflow") if backend is not None else None
    data = ui.populate(server.url, SESSION_TAG, sqlalchemy_uri)
    data.extra["eval_dataset_name"] = f"eval-set-{SESSION_TAG}"
    return data


@pytest.fixture(scope="module")
def page_context(browser, server):
    # one context for all pages: the UI's files are fetched once (and cached as MLflow allows)
    ctx = ui.new_context(browser, server.url)
    yield ctx
    ctx.close()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page(name, ui_data, page_context, server):
    pages = {p.name: p for p in ui.pages(ui_data)}
    if name not in pages:
        pytest.skip("needs an evaluation dataset, written through the server's own database")
    ui.assert_page(page_context, server.url, pages[name], ui.SCREENSHOTS / server.backend,
                   allowed=ui.MLFLOW_KNOWN_FAILURES if not server.is_trackway else ())


# --------------------------------------------------------------------------- --static-prefix


@pytest.fixture(scope="module")
def prefixed_server(pytestconfig, tmp_path_factory, server):
    if not server.is_trackway or server.process is None:
        pytest.skip("starts its own Trackway with --static-prefix")
    proc = servers.start_server(
        "trackway", pytestconfig.getoption("--backend"),
        tmp_path_factory.mktemp("trackway-prefixed"),
        jar=Path(pytestconfig.getoption("--jar")),
        java=pytestconfig.getoption("--java"),
        extra_args=["--static-prefix", "/mlflow"], url_prefix="/mlflow")
    try:
        yield proc
    finally:
        proc.stop()


def test_pages_under_static_prefix(prefixed_server, browser):
    """The UI and every API call it makes live under the prefix (MLflow: --static-prefix)."""
    import mlflow
    from mlflow import MlflowClient

    base = prefixed_server.url
    client = MlflowClient(base)
    exp = client.create_experiment(f"prefixed-{SESSION_TAG}")
    run = client.create_run(exp, run_name="prefixed-run")
    for step in range(5):
        client.log_metric(run.info.run_id, "loss", 1.0 / (step + 1), step=step)
    client.set_terminated(run.info.run_id)
    mlflow.set_tracking_uri(base)
    E, R = exp, run.info.run_id
    checks = [
        ui.Page("prefix-home", "/", "Welcome to MLflow"),
        ui.Page("prefix-run", f"/experiments/{E}/runs/{R}", "prefixed-run"),
        ui.Page("prefix-chart", f"/experiments/{E}/runs/{R}/model-metrics", "loss",
                selector=".js-plotly-plot"),
    ]
    ctx = ui.new_context(browser, base.rsplit("/mlflow", 1)[0])
    try:
        for page in checks:
            report = ui.check_page(ctx, base, page, ui.SCREENSHOTS / "static-prefix")
            assert not report.problems(), (page.name, report.problems(), report.api_calls)
            assert all(" /" in c for c in report.api_calls), report.api_calls
    finally:
        ctx.close()
