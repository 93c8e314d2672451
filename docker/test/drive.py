"""Drives Trackway containers with the stock MLflow client (scripts/container-test.sh).

    python drive.py scenario URL            experiments, runs, log-batch, artifacts, model log + load
    python drive.py replicas URL_A URL_B    concurrent writers on two replicas; every write read back
                                            through both
    python drive.py metrics URL [MIN_LOG_BATCH]   scrape /q/metrics and check names, labels, counts

Each command prints one line per check and exits non-zero on the first failure.
"""

import hashlib
import os
import re
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag


def ok(msg):
    print(f"  ok  {msg}", flush=True)


def fail(msg):
    print(f"  FAIL {msg}", flush=True)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)
    ok(msg)


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _files(tmp):
    """A small artifact tree with a binary file; returns {relative path: sha256}."""
    os.makedirs(os.path.join(tmp, "sub"), exist_ok=True)
    data = {
        "notes.txt": b"hello from the container test\n",
        "sub/blob.bin": os.urandom(300_000),
    }
    for rel, content in data.items():
        with open(os.path.join(tmp, rel), "wb") as f:
            f.write(content)
    return {rel: hashlib.sha256(c).hexdigest() for rel, c in data.items()}


def _sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# --------------------------------------------------------------------------- scenario

def scenario(url):
    mlflow.set_tracking_uri(url)
    client = MlflowClient(url)
    name = unique("ct-exp")
    exp_id = client.create_experiment(name, tags={"purpose": "container-test"})
    check(client.get_experiment_by_name(name).experiment_id == exp_id, "experiment created and found by name")

    run = client.create_run(exp_id, run_name="ct-run", tags={"stage": "test"})
    run_id = run.info.run_id
    now = int(time.time() * 1000)
    metrics = [Metric("loss", 1.0 / (s + 1), now + s, s) for s in range(200)]
    client.log_batch(run_id, metrics=metrics, params=[Param("lr", "0.01"), Param("depth", "4")],
                     tags=[RunTag("batch", "yes")])
    history = client.get_metric_history(run_id, "loss")
    check(len(history) == 200 and [m.step for m in history] == list(range(200)), "log-batch: 200 metric steps read back")
    data = client.get_run(run_id).data
    check(data.params == {"lr": "0.01", "depth": "4"} and data.tags.get("batch") == "yes", "log-batch: params and tags")

    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src")
        expected = _files(src)
        client.log_artifacts(run_id, src)
        listed = sorted(f.path for f in client.list_artifacts(run_id))
        check(listed == ["notes.txt", "sub"], f"artifacts listed: {listed}")
        dst = client.download_artifacts(run_id, "", os.path.join(tmp, "dst"))
        got = {rel: _sha(os.path.join(dst, rel)) for rel in expected}
        check(got == expected, "artifacts: uploaded and downloaded byte for byte")
    client.set_terminated(run_id)
    check(client.get_run(run_id).info.status == "FINISHED", "run finished")
    found = client.search_runs([exp_id], filter_string="params.lr = '0.01' and metrics.loss < 0.01")
    check([r.info.run_id for r in found] == [run_id], "search_runs with a filter")

    import numpy as np
    from sklearn.linear_model import LogisticRegression
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    trained = LogisticRegression().fit(X, y)
    with mlflow.start_run(experiment_id=exp_id) as r:
        info = mlflow.sklearn.log_model(trained, name="model", input_example=X[:2])
    loaded = mlflow.sklearn.load_model(f"runs:/{r.info.run_id}/model")
    check(list(loaded.predict(X)) == list(trained.predict(X)), "sklearn model logged and loaded (runs:/)")
    loaded = mlflow.pyfunc.load_model(info.model_uri)
    check(list(loaded.predict(X)) == list(trained.predict(X)), f"pyfunc load of {info.model_uri}")
    print(f"experiment {exp_id} run {run_id}")


# --------------------------------------------------------------------------- replicas

def replicas(url_a, url_b, writers=8, runs_per_writer=3, batches=5):
    clients = {url_a: MlflowClient(url_a), url_b: MlflowClient(url_b)}
    exp_id = clients[url_a].create_experiment(unique("ct-replicas"))
    created = []  # (run_id, writer, url)
    errors = []
    lock = threading.Lock()

    def writer(i):
        try:
            url = url_a if i % 2 == 0 else url_b
            other = url_b if url == url_a else url_a
            c = MlflowClient(url)
            for j in range(runs_per_writer):
                run_id = c.create_run(exp_id, run_name=f"w{i}-r{j}").info.run_id
                for b in range(batches):
                    # alternate replicas inside one run: both write the same rows
                    cc = c if b % 2 == 0 else MlflowClient(other)
                    ms = [Metric("m", float(b * 10 + k), 1000 + b * 10 + k, b * 10 + k) for k in range(10)]
                    cc.log_batch(run_id, metrics=ms, params=[Param(f"p{b}", str(b))], tags=[RunTag(f"t{b}", url)])
                with tempfile.TemporaryDirectory() as tmp:
                    p = os.path.join(tmp, f"w{i}-r{j}.txt")
                    with open(p, "w") as f:
                        f.write(f"{run_id}\n" * 100)
                    c.log_artifact(run_id, p)
                c.set_terminated(run_id)
                with lock:
                    created.append((run_id, i, j))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(f"writer {i}: {e!r}")

    t0 = time.time()
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(not errors, f"{writers} concurrent writers over both replicas without errors {errors[:3]}")
    total = writers * runs_per_writer
    ok(f"{total} runs, {total * batches} log-batch requests in {time.time() - t0:.1f} s")

    expected_ids = sorted(r for r, _, _ in created)
    for url, c in clients.items():
        ids = sorted(r.info.run_id for r in c.search_runs([exp_id], max_results=1000))
        check(ids == expected_ids, f"{url}: search_runs sees all {total} runs")
        for run_id, i, j in created:
            run = c.get_run(run_id)
            hist = c.get_metric_history(run_id, "m")
            if sorted(m.step for m in hist) != list(range(batches * 10)):
                fail(f"{url}: run {run_id} metric history incomplete: {len(hist)} points")
            if run.data.params != {f"p{b}": str(b) for b in range(batches)}:
                fail(f"{url}: run {run_id} params {run.data.params}")
            if run.info.status != "FINISHED":
                fail(f"{url}: run {run_id} status {run.info.status}")
            with tempfile.TemporaryDirectory() as tmp:
                p = c.download_artifacts(run_id, f"w{i}-r{j}.txt", tmp)
                with open(p) as f:
                    if f.read() != f"{run_id}\n" * 100:
                        fail(f"{url}: run {run_id} artifact differs")
        ok(f"{url}: every run's metrics ({batches * 10} steps), params, status and artifact read back")


# --------------------------------------------------------------------------- metrics

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_prometheus(text):
    samples = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        m = SAMPLE.match(line.strip())
        if not m:
            fail(f"unparseable metrics line: {line!r}")
        labels = dict(LABEL.findall(m.group(2) or ""))
        samples.append((m.group(1), labels, float(m.group(3))))
    return samples


def metrics(url, min_log_batch=1):
    req = urllib.request.Request(url.rstrip("/") + "/q/metrics", headers={"Accept": "text/plain; version=0.0.4"})
    with urllib.request.urlopen(req, timeout=10) as r:
        text = r.read().decode()
        ctype = r.headers.get("Content-Type", "")
    check(ctype.startswith("text/plain"), f"/q/metrics answers Prometheus text ({ctype})")
    samples = parse_prometheus(text)
    names = {n for n, _, _ in samples}
    for name in ["http_server_requests_seconds_count", "http_server_requests_seconds_sum",
                 "http_server_requests_seconds_bucket", "agroal_active_count", "agroal_available_count",
                 "agroal_awaiting_count", "trackway_log_batch_rows_total",
                 "trackway_artifacts_transferred_bytes_total", "jvm_memory_used_bytes"]:
        check(name in names, f"metric {name} present")
    uris = {l.get("uri") for n, l, _ in samples if n == "http_server_requests_seconds_count"}
    check(all(u and re.search(r"[0-9a-f]{32}", u) is None for u in uris), f"{len(uris)} uri labels, all templates (no run ids)")
    lb = sum(v for n, l, v in samples if n == "http_server_requests_seconds_count"
             and l.get("uri") == "/{prefix}/2.0/mlflow/runs/log-batch" and l.get("status") == "200"
             and l.get("method") == "POST")
    check(lb >= min_log_batch, f"log-batch requests counted: {lb:.0f} >= {min_log_batch}")
    buckets = [l["le"] for n, l, _ in samples if n == "http_server_requests_seconds_bucket"
               and l.get("uri") == "/{prefix}/2.0/mlflow/runs/log-batch" and l.get("status") == "200"]
    check("0.005" in buckets and "+Inf" in buckets, f"latency buckets for log-batch ({len(buckets)})")
    rows = {l.get("kind"): v for n, l, v in samples if n == "trackway_log_batch_rows_total"}
    check(rows.get("metric", 0) > 0, f"log-batch rows counted: {rows}")
    moved = {l.get("direction"): v for n, l, v in samples if n == "trackway_artifacts_transferred_bytes_total"}
    check(moved.get("up", 0) > 0 and moved.get("down", 0) > 0, f"artifact bytes counted: {moved}")
    pool = [l.get("datasource") for n, l, _ in samples if n == "agroal_active_count"]
    check(pool == ["mysql"], f"pool gauges of the mysql datasource: {pool}")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"scenario": scenario, "replicas": replicas, "metrics": metrics}[cmd](
        *[int(a) if a.isdigit() and cmd == "metrics" else a for a in args])
