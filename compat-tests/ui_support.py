"""Data and browser plumbing of the web UI tests (test_ui_pages.py).

`populate` logs, with the stock MLflow client only, what the UI pages show: two training runs
with metrics over 20 steps, params, tags, a dataset input, a text and a PNG artifact, a
scikit-learn model registered with an alias, a run of system metrics, a GenAI experiment with a
prompt in two versions, an evaluation run and a trace with nested spans. Evaluation datasets
cannot be created through Trackway yet, so when the test owns the server's database, MLflow's
own SQL store writes one into it (the way MLflow's server would).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = Path(os.environ.get("UI_SCREENSHOTS", REPO / "target" / "ui-screenshots"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class UiData:
    exp_id: str
    exp_name: str
    run_ids: list
    sys_run_id: str
    model_name: str
    logged_model_id: str
    genai_exp_id: str
    genai_exp_name: str
    prompt: str
    eval_run_id: str
    eval_dataset_id: str | None = None
    extra: dict = field(default_factory=dict)


def populate(tracking_uri: str, tag: str, sqlalchemy_uri: str | None = None) -> UiData:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import mlflow
    from mlflow import MlflowClient
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    mlflow.set_tracking_uri(tracking_uri)
    # the registry too: an earlier test module may have pointed mlflow's global registry URI at
    # a server it has stopped since (MlflowClient falls back to that global, not to tracking_uri)
    mlflow.set_registry_uri(tracking_uri)
    client = MlflowClient(tracking_uri, registry_uri=tracking_uri)
    exp_name = f"ui-demo-{tag}"
    exp_id = mlflow.create_experiment(exp_name)
    mlflow.set_experiment(experiment_id=exp_id)
    # sorts first (digits before letters in both databases' collations): the models page shows
    # the first 25 by name, and earlier test modules leave many models on the session server
    model_name = f"0-iris-classifier-{tag}"

    X, y = load_iris(return_X_y=True, as_frame=True)
    df = X.copy()
    df["target"] = y
    run_ids = []
    logged_model_id = None
    for i, c in enumerate([0.1, 1.0]):
        with mlflow.start_run(run_name=f"round-{i + 1}") as run:
            mlflow.log_params({"C": c, "solver": "lbfgs"})
            mlflow.set_tags({"team": "ui", "round": str(i + 1)})
            for step in range(20):
                mlflow.log_metric("loss", 1.0 / (step + 1 + i), step=step)
                mlflow.log_metric("accuracy", 0.5 + step * 0.02 + i * 0.01, step=step)
            ds = mlflow.data.from_pandas(df, source="iris.csv", name="iris", targets="target")
            mlflow.log_input(ds, context="training")
            with tempfile.TemporaryDirectory() as d:
                p = os.path.join(d, "notes.txt")
                with open(p, "w") as f:
                    f.write(f"round {i + 1}: C={c}\nhello artifacts\n")
                mlflow.log_artifact(p)
                fig, ax = plt.subplots(figsize=(3, 2))
                ax.plot(range(10), [v * v for v in range(10)])
                png = os.path.join(d, "plot.png")
                fig.savefig(png)
                plt.close(fig)
                mlflow.log_artifact(png, artifact_path="images")
            if i == 1:
                model = LogisticRegression(C=c, max_iter=200).fit(X, y)
                info = mlflow.sklearn.log_model(model, name="model", input_example=X.head(2),
                                                registered_model_name=model_name)
                logged_model_id = info.model_id
            run_ids.append(run.info.run_id)
    version = client.search_model_versions(f"name='{model_name}'")[0].version
    client.set_registered_model_alias(model_name, "champion", version)
    client.set_registered_model_tag(model_name, "owner", "ui")
    client.update_registered_model(model_name, description="Iris classifier for UI tests")

    # system metrics, logged under the names MLflow's system-metrics monitor uses
    with mlflow.start_run(run_name="sysmetrics") as run:
        for step in range(5):
            mlflow.log_metric("system/cpu_utilization_percentage", 10.0 + step, step=step)
            mlflow.log_metric("system/system_memory_usage_megabytes", 1000.0 + step, step=step)
        sys_run_id = run.info.run_id

    genai_name = f"genai-demo-{tag}"
    genai_id = mlflow.create_experiment(
        genai_name, tags={"mlflow.experimentKind": "genai_development"})
    mlflow.set_experiment(experiment_id=genai_id)
    prompt = f"greeting-{tag}"
    mlflow.genai.register_prompt(name=prompt, template="Hello {{name}}, how are you?",
                                 commit_message="first")
    mlflow.genai.register_prompt(name=prompt, template="Hi {{name}}!", commit_message="second")
    # an evaluation run as mlflow.genai.evaluate tags it (its traces need the tracing API)
    with mlflow.start_run(run_name="eval-run", tags={"mlflow.runType": "genai_evaluate"}) as run:
        mlflow.log_metric("exact/mean", 0.5)
        eval_run_id = run.info.run_id


    # a trace with nested spans, exported by the stock client (OTLP spans + StartTraceV3)
    trace_name = f"ui-agent-{tag}"

    @mlflow.trace(name=trace_name, span_type="AGENT")
    def agent(question):
        with mlflow.start_span(name="lookup-docs", span_type="TOOL") as span:
            span.set_inputs({"query": question})
            span.set_outputs({"hits": 2})
        return {"answer": question.upper()}

    question = f"what is {tag}?"
    agent(question)
    mlflow.flush_trace_async_logging()
    trace_id = mlflow.get_last_active_trace_id()

    data = UiData(exp_id=exp_id, exp_name=exp_name, run_ids=run_ids, sys_run_id=sys_run_id,
                  model_name=model_name, logged_model_id=logged_model_id,
                  genai_exp_id=genai_id, genai_exp_name=genai_name, prompt=prompt,
                  eval_run_id=eval_run_id)
    data.extra["trace_name"] = trace_name
    data.extra["trace_id"] = trace_id
    data.extra["trace_question"] = question
    if sqlalchemy_uri:
        data.eval_dataset_id = create_evaluation_dataset(sqlalchemy_uri, genai_id, f"eval-set-{tag}")
    return data


def create_evaluation_dataset(sqlalchemy_uri: str, experiment_id: str, name: str) -> str:
    """An evaluation dataset with one record, written by MLflow's own SQL store."""
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    store = SqlAlchemyStore(sqlalchemy_uri, tempfile.mkdtemp(prefix="ui-eval-"))
    try:
        ds = store.create_dataset(name=name, experiment_ids=[experiment_id],
                                  tags={"mlflow.user": "ui"})
        store.upsert_dataset_records(
            ds.dataset_id, [{"inputs": {"x": 1}, "expectations": {"expected": 4}}])
        return ds.dataset_id
    finally:
        try:
            store.engine.dispose()
        except Exception:
            pass


# --------------------------------------------------------------------------- pages


@dataclass
class Page:
    """A hash route, what proves it rendered, an optional click before checking, and what must
    not show once it has settled."""

    name: str
    route: str
    proof: str
    click: str | None = None
    selector: str | None = None
    absent: str | None = None  # text the page must not show (e.g. what the user may not read)


def pages(d: UiData) -> list[Page]:
    E, G = d.exp_id, d.genai_exp_id
    r1, r2 = d.run_ids
    m = d.logged_model_id
    q = urllib.parse.quote
    out = [
        Page("home", "/", "Welcome to MLflow"),
        Page("experiments-list", "/experiments", d.exp_name),
        Page("experiment-landing", f"/experiments/{E}", d.exp_name),
        Page("experiment-genai-overview", f"/experiments/{G}/overview", d.genai_exp_name),
        Page("runs-table", f"/experiments/{E}/runs", "round-1"),
        Page("runs-chart", f"/experiments/{E}/runs?compareRunsMode=CHART", "round-2 (loss)",
             selector=".js-plotly-plot"),
        Page("run-overview", f"/experiments/{E}/runs/{r2}", "Parameters (2)"),
        Page("run-model-metrics", f"/experiments/{E}/runs/{r2}/model-metrics", "accuracy",
             selector=".js-plotly-plot"),
        Page("run-system-metrics", f"/experiments/{E}/runs/{d.sys_run_id}/system-metrics",
             "cpu_utilization_percentage", selector=".js-plotly-plot"),
        Page("run-traces-tab", f"/experiments/{E}/runs/{r2}/traces", "round-2"),
        Page("run-artifacts", f"/experiments/{E}/runs/{r2}/artifacts", "notes.txt"),
        Page("run-artifact-text", f"/experiments/{E}/runs/{r2}/artifacts/notes.txt",
             "hello artifacts"),
        Page("run-artifact-image", f"/experiments/{E}/runs/{r2}/artifacts/images/plot.png",
             "plot.png", selector='img[alt="images/plot.png"]'),
        Page("run-logged-model", f"/experiments/{E}/runs/{r2}", f"{d.model_name}"),
        Page("compare-runs", "/compare-runs?runs=" + q(json.dumps([r1, r2]))
             + "&experiments=" + q(json.dumps([E])), "Comparing 2 Runs from 1 Experiment"),
        Page("models-list", "/models", d.model_name),
        Page("registered-model", f"/models/{d.model_name}", "Iris classifier for UI tests"),
        Page("model-version", f"/models/{d.model_name}/versions/1", "champion"),
        Page("logged-models-list", f"/experiments/{E}/models", "model"),
        Page("logged-model-detail", f"/experiments/{E}/models/{m}", m),
        Page("logged-model-artifacts", f"/experiments/{E}/models/{m}/artifacts", "MLmodel"),
        Page("logged-model-artifact-file", f"/experiments/{E}/models/{m}/artifacts", "flavors",
             click="MLmodel"),
        Page("datasets", f"/experiments/{G}/datasets",
             d.extra.get("eval_dataset_name", "Datasets")),
        Page("evaluation-runs", f"/experiments/{G}/evaluation-runs", "eval-run"),
        # the list shows the request preview (the trace's inputs), the detail its span tree
        Page("traces-list", f"/experiments/{G}/traces", d.extra.get("trace_question", "Traces")),
        Page("trace-detail",
             f"/experiments/{G}/traces?selectedEvaluationId={d.extra.get('trace_id')}",
             "lookup-docs"),
        Page("prompts-list", "/prompts", d.prompt),
        Page("prompt-detail", f"/prompts/{d.prompt}", "Hi {{name}}!"),
        Page("experiment-prompts", f"/experiments/{G}/prompts", d.prompt),
        Page("issues", f"/experiments/{G}/issues", "Issues"),
        Page("dashboard", f"/experiments/{G}/dashboard/usage", "Usage"),
        Page("sessions", f"/experiments/{G}/chat-sessions", "Sessions"),
        Page("judges", f"/experiments/{G}/judges", "Judges"),
        Page("review", f"/experiments/{G}/review-queue", "Review"),
        Page("playground", f"/experiments/{G}/playground", "Playground"),
        Page("agent-versions", f"/experiments/{G}/models", "Agent versions"),
        Page("gateway", "/gateway", "AI Gateway"),
        Page("settings", "/settings", "Theme preference"),
        Page("skills", "/skills", "Skills"),
        Page("mcp-registry", "/mcp-registry", "MCP"),
    ]
    if d.eval_dataset_id:
        out.append(Page("dataset-detail", f"/experiments/{G}/datasets/{d.eval_dataset_id}",
                        d.extra.get("eval_dataset_name", "eval-set")))
    return out


# --------------------------------------------------------------------------- checking one page

# What MLflow's own server also fails on every page: the UI asks for the signed-in user, which a
# server without basic auth answers 404 (the UI then runs without users).
ALLOWED_FAILURES = [re.compile(r"/ajax-api/2\.0/mlflow/users/current$")]
BENIGN_CONSOLE = [re.compile(r"ResizeObserver loop completed with undelivered notifications")]
# What MLflow's own server (--target mlflow) also fails: its model-version page first asks for a
# presigned download its server-info advertises but its artifact store cannot give (501), and
# its assistant routes answer 500 now and then right after start (an import race).
MLFLOW_KNOWN_FAILURES = [re.compile(r"/model-versions/get-artifact$"),
                         re.compile(r"/ajax-api/3\.0/mlflow/assistant/(config|providers)$")]


@dataclass
class PageReport:
    name: str
    url: str
    proof_found: bool = False
    failed: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    api_calls: list = field(default_factory=list)
    shown_absent: str | None = None
    seconds: float = 0.0
    screenshot: str = ""

    def problems(self) -> list[str]:
        out = []
        if not self.proof_found:
            out.append("the page's key content did not render")
        out += [f"request failed: {f}" for f in self.failed]
        out += [f"console error: {c}" for c in self.console_errors]
        out += [f"page error: {e}" for e in self.page_errors]
        if self.shown_absent:
            out.append(f"the page shows {self.shown_absent!r}, which it must not")
        return out


def _allowed(url: str, extra=()) -> bool:
    path = urllib.parse.urlparse(url).path
    return any(p.search(path) for p in [*ALLOWED_FAILURES, *extra])


def check_page(context, base_url: str, page_def: Page, shots: Path, settle: float = 1.0,
               timeout_ms: int = 45000, allowed=()) -> PageReport:
    """Opens one page in a new tab and records what failed.

    "Network idle" is judged on the server's API calls (Playwright's own notion never settles:
    the UI's telemetry worker script request is never reported finished).
    """
    report = PageReport(page_def.name, base_url + "/#" + page_def.route)
    page = context.new_page()
    t0 = time.monotonic()
    inflight = {}
    last_activity = [time.monotonic()]

    def ours(url):
        return url.startswith(base_url)

    def on_request(req):
        if ours(req.url) and req.resource_type in ("fetch", "xhr", "document"):
            inflight[id(req)] = req.url
            last_activity[0] = time.monotonic()

    def done(req):
        if inflight.pop(id(req), None) is not None:
            last_activity[0] = time.monotonic()

    def on_response(resp):
        url = resp.url
        if not ours(url):
            return
        if resp.request.resource_type in ("fetch", "xhr"):
            report.api_calls.append(f"{resp.request.method} {url[len(base_url):]} {resp.status}")
        if resp.status >= 400 and not _allowed(url, allowed):
            report.failed.append(f"{resp.request.method} {url[len(base_url):]} -> {resp.status}")

    def on_request_failed(req):
        done(req)
        # a request the page cancelled itself (navigation, an aborted fetch) did not fail
        if ours(req.url) and not _allowed(req.url, allowed) \
                and "ERR_ABORTED" not in (req.failure or ""):
            report.failed.append(f"{req.method} {req.url[len(base_url):]} -> {req.failure}")

    def on_console(msg):
        if msg.type != "error":
            return
        location = (msg.location or {}).get("url", "")
        if location and (_allowed(location, allowed) or not ours(location)):
            return  # the allowed 404, or a resource off the server (docs videos, no network here)
        if any(p.search(msg.text) for p in BENIGN_CONSOLE):
            return
        report.console_errors.append(msg.text[:500])

    page.on("request", on_request)
    page.on("requestfinished", done)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("console", on_console)
    page.on("pageerror", lambda e: report.page_errors.append(str(e)[:500]))

    def quiet(limit_s=20.0, calm_s=0.8):
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if not inflight and time.monotonic() - last_activity[0] >= calm_s:
                return
            page.wait_for_timeout(100)

    try:
        page.goto(report.url, wait_until="load", timeout=timeout_ms)
        quiet()
        if page_def.click:
            page.get_by_text(page_def.click, exact=True).first.click(timeout=timeout_ms)
        try:
            page.get_by_text(page_def.proof, exact=False).first.wait_for(timeout=timeout_ms)
            if page_def.selector:
                page.locator(page_def.selector).first.wait_for(timeout=timeout_ms)
                if page_def.selector.startswith("img"):
                    page.wait_for_function(
                        "sel => { const i = document.querySelector(sel);"
                        " return i && i.complete && i.naturalWidth > 0; }",
                        arg=page_def.selector, timeout=timeout_ms)
            report.proof_found = True
        except Exception:
            report.proof_found = False
        page.wait_for_timeout(int(settle * 1000))
        quiet()
        if page_def.absent and page.get_by_text(page_def.absent, exact=False).count():
            report.shown_absent = page_def.absent
    finally:
        shots.mkdir(parents=True, exist_ok=True)
        shot = shots / f"{page_def.name}.png"
        try:
            page.screenshot(path=str(shot))
            report.screenshot = str(shot)
        except Exception:
            pass
        report.seconds = round(time.monotonic() - t0, 1)
        page.close()
    return report


def block_external(context, base_url: str) -> None:
    """Requests off the server (docs videos, fonts) fail at once: there is no network in CI."""
    context.route(lambda url: not url.startswith(base_url) and not url.startswith("data:")
                  and not url.startswith("blob:"), lambda route: route.abort())


# --------------------------------------------------------------------------- the tests' plumbing


def chromium_or_skip():
    """Playwright's sync API, or a skip (a failure with TRACKWAY_REQUIRE_BROWSER=1, as in CI)."""
    import pytest

    missing = pytest.fail if os.environ.get("TRACKWAY_REQUIRE_BROWSER") == "1" else pytest.skip
    try:
        import playwright.sync_api as playwright
    except ImportError:
        missing("playwright is not installed (compat-tests/requirements.txt)")
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        missing(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    return playwright


@contextlib.contextmanager
def launched_browser():
    """Headless Chromium for a test module."""
    playwright = chromium_or_skip()
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def new_context(browser, base_url: str, credentials: tuple[str, str] | None = None):
    """A browser context for the server's pages; with credentials, logged in as a browser is
    after the basic-auth prompt (it sends them with every request to the server)."""
    kw = {}
    if credentials is not None:
        origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlparse(base_url))
        kw["http_credentials"] = {"username": credentials[0], "password": credentials[1],
                                  "origin": origin, "send": "always"}
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, **kw)
    block_external(ctx, base_url)
    return ctx


def assert_page(context, base_url: str, page_def: Page, shots: Path, allowed=()) -> PageReport:
    """Opens the page (check_page), keeps what it asked the server beside its screenshot, and
    fails with the page's problems."""
    report = check_page(context, base_url, page_def, shots, allowed=allowed)
    # what each page asked the server, kept beside its screenshot (docs: the pages and their calls)
    with open(shots / "api-calls.txt", "a") as calls:
        calls.write(f"{page_def.name} {report.url}\n" + "".join(f"  {c}\n" for c in report.api_calls))
    problems = report.problems()
    assert not problems, (
        f"{page_def.name} ({report.url}, screenshot {report.screenshot}):\n  " + "\n  ".join(problems)
        + "\nAPI calls:\n  " + "\n  ".join(report.api_calls))
    return report
