"""Artifacts through the tracking server with the stock client (`--serve-artifacts`, the default).

The client uploads with `PUT /api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts/...`,
lists with `GET /api/2.0/mlflow-artifacts/artifacts?path=...` and downloads with
`GET /api/2.0/mlflow-artifacts/artifacts/...`; the UI uses `artifacts/list` and `/get-artifact`.
Everything here must pass against MLflow's own server too (`--target mlflow`).

The large round trip (`test_large_artifact_round_trip`) runs Trackway with its heap capped at
128 MiB (`-Xmx128m`), so an artifact body that was buffered instead of streamed fails it.
COMPAT_LARGE_ARTIFACT_MIB sets its size (default 1024, i.e. 1 GiB); bench_artifact_roundtrip.py is the 1 GiB
benchmark.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import random
import subprocess
import time
from pathlib import Path

import pytest
import requests

import servers
from conftest import assert_mlflow_error

ART = "/api/2.0/mlflow-artifacts/artifacts"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def local_tree(root: Path) -> dict[str, tuple[int, str]]:
    """relative posix path -> (size, sha256) of every file under root."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[p.relative_to(root).as_posix()] = (p.stat().st_size, sha256_of(p))
    return out


def make_tree(root: Path) -> None:
    rnd = random.Random(1234)
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "empty-dir-is-not-logged").mkdir()
    (root / "a.txt").write_text("alpha\n")
    (root / "b.bin").write_bytes(bytes(rnd.getrandbits(8) for _ in range(4096)))
    (root / "nested" / "c.json").write_text(json.dumps({"k": [1, 2, 3]}))
    (root / "nested" / "deeper" / "d.csv").write_text("x,y\n1,2\n")
    (root / "nested" / "deeper" / "MLmodel").write_text("flavors: {}\n")
    (root / "nested" / "space name.txt").write_text("spaces")


def listing(client, run_id, path=None) -> dict[str, tuple[bool, int | None]]:
    return {f.path: (f.is_dir, f.file_size) for f in client.list_artifacts(run_id, path)}


@pytest.fixture
def run_id(client, experiment_id) -> str:
    return client.create_run(experiment_id).info.run_id


# --------------------------------------------------------------------------- the stock client


def test_artifact_uri_is_proxied(client, experiment_id, run_id):
    run = client.get_run(run_id)
    assert run.info.artifact_uri == f"mlflow-artifacts:/{experiment_id}/{run_id}/artifacts"


def test_log_artifact_list_and_download(client, run_id, tmp_path):
    src = tmp_path / "notes.txt"
    src.write_text("hello artifacts\n")
    client.log_artifact(run_id, str(src))
    client.log_artifact(run_id, str(src), artifact_path="sub/dir")
    assert listing(client, run_id) == {"notes.txt": (False, 16), "sub": (True, None)}
    assert listing(client, run_id, "sub") == {"sub/dir": (True, None)}
    assert listing(client, run_id, "sub/dir") == {"sub/dir/notes.txt": (False, 16)}
    # a file lists as empty, like a missing path
    assert listing(client, run_id, "notes.txt") == {}
    assert listing(client, run_id, "missing") == {}

    dst = tmp_path / "down"
    dst.mkdir()
    got = client.download_artifacts(run_id, "sub/dir/notes.txt", str(dst))
    assert Path(got).read_text() == "hello artifacts\n"


def test_log_artifacts_nested_tree_every_level(client, run_id, tmp_path):
    src = tmp_path / "tree"
    make_tree(src)
    client.log_artifacts(run_id, str(src), artifact_path="tree")
    expected = local_tree(src)

    # every level of the listing, with sizes; directories have no size
    def walk(path):
        found = {}
        for f in client.list_artifacts(run_id, path):
            if f.is_dir:
                assert f.file_size is None, f
                found.update(walk(f.path))
            else:
                found[posixpath.relpath(f.path, "tree")] = f.file_size
        return found

    assert walk("tree") == {p: size for p, (size, _) in expected.items()}
    assert listing(client, run_id, "tree/nested/deeper") == {
        "tree/nested/deeper/MLmodel": (False, len("flavors: {}\n")),
        "tree/nested/deeper/d.csv": (False, len("x,y\n1,2\n")),
    }

    dst = tmp_path / "down"
    dst.mkdir()
    got = Path(client.download_artifacts(run_id, "tree", str(dst)))
    assert {p: v for p, v in local_tree(got).items()} == expected


def test_fluent_log_text_dict_image(tracking_uri, experiment_id, tmp_path):
    import mlflow
    import numpy as np

    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.log_text("some text\n", "texts/note.txt")
        mlflow.log_dict({"a": 1, "b": [1, 2]}, "dicts/d.json")
        mlflow.log_dict({"a": 1}, "dicts/d.yaml")
        image = (np.arange(10 * 12 * 3) % 256).astype(np.uint8).reshape(10, 12, 3)
        mlflow.log_image(image, "images/img.png")
    run_id = run.info.run_id
    assert mlflow.artifacts.load_text(f"runs:/{run_id}/texts/note.txt") == "some text\n"
    assert mlflow.artifacts.load_dict(f"runs:/{run_id}/dicts/d.json") == {"a": 1, "b": [1, 2]}
    assert mlflow.artifacts.load_dict(f"runs:/{run_id}/dicts/d.yaml") == {"a": 1}
    loaded = mlflow.artifacts.load_image(f"runs:/{run_id}/images/img.png")
    assert np.array_equal(np.asarray(loaded), image)

    from mlflow import MlflowClient

    files = listing(MlflowClient(), run_id)
    assert files == {"dicts": (True, None), "images": (True, None), "texts": (True, None)}


def test_download_by_artifact_uri(client, run_id, tmp_path):
    import mlflow

    src = tmp_path / "model.pkl"
    src.write_bytes(os.urandom(50_000))
    client.log_artifact(run_id, str(src), artifact_path="m")
    uri = client.get_run(run_id).info.artifact_uri + "/m/model.pkl"
    got = mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=str(tmp_path / "d"))
    assert sha256_of(Path(got)) == sha256_of(src)


# --------------------------------------------------------------------------- raw HTTP, as the UI


def test_download_headers(api, client, run_id, experiment_id, tmp_path):
    for name, body in [("notes.txt", b"text"), ("img.png", b"\x89PNG"), ("w.bin", b"\x00\x01"),
                       ("MLmodel", b"flavors: {}")]:
        p = tmp_path / name
        p.write_bytes(body)
        client.log_artifact(run_id, str(p))
    base = f"{ART}/{experiment_id}/{run_id}/artifacts"
    types = {"notes.txt": "text/plain", "img.png": "image/png", "w.bin": "application/octet-stream",
             "MLmodel": "text/plain"}
    for name, ctype in types.items():
        r = api.get(f"{base}/{name}")
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].split(";")[0] == ctype, name
        assert r.headers["Content-Disposition"] == f"attachment; filename={name}"
        assert r.headers["X-Content-Type-Options"] == "nosniff"

        g = api.get("/get-artifact", {"run_id": run_id, "path": name})
        assert g.status_code == 200, g.text
        assert g.content == (tmp_path / name).read_bytes()
        assert g.headers["Content-Disposition"] == f"attachment; filename={name}"
        assert g.headers["X-Content-Type-Options"] == "nosniff"


def test_list_answers(api, client, run_id, experiment_id, tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("xyz")
    client.log_artifact(run_id, str(p), artifact_path="d")
    r = api.get(ART, {"path": f"{experiment_id}/{run_id}/artifacts"})
    assert r.status_code == 200, r.text
    assert r.json() == {"files": [{"path": "d", "is_dir": True}]}
    r = api.get(ART, {"path": f"{experiment_id}/{run_id}/artifacts/d"})
    assert r.json() == {"files": [{"path": "x.txt", "is_dir": False, "file_size": 3}]}

    for prefix in ("/api/2.0", "/ajax-api/2.0"):
        r = api.get("artifacts/list", {"run_id": run_id}, prefix=prefix)
        assert r.status_code == 200, r.text
        assert r.json() == {"root_uri": f"mlflow-artifacts:/{experiment_id}/{run_id}/artifacts",
                            "files": [{"path": "d", "is_dir": True}]}
    r = api.get("artifacts/list", {"run_id": run_id, "path": "d"})
    assert r.json()["files"] == [{"path": "d/x.txt", "is_dir": False, "file_size": 3}]
    r = api.get("artifacts/list", {"run_id": run_id, "path": "nothing-here"})
    assert r.json() == {"root_uri": f"mlflow-artifacts:/{experiment_id}/{run_id}/artifacts"}


def test_artifact_errors(api, run_id, experiment_id):
    base = f"{ART}/{experiment_id}/{run_id}/artifacts"
    r = api.get(f"{base}/missing.txt")
    assert_mlflow_error(r, 404, "RESOURCE_DOES_NOT_EXIST")
    r = api.get("/get-artifact", {"run_id": run_id, "path": "missing.txt"})
    assert_mlflow_error(r, 404, "RESOURCE_DOES_NOT_EXIST")
    r = api.get("artifacts/list", {"run_id": "0" * 32})
    assert_mlflow_error(r, 404, "RESOURCE_DOES_NOT_EXIST")
    for bad in ("../../../etc/passwd", "..%2f..%2fetc%2fpasswd", "/etc/passwd", "a#b",
                "file:///etc/passwd"):
        r = api.get(ART, {"path": bad})
        assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
        r = api.get("artifacts/list", {"run_id": run_id, "path": bad})
        assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
        r = api.get("/get-artifact", {"run_id": run_id, "path": bad})
        assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    # encoded traversal in the path itself
    r = api.request("GET", f"{base}/..%2f..%2f..%2f..%2fetc%2fpasswd")
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    r = api.request("PUT", f"{base}/..%2f..%2f..%2fplanted.txt", data=b"x")
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_delete_artifact(api, client, run_id, experiment_id, tmp_path):
    p = tmp_path / "gone.txt"
    p.write_text("bye")
    client.log_artifact(run_id, str(p), artifact_path="x")
    client.log_artifact(run_id, str(p), artifact_path="keep")
    r = api.request("DELETE", f"{ART}/{experiment_id}/{run_id}/artifacts/x")
    assert r.status_code == 200, r.text
    assert listing(client, run_id) == {"keep": (True, None)}


def test_multipart_upload_on_local_storage_is_not_implemented(api, run_id, experiment_id):
    r = api.post(f"/api/2.0/mlflow-artifacts/mpu/create/{experiment_id}/{run_id}/artifacts",
                 {"path": "big.bin", "num_parts": 2})
    body = assert_mlflow_error(r, 501, "NOT_IMPLEMENTED")
    assert body["message"].startswith("Multipart upload is not supported for the current artifact repository")


def test_logged_model_and_model_version_artifacts(api, client, experiment_id, unique, tmp_path):
    model = client.create_logged_model(experiment_id, name="m")
    assert model.artifact_location == f"mlflow-artifacts:/{experiment_id}/models/{model.model_id}/artifacts"
    src = tmp_path / "model"
    (src / "data").mkdir(parents=True)
    (src / "MLmodel").write_text("flavors: {}\n")
    (src / "data" / "w.bin").write_bytes(b"\x00" * 100)
    client.log_model_artifacts(model.model_id, str(src))

    files = {f.path: (f.is_dir, f.file_size) for f in client.list_logged_model_artifacts(model.model_id)}
    assert files == {"MLmodel": (False, 12), "data": (True, None)}
    r = api.get(f"logged-models/{model.model_id}/artifacts/directories", {"artifact_directory_path": "data"})
    assert r.status_code == 200, r.text
    assert r.json() == {"root_uri": model.artifact_location,
                        "files": [{"path": "data/w.bin", "is_dir": False, "file_size": 100}]}
    r = api.get(f"logged-models/{model.model_id}/artifacts/files", {"artifact_file_path": "MLmodel"},
                prefix="/ajax-api/2.0")
    assert r.status_code == 200, r.text
    assert r.text == "flavors: {}\n"
    assert r.headers["Content-Disposition"] == "attachment; filename=MLmodel"

    name = unique("rm")
    client.create_registered_model(name)
    mv = client.create_model_version(name, source=f"models:/{model.model_id}", model_id=model.model_id)
    r = api.get("/model-versions/get-artifact", {"name": name, "version": mv.version, "path": "data/w.bin"})
    assert r.status_code == 200, r.text
    assert r.content == b"\x00" * 100
    r = api.get("/model-versions/get-artifact", {"name": name, "version": mv.version, "path": "../../x"})
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


# --------------------------------------------------------------------------- large, heap capped


def _peak_rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def start_capped_trackway(pytestconfig, workdir: Path, xmx: str = "128m") -> servers.ServerProcess:
    """Trackway with its heap capped: java -Xmx128m -jar ... (same options as the session server);
    a native executable takes the same -Xmx option."""
    workdir.mkdir(parents=True, exist_ok=True)
    backend = servers.make_backend(pytestconfig.getoption("--backend"), workdir, "trackway")
    port = servers.free_port()
    cmd = [*servers.trackway_command(pytestconfig.getoption("--jar"), pytestconfig.getoption("--java"),
                                     [f"-Xmx{xmx}"]),
           "--host", "127.0.0.1", "--port", str(port), "--backend-store-uri", backend.uri_for("trackway"),
           "--artifacts-destination", str((workdir / "artifacts").resolve())]
    log_path = workdir / "trackway-capped-server.log"
    log = open(log_path, "wb")
    env = dict(os.environ, MLFLOW_DISABLE_TELEMETRY="true")
    env.pop("MLFLOW_TRACKING_URI", None)
    proc = subprocess.Popen(cmd, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    server = servers.ServerProcess(name="trackway-capped", url=f"http://127.0.0.1:{port}",
                                   log_path=log_path, proc=proc, backend=backend, command=cmd)
    servers.STARTED.append(server)
    try:
        servers.wait_healthy(server)
    except Exception:
        server.stop()
        raise
    return server


def test_large_artifact_round_trip(pytestconfig, server, tmp_path_factory):
    from mlflow import MlflowClient

    size_mib = int(os.environ.get("COMPAT_LARGE_ARTIFACT_MIB", "1024"))
    work = tmp_path_factory.mktemp("large")
    capped = None
    url = server.url
    if server.is_trackway and server.process is not None:
        capped = start_capped_trackway(pytestconfig, work / "server")
        url = capped.url
    try:
        client = MlflowClient(url)
        exp = client.create_experiment(f"large-{time.time_ns()}")
        run_id = client.create_run(exp).info.run_id
        src = work / "big.bin"
        with open(src, "wb") as f:
            for _ in range(size_mib):
                f.write(os.urandom(1 << 20))
        client.log_artifact(run_id, str(src), artifact_path="big")
        assert listing(client, run_id, "big") == {"big/big.bin": (False, size_mib << 20)}
        dst = work / "down"
        dst.mkdir()
        got = Path(client.download_artifacts(run_id, "big/big.bin", str(dst)))
        assert sha256_of(got) == sha256_of(src)
        if capped is not None:
            assert capped.proc.poll() is None, capped.log_tail()
            rss = _peak_rss_kib(capped.proc.pid)
            print(f"trackway -Xmx128m: {size_mib} MiB round trip, peak RSS {rss} KiB")
            # a server that held the body in memory would have died (heap 128 MiB) or grown
            assert rss is None or rss < 512 * 1024, rss
    finally:
        if capped is not None:
            capped.stop()
