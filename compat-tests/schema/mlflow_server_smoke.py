#!/usr/bin/env python3
"""Start MLflow's own server on a database and drive it with the MLflow client.

Proves a Trackway-created database opens in MLflow unchanged: the server must start without asking
for a migration, and the usual client calls must work. Also probes case sensitivity of keys (the
reason Trackway uses utf8mb4_bin on MySQL key columns).

    python mlflow_server_smoke.py sqlite:////tmp/ours.db
    python mlflow_server_smoke.py 'mysql+pymysql://root@localhost/db?unix_socket=/run/mysqld/mysqld.sock' --case-probe

Functions usable from pytest: run_mlflow_server(uri) (context manager yielding the base URL),
client_smoke(url) and case_probe(url).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def run_mlflow_server(backend_uri: str, timeout: float = 90):
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="tw-mlflow-srv-")
    log_path = Path(workdir) / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(VENV_BIN / "mlflow"), "server", "--backend-store-uri", backend_uri,
             "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            cwd=workdir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"mlflow server exited ({proc.returncode}):\n{log_path.read_text()[-4000:]}")
            try:
                if requests.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.time() > deadline:
                raise RuntimeError(f"mlflow server did not come up:\n{log_path.read_text()[-4000:]}")
            time.sleep(0.5)
        # the tracking store is created lazily: touch it, then look for migration complaints
        r = requests.get(f"{url}/api/2.0/mlflow/experiments/get", params={"experiment_id": "0"}, timeout=30)
        text = log_path.read_text()
        for bad in ("out-of-date database schema", "mlflow db upgrade", "Traceback"):
            if bad in text:
                raise RuntimeError(f"mlflow server log mentions {bad!r}:\n{text[-4000:]}")
        r.raise_for_status()
        yield url
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)


def client_smoke(url: str) -> dict:
    import mlflow
    import pandas as pd
    from mlflow import MlflowClient

    mlflow.set_tracking_uri(url)
    client = MlflowClient(url)
    default = client.get_experiment("0")
    assert default.name == "Default" and default.lifecycle_stage == "active", default
    assert client.get_experiment_by_name("Default").experiment_id == "0"

    name = f"schema-smoke-{uuid.uuid4().hex[:8]}"
    exp_id = mlflow.create_experiment(name, tags={"owner": "trackway"})
    with mlflow.start_run(experiment_id=exp_id, run_name="smoke") as run:
        mlflow.log_params({"lr": "0.1", "epochs": "3"})
        for step, v in enumerate([0.9, 0.5, 0.25]):
            mlflow.log_metric("loss", v, step=step)
        mlflow.set_tags({"Team": "ml", "stage": "dev"})
        ds = mlflow.data.from_pandas(pd.DataFrame({"x": [1, 2, 3], "y": [0, 1, 0]}), name="toy")
        mlflow.log_input(ds, context="training")
        run_id = run.info.run_id
    got = client.get_run(run_id)
    assert got.data.params == {"lr": "0.1", "epochs": "3"}, got.data.params
    assert got.data.metrics == {"loss": 0.25}, got.data.metrics
    assert got.data.tags["Team"] == "ml"
    assert [d.dataset.name for d in got.inputs.dataset_inputs] == ["toy"], got.inputs
    assert len(client.get_metric_history(run_id, "loss")) == 3
    found = mlflow.search_runs(
        experiment_ids=[exp_id], filter_string="params.lr = '0.1' and metrics.loss < 0.3", output_format="list"
    )
    assert [r.info.run_id for r in found] == [run_id], found
    assert got.info.status == "FINISHED"
    # model registry tables
    rm = f"smoke-model-{uuid.uuid4().hex[:6]}"
    client.create_registered_model(rm, tags={"k": "v"})
    client.create_model_version(rm, source=f"runs:/{run_id}/model", run_id=run_id)
    assert [m.name for m in client.search_registered_models(filter_string=f"name = '{rm}'")] == [rm]
    client.delete_experiment(exp_id)
    client.restore_experiment(exp_id)
    return {"experiment_id": exp_id, "run_id": run_id}


def case_probe(url: str) -> dict:
    """Log keys differing only in case; report what the server kept."""
    import mlflow
    from mlflow import MlflowClient
    from mlflow.exceptions import MlflowException

    mlflow.set_tracking_uri(url)
    client = MlflowClient(url)
    exp_id = mlflow.create_experiment(f"case-probe-{uuid.uuid4().hex[:8]}")
    run = client.create_run(exp_id)
    rid = run.info.run_id
    out = {}
    client.log_param(rid, "LR", "1")
    try:
        client.log_param(rid, "lr", "2")
        out["param lr after LR"] = "accepted"
    except MlflowException as e:
        out["param lr after LR"] = f"rejected: {str(e).splitlines()[0][:160]}"
    client.set_tag(rid, "Team", "a")
    client.set_tag(rid, "team", "b")
    data = client.get_run(rid).data
    out["params kept"] = dict(sorted(data.params.items()))
    out["tags kept"] = {k: v for k, v in sorted(data.tags.items()) if k.lower() == "team"}
    try:
        mlflow.create_experiment("CaseProbe-" + exp_id)
        mlflow.create_experiment("caseprobe-" + exp_id)
        out["experiments differing in case"] = "both created"
    except MlflowException as e:
        out["experiments differing in case"] = f"rejected: {str(e).splitlines()[0][:160]}"
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("backend_uri")
    p.add_argument("--case-probe", action="store_true")
    a = p.parse_args(argv)
    with run_mlflow_server(a.backend_uri) as url:
        print(f"mlflow server up at {url} on {a.backend_uri} (no migration requested)")
        print("client smoke ok:", client_smoke(url))
        if a.case_probe:
            for k, v in case_probe(url).items():
                print(f"case probe: {k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
