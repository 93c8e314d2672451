"""Artifacts on S3 with the stock MLflow client: proxied, multipart, and direct-to-S3.

A real S3-compatible server (moto's standalone server, `moto_server` from the venv) is started
on a free loopback port for this module, with one bucket; the tracking servers under test are
started here too (the session's server is not used), each with a fresh backend store of the
session's kind (`--backend`), the S3 endpoint in `MLFLOW_S3_ENDPOINT_URL`, throw-away
credentials in `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` and `AWS_DEFAULT_REGION=us-east-1`:

- two proxied servers, `--artifacts-destination s3://<bucket>/compat/<mode>`, one with
  `AWS_REQUEST_CHECKSUM_CALCULATION=AWS_RESPONSE_CHECKSUM_VALIDATION=when_required`, one with
  the SDKs' default (`when_supported`: flexible checksums, aws-chunked uploads with a trailing
  checksum); every proxied test runs against both. Their operators opted in to presigned
  transfers (`MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD/DOWNLOAD=true` in the server's environment,
  which MLflow advertises in `server-info`); the client pins both flags to `false` unless a test
  says otherwise, so each test knows which path the client takes. Their AWS config file names
  another region (eu-west-1) in its default profile, which AWS_DEFAULT_REGION overrides.
- one direct server, `--no-serve-artifacts --default-artifact-root s3://<bucket>/direct`: the
  client's own boto3 writes to and reads from the bucket.

While talking to a proxied server the client process has no usable S3 endpoint
(`MLFLOW_S3_ENDPOINT_URL` points at a closed port), so everything it stores went through the
tracking server or through a presigned URL the server handed out. What landed in the bucket is
checked with boto3.

Everything here must pass against MLflow's own server too (`--target mlflow`). Not with `--url`
(the servers need the S3 settings), where the module is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

import s3_support
import servers
from conftest import assert_mlflow_error, error_of

BUCKET = "trackway-compat-artifacts"
MIB = 1 << 20
AFA = "/api/2.0/mlflow-artifacts"  # MLflow's artifact service

# the stock client's switches for presigned transfers (mlflow/environment_variables.py)
MPU = "MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD"
MPD = "MLFLOW_ENABLE_PROXY_MULTIPART_DOWNLOAD"
MPU_MIN = "MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE"
MPU_CHUNK = "MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE"
MPD_CHUNK = "MLFLOW_MULTIPART_DOWNLOAD_CHUNK_SIZE"
S3_MIN_PART = 5 * MIB  # S3: every part but the last is at least 5 MiB

# checksum setting of the two proxied servers: None = the SDK default (when_supported)
CHECKSUM_MODES = {"when_required": "when_required", "sdk_default": None}
# region of the default profile in the proxied servers' AWS config file; AWS_DEFAULT_REGION
# (us-east-1) overrides it, as for boto3 (test_presigned_urls_use_aws_default_region)
PROFILE_REGION = "eu-west-1"


# --------------------------------------------------------------------------- helpers


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(MIB):
            h.update(chunk)
    return h.hexdigest()


def local_tree(root: Path) -> dict[str, tuple[int, str]]:
    """relative posix path -> (size, sha256) of every file under root."""
    return {p.relative_to(root).as_posix(): (p.stat().st_size, sha256_of(p))
            for p in sorted(root.rglob("*")) if p.is_file()}


def make_tree(root: Path) -> None:
    rnd = random.Random(4321)
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("alpha\n")
    (root / "b.bin").write_bytes(rnd.randbytes(70_000))
    (root / "nested" / "c.json").write_text(json.dumps({"k": [1, 2, 3]}))
    (root / "nested" / "space name.txt").write_text("spaces")
    # characters S3 keys, SigV4 and URL quoting treat specially
    (root / "nested" / "plus+sign ü.txt").write_text("plus and umlaut")
    (root / "nested" / "semi;colon=eq&amp~.txt").write_text("semicolon")
    (root / "nested" / "deeper" / "d.csv").write_text("x,y\n1,2\n")
    (root / "nested" / "deeper" / "MLmodel").write_text("flavors: {}\n")
    (root / "nested" / "deeper" / "empty.txt").write_bytes(b"")


def walk_listing(client, run_id, path=None) -> dict[str, int]:
    """Every file below path, found by listing every level: path -> size (dirs have no size)."""
    found = {}
    for f in client.list_artifacts(run_id, path):
        if f.is_dir:
            assert f.file_size is None, f
            found.update(walk_listing(client, run_id, f.path))
        else:
            found[f.path] = f.file_size
    return found


# MLflow drops `file_size` from the listing of an empty file (FileInfo.to_proto sets it only when
# truthy), so the client sees None; Trackway sends 0. Both are accepted.
EMPTY_FILE_SIZES = ((False, None), (False, 0))


def sizes_as_listed(sizes: dict[str, int]) -> dict[str, int | None]:
    """Expected walk_listing() sizes, with an empty file's size as the server listed it (0 or None)."""
    return {p: (ANY_EMPTY if size == 0 else size) for p, size in sizes.items()}


class _AnyEmpty:
    def __eq__(self, other):
        return other in (0, None)

    def __repr__(self):
        return "0-or-None"


ANY_EMPTY = _AnyEmpty()


def listing(client, run_id, path=None) -> dict[str, tuple[bool, int | None]]:
    return {f.path: (f.is_dir, f.file_size) for f in client.list_artifacts(run_id, path)}


def bucket_objects(s3, prefix: str) -> dict[str, int]:
    """key -> size of every object under prefix/ (paginated)."""
    out = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix + "/"):
        for o in page.get("Contents", []):
            out[o["Key"]] = o["Size"]
    return out


def object_bytes(s3, key: str) -> bytes:
    return s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()


# --------------------------------------------------------------------------- servers


@dataclass
class S3Server:
    url: str
    target: str
    label: str
    root: str  # key prefix of the artifact root in BUCKET ("compat/when_required", "direct")
    process: servers.ServerProcess

    def client(self):
        from mlflow import MlflowClient

        return MlflowClient(self.url)

    def run_root(self, experiment_id: str, run_id: str) -> str:
        """Key prefix of a run's artifacts."""
        return f"{self.root}/{experiment_id}/{run_id}/artifacts"


@pytest.fixture(scope="module")
def moto(pytestconfig, tmp_path_factory):
    if pytestconfig.getoption("--url"):
        pytest.skip("the S3 tests start their own servers with S3 settings; not with --url")
    try:
        m = s3_support.start_moto(tmp_path_factory.mktemp("moto"))
    except Exception as e:
        pytest.fail(f"could not start moto's S3 server: {e}", pytrace=False)
    try:
        m.create_bucket(BUCKET)
        yield m
    finally:
        m.stop()


@pytest.fixture(scope="module")
def s3(moto):
    """boto3 on the bucket, to check what landed where."""
    return moto.client()


def _start(pytestconfig, tmp_path_factory, moto, label: str, options: list[str],
           checksum: str | None, extra_env: dict[str, str],
           profile_region: str | None = None) -> servers.ServerProcess:
    target = pytestconfig.getoption("--target")
    backend = pytestconfig.getoption("--backend")
    workdir = tmp_path_factory.mktemp(f"s3-{target}-{backend}-{label}")
    env = {**s3_support.s3_env(moto.endpoint, workdir, checksum, profile_region), **extra_env}
    try:
        return s3_support.start_s3_server(
            f"{target}-s3-{label}", target, backend, workdir, options=options, env=env,
            jar=Path(pytestconfig.getoption("--jar")), java=pytestconfig.getoption("--java"))
    except Exception as e:
        pytest.fail(f"could not start the {target} server ({label}): {e}", pytrace=False)


@pytest.fixture(scope="module", params=list(CHECKSUM_MODES))
def proxied(request, pytestconfig, tmp_path_factory, moto) -> S3Server:
    """A proxied server (`--artifacts-destination s3://...`), once per checksum setting."""
    label = request.param
    root = f"compat/{label}"
    proc = _start(pytestconfig, tmp_path_factory, moto, label,
                  ["--artifacts-destination", f"s3://{BUCKET}/{root}"], CHECKSUM_MODES[label],
                  {MPU: "true", MPD: "true"}, profile_region=PROFILE_REGION)
    try:
        yield S3Server(proc.url, pytestconfig.getoption("--target"), label, root, proc)
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def direct(pytestconfig, tmp_path_factory, moto) -> S3Server:
    """`--no-serve-artifacts --default-artifact-root s3://<bucket>/direct` (fresh backend)."""
    proc = _start(pytestconfig, tmp_path_factory, moto, "direct",
                  ["--no-serve-artifacts", "--default-artifact-root", f"s3://{BUCKET}/direct"],
                  None, {})
    try:
        yield S3Server(proc.url, pytestconfig.getoption("--target"), "direct", "direct", proc)
    finally:
        proc.stop()


def _clear_client_s3_env(monkeypatch):
    for name in s3_support.AWS_VARS_TO_DROP:
        monkeypatch.delenv(name, raising=False)
    for name in (MPU, MPD, MPU_MIN, MPU_CHUNK, MPD_CHUNK):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def px(proxied, monkeypatch) -> S3Server:
    """The proxied server, with a client process that cannot reach S3 by itself and that
    takes the plain proxied paths unless a test switches presigned transfers on."""
    _clear_client_s3_env(monkeypatch)
    monkeypatch.setenv("MLFLOW_S3_ENDPOINT_URL", "http://127.0.0.1:9")  # discard port: closed
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "not-for-the-client")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-for-the-client")
    monkeypatch.setenv(MPU, "false")
    monkeypatch.setenv(MPD, "false")
    return proxied


@pytest.fixture
def dx(direct, moto, monkeypatch, tmp_path) -> S3Server:
    """The direct server, with a client process that has the S3 endpoint and credentials."""
    _clear_client_s3_env(monkeypatch)
    for name, value in s3_support.s3_env(moto.endpoint, tmp_path).items():
        monkeypatch.setenv(name, value)
    return direct


@pytest.fixture
def unique_name(request):
    base = request.node.originalname[:50]
    return lambda label="x": f"s3-{base}-{label}-{uuid.uuid4().hex[:12]}"


def new_run(server: S3Server, unique_name) -> tuple[object, str, str]:
    client = server.client()
    exp = client.create_experiment(unique_name("exp"))
    return client, exp, client.create_run(exp).info.run_id


# --------------------------------------------------------------------------- 1. proxied on S3


def test_proxied_log_artifact_list_download_and_keys(px, s3, unique_name, tmp_path):
    client, exp, run_id = new_run(px, unique_name)
    assert client.get_run(run_id).info.artifact_uri == f"mlflow-artifacts:/{exp}/{run_id}/artifacts"
    src = tmp_path / "notes.txt"
    src.write_text("hello artifacts on s3\n")
    weights = tmp_path / "weights.bin"
    weights.write_bytes(os.urandom(300_000))
    client.log_artifact(run_id, str(src))
    client.log_artifact(run_id, str(src), artifact_path="sub/dir")
    client.log_artifact(run_id, str(weights), artifact_path="sub")

    assert listing(client, run_id) == {"notes.txt": (False, 22), "sub": (True, None)}
    assert listing(client, run_id, "sub") == {"sub/dir": (True, None), "sub/weights.bin": (False, 300_000)}
    assert listing(client, run_id, "sub/dir") == {"sub/dir/notes.txt": (False, 22)}
    assert listing(client, run_id, "notes.txt") == {}  # a file lists as empty, like MLflow
    assert listing(client, run_id, "missing") == {}

    root = px.run_root(exp, run_id)
    assert bucket_objects(s3, root) == {
        f"{root}/notes.txt": 22, f"{root}/sub/dir/notes.txt": 22, f"{root}/sub/weights.bin": 300_000,
    }
    assert object_bytes(s3, f"{root}/sub/weights.bin") == weights.read_bytes()

    dst = tmp_path / "down"
    got = Path(client.download_artifacts(run_id, "sub/weights.bin", str(dst)))
    assert sha256_of(got) == sha256_of(weights)
    got = Path(client.download_artifacts(run_id, "sub/dir/notes.txt", str(dst)))
    assert got.read_text() == "hello artifacts on s3\n"


def test_proxied_log_artifacts_nested_tree(px, s3, unique_name, tmp_path):
    client, exp, run_id = new_run(px, unique_name)
    src = tmp_path / "tree"
    make_tree(src)
    expected = local_tree(src)
    client.log_artifacts(run_id, str(src), artifact_path="tree")

    # every level, with sizes
    assert walk_listing(client, run_id) == sizes_as_listed({f"tree/{p}": size for p, (size, _) in expected.items()})
    assert listing(client, run_id, "tree") == {
        "tree/a.txt": (False, 6), "tree/b.bin": (False, 70_000), "tree/nested": (True, None),
    }
    deeper = listing(client, run_id, "tree/nested/deeper")
    assert deeper.pop("tree/nested/deeper/empty.txt") in EMPTY_FILE_SIZES
    assert deeper == {"tree/nested/deeper/MLmodel": (False, 12), "tree/nested/deeper/d.csv": (False, 8)}

    # in the bucket, under <prefix>/<exp>/<run>/artifacts/, byte for byte
    root = px.run_root(exp, run_id)
    assert bucket_objects(s3, root) == {f"{root}/tree/{p}": size for p, (size, _) in expected.items()}
    for p, (_, digest) in expected.items():
        assert sha256_bytes(object_bytes(s3, f"{root}/tree/{p}")) == digest, p

    # and back
    got = Path(client.download_artifacts(run_id, "tree", str(tmp_path / "down")))
    assert local_tree(got) == expected
    got = Path(client.download_artifacts(run_id, "tree/nested/space name.txt", str(tmp_path / "one")))
    assert got.read_text() == "spaces"


def test_proxied_log_text_and_dict(px, s3, unique_name, tmp_path):
    import mlflow
    import yaml

    client, exp, run_id = new_run(px, unique_name)
    client.log_text(run_id, "some text\nüñí\n", "texts/note.txt")
    client.log_dict(run_id, {"a": 1, "b": [1, 2]}, "dicts/d.json")
    client.log_dict(run_id, {"a": 1, "nested": {"x": "y"}}, "dicts/d.yaml")

    assert listing(client, run_id) == {"dicts": (True, None), "texts": (True, None)}
    note = "some text\nüñí\n".encode()
    assert listing(client, run_id, "texts") == {"texts/note.txt": (False, len(note))}
    files = listing(client, run_id, "dicts")
    assert set(files) == {"dicts/d.json", "dicts/d.yaml"}

    def load(path: str) -> bytes:  # the runs:/ URI, resolved against this server
        got = mlflow.artifacts.download_artifacts(artifact_uri=f"runs:/{run_id}/{path}",
                                                  tracking_uri=px.url, dst_path=str(tmp_path / "d"))
        return Path(got).read_bytes()

    assert load("texts/note.txt").decode() == "some text\nüñí\n"
    assert json.loads(load("dicts/d.json")) == {"a": 1, "b": [1, 2]}
    assert yaml.safe_load(load("dicts/d.yaml")) == {"a": 1, "nested": {"x": "y"}}

    root = px.run_root(exp, run_id)
    assert object_bytes(s3, f"{root}/texts/note.txt") == note
    stored_json = object_bytes(s3, f"{root}/dicts/d.json")
    assert json.loads(stored_json) == {"a": 1, "b": [1, 2]}
    assert files["dicts/d.json"] == (False, len(stored_json))
    assert yaml.safe_load(object_bytes(s3, f"{root}/dicts/d.yaml")) == {"a": 1, "nested": {"x": "y"}}


def test_proxied_logged_model_artifacts(px, s3, unique_name, tmp_path):
    client, exp, _ = new_run(px, unique_name)
    model = client.create_logged_model(exp, name="m")
    assert model.artifact_location == f"mlflow-artifacts:/{exp}/models/{model.model_id}/artifacts"
    src = tmp_path / "model"
    (src / "data").mkdir(parents=True)
    (src / "MLmodel").write_text("flavors: {}\n")
    (src / "data" / "w.bin").write_bytes(os.urandom(1000))
    client.log_model_artifacts(model.model_id, str(src))
    files = {f.path: (f.is_dir, f.file_size) for f in client.list_logged_model_artifacts(model.model_id)}
    assert files == {"MLmodel": (False, 12), "data": (True, None)}
    root = f"{px.root}/{exp}/models/{model.model_id}/artifacts"
    assert bucket_objects(s3, root) == {f"{root}/MLmodel": 12, f"{root}/data/w.bin": 1000}
    import mlflow

    got = mlflow.artifacts.download_artifacts(artifact_uri=f"{model.artifact_location}/data/w.bin",
                                              tracking_uri=px.url, dst_path=str(tmp_path / "d"))
    assert Path(got).read_bytes() == (src / "data" / "w.bin").read_bytes()


def test_proxied_ui_routes_read_s3(px, unique_name, tmp_path):
    client, exp, run_id = new_run(px, unique_name)
    p = tmp_path / "x.txt"
    p.write_text("xyz")
    client.log_artifact(run_id, str(p), artifact_path="d")
    root_uri = f"mlflow-artifacts:/{exp}/{run_id}/artifacts"

    r = requests.get(f"{px.url}{AFA}/artifacts", params={"path": f"{exp}/{run_id}/artifacts/d"}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json() == {"files": [{"path": "x.txt", "is_dir": False, "file_size": 3}]}
    r = requests.get(f"{px.url}/ajax-api/2.0/mlflow/artifacts/list", params={"run_id": run_id}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json() == {"root_uri": root_uri, "files": [{"path": "d", "is_dir": True}]}
    r = requests.get(f"{px.url}/api/2.0/mlflow/artifacts/list", params={"run_id": run_id, "path": "d"}, timeout=30)
    assert r.json() == {"root_uri": root_uri, "files": [{"path": "d/x.txt", "is_dir": False, "file_size": 3}]}

    r = requests.get(f"{px.url}/get-artifact", params={"run_id": run_id, "path": "d/x.txt"}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.content == b"xyz"
    assert r.headers["Content-Type"].split(";")[0] == "text/plain"
    assert r.headers["Content-Disposition"] == "attachment; filename=x.txt"

    r = requests.get(f"{px.url}{AFA}/artifacts/{exp}/{run_id}/artifacts/d/x.txt", timeout=30)
    assert r.status_code == 200, r.text
    assert r.content == b"xyz"
    assert r.headers["Content-Disposition"] == "attachment; filename=x.txt"


def test_proxied_missing_artifact(px, unique_name):
    """A missing object is an MLflow error; Trackway answers 404 RESOURCE_DOES_NOT_EXIST as it does
    on local storage (MLflow on S3 answers 500 INTERNAL_ERROR with boto's NoSuchKey/404 text)."""
    client, exp, run_id = new_run(px, unique_name)
    for r in (requests.get(f"{px.url}{AFA}/artifacts/{exp}/{run_id}/artifacts/missing.txt", timeout=30),
              requests.get(f"{px.url}/get-artifact", params={"run_id": run_id, "path": "missing.txt"},
                           timeout=30)):
        if px.target == "trackway":
            assert_mlflow_error(r, 404, "RESOURCE_DOES_NOT_EXIST")
        else:
            assert r.status_code in (404, 500), r.text
            error_of(r)


def test_proxied_chunked_upload(px, s3, unique_name):
    """A PUT without Content-Length (Transfer-Encoding: chunked), larger than one 8 MiB part."""
    client, exp, run_id = new_run(px, unique_name)
    data = os.urandom(9 * MIB + 3)

    def body():
        for i in range(0, len(data), MIB):
            yield data[i:i + MIB]

    r = requests.put(f"{px.url}{AFA}/artifacts/{exp}/{run_id}/artifacts/c/chunked.bin", data=body(), timeout=120)
    assert r.status_code == 200, r.text
    assert object_bytes(s3, f"{px.run_root(exp, run_id)}/c/chunked.bin") == data
    assert listing(client, run_id, "c") == {"c/chunked.bin": (False, len(data))}
    assert s3.list_multipart_uploads(Bucket=BUCKET, Prefix=px.run_root(exp, run_id)).get("Uploads", []) == []


@pytest.mark.parametrize("proxied", ["when_required"], indirect=True)  # listing does not depend on it
def test_proxied_listing_and_delete_past_one_page(px, s3, moto, unique_name, tmp_path):
    """More objects in one directory than one ListObjectsV2 page (1000) or one DeleteObjects call."""
    from concurrent.futures import ThreadPoolExecutor

    client, exp, run_id = new_run(px, unique_name)
    root = px.run_root(exp, run_id)
    names = [f"f{i:04d}.txt" for i in range(1003)]
    many = moto.client(max_pool_connections=16)  # a pool as large as the writer threads
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda n: many.put_object(Bucket=BUCKET, Key=f"{root}/many/{n}", Body=n.encode()), names))
    p = tmp_path / "keep.txt"
    p.write_text("keep")
    client.log_artifact(run_id, str(p))

    files = client.list_artifacts(run_id, "many")
    assert [(f.path, f.is_dir, f.file_size) for f in files] == [(f"many/{n}", False, 9) for n in names]
    r = requests.get(f"{px.url}/api/2.0/mlflow/artifacts/list", params={"run_id": run_id, "path": "many"}, timeout=60)
    assert r.status_code == 200, r.text
    assert len(r.json()["files"]) == len(names)

    r = requests.delete(f"{px.url}{AFA}/artifacts/{exp}/{run_id}/artifacts/many", timeout=120)
    assert r.status_code == 200, r.text
    assert bucket_objects(s3, root) == {f"{root}/keep.txt": 4}


def test_proxied_delete_removes_objects(px, s3, unique_name, tmp_path):
    client, exp, run_id = new_run(px, unique_name)
    p = tmp_path / "gone.txt"
    p.write_text("bye")
    for where in ("x", "x/y/z", "keep"):
        client.log_artifact(run_id, str(p), artifact_path=where)
    client.log_artifact(run_id, str(p))
    root = px.run_root(exp, run_id)
    assert len(bucket_objects(s3, root)) == 4

    r = requests.delete(f"{px.url}{AFA}/artifacts/{exp}/{run_id}/artifacts/x", timeout=30)
    assert r.status_code == 200, r.text
    assert bucket_objects(s3, root) == {f"{root}/keep/gone.txt": 3, f"{root}/gone.txt": 3}
    assert listing(client, run_id) == {"gone.txt": (False, 3), "keep": (True, None)}


# --------------------------------------------------------------------------- 2. multipart through MLflow's mpu routes


def test_proxied_multipart_upload_through_presigned_parts(px, s3, unique_name, tmp_path, monkeypatch):
    """create -> PUT of each part to its presigned URL -> complete; S3 marks the object as a
    multipart object with an ETag `"<md5 of part md5s>-<number of parts>"`."""
    from mlflow.store.artifact.http_artifact_repo import HttpArtifactRepository

    monkeypatch.setenv(MPU, "true")
    monkeypatch.setenv(MPU_MIN, str(S3_MIN_PART))
    monkeypatch.setenv(MPU_CHUNK, str(S3_MIN_PART))
    attempts = []
    real = HttpArtifactRepository._try_multipart_upload

    def spy(self, local_file, artifact_path=None):
        attempts.append(os.path.basename(local_file))
        return real(self, local_file, artifact_path)

    monkeypatch.setattr(HttpArtifactRepository, "_try_multipart_upload", spy)

    client, exp, run_id = new_run(px, unique_name)
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(12 * MIB + 12345))  # parts of 5 + 5 + 2 MiB and a bit
    small = tmp_path / "small.txt"
    small.write_bytes(b"s" * (S3_MIN_PART - 1))  # under the threshold: one plain PUT
    client.log_artifact(run_id, str(big), artifact_path="models")
    client.log_artifact(run_id, str(small), artifact_path="models")
    assert attempts == ["big.bin"]

    root = px.run_root(exp, run_id)
    head = s3.head_object(Bucket=BUCKET, Key=f"{root}/models/big.bin")
    assert head["ContentLength"] == big.stat().st_size
    assert head["ETag"].strip('"').endswith("-3"), head["ETag"]
    head = s3.head_object(Bucket=BUCKET, Key=f"{root}/models/small.txt")
    assert "-" not in head["ETag"], head["ETag"]
    assert s3.list_multipart_uploads(Bucket=BUCKET, Prefix=root).get("Uploads", []) == []

    assert listing(client, run_id, "models") == {
        "models/big.bin": (False, big.stat().st_size), "models/small.txt": (False, S3_MIN_PART - 1),
    }
    got = Path(client.download_artifacts(run_id, "models/big.bin", str(tmp_path / "down")))
    assert sha256_of(got) == sha256_of(big)


def test_proxied_multipart_download_through_presigned_url(px, moto, unique_name, tmp_path, monkeypatch):
    """MLFLOW_ENABLE_PROXY_MULTIPART_DOWNLOAD: `presigned/<path>` answers {url, headers,
    file_size}; the client fetches ranges of the presigned URL straight from S3."""
    from mlflow.store.artifact import http_artifact_repo

    client, exp, run_id = new_run(px, unique_name)
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(9 * MIB + 7))
    client.log_artifact(run_id, str(big))  # plain proxied PUT

    monkeypatch.setenv(MPD, "true")
    monkeypatch.setenv(MPD_CHUNK, str(4 * MIB))
    ranges = []
    real = http_artifact_repo.download_chunk

    def spy(*, range_start, range_end, headers, download_path, http_uri, **kw):
        ranges.append((range_start, range_end, http_uri.split("?")[0]))
        return real(range_start=range_start, range_end=range_end, headers=headers,
                    download_path=download_path, http_uri=http_uri, **kw)

    monkeypatch.setattr(http_artifact_repo, "download_chunk", spy)
    got = Path(client.download_artifacts(run_id, "big.bin", str(tmp_path / "down")))
    assert sha256_of(got) == sha256_of(big)
    size = big.stat().st_size
    object_url = f"{moto.endpoint}/{BUCKET}/{px.run_root(exp, run_id)}/big.bin"
    assert sorted(ranges) == [(0, 4 * MIB - 1, object_url), (4 * MIB, 8 * MIB - 1, object_url),
                              (8 * MIB, size - 1, object_url)]


def test_presigned_download_url_answer(px, moto, unique_name, tmp_path):
    client, exp, run_id = new_run(px, unique_name)
    body = os.urandom(100_000)
    p = tmp_path / "w.bin"
    p.write_bytes(body)
    client.log_artifact(run_id, str(p), artifact_path="d")

    r = requests.get(f"{px.url}{AFA}/presigned/{exp}/{run_id}/artifacts/d/w.bin", timeout=30)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert set(answer) == {"url", "headers", "file_size"}, answer
    assert answer["file_size"] == len(body)
    assert answer["headers"] == {}
    assert answer["url"].startswith(f"{moto.endpoint}/{BUCKET}/{px.run_root(exp, run_id)}/d/w.bin?"), answer
    g = requests.get(answer["url"], timeout=30)
    assert g.status_code == 200, g.text
    assert g.content == body
    g = requests.get(answer["url"], headers={"Range": "bytes=10-19"}, timeout=30)
    assert g.status_code == 206, g.text
    assert g.content == body[10:20]

    r = requests.get(f"{px.url}{AFA}/presigned/{exp}/{run_id}/artifacts/d/missing.bin", timeout=30)
    assert r.status_code == 404, r.text
    r = requests.get(f"{px.url}{AFA}/presigned/{exp}/{run_id}/artifacts/..%2f..%2fsecret", timeout=30)
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


@pytest.mark.parametrize("name, disposition", [
    ("page.html", 'attachment; filename="page.html"'),
    ("plus+sign ü.txt", "attachment; filename*=UTF-8''plus%2Bsign%20%C3%BC.txt"),
], ids=["ascii", "non-ascii"])
def test_presigned_download_url_is_an_attachment(px, unique_name, tmp_path, name, disposition):
    """MLflow signs `response-content-disposition=attachment; filename="<name>"` (RFC 5987 for
    non-ASCII names) and `response-content-encoding=identity` into the URL, so that a browser
    opening it saves the artifact instead of rendering it, and range offsets refer to the stored
    bytes (s3_artifact_repo.get_download_presigned_url)."""
    client, exp, run_id = new_run(px, unique_name)
    p = tmp_path / name
    p.write_text("<html><script>alert(1)</script></html>")
    client.log_artifact(run_id, str(p))
    r = requests.get(f"{px.url}{AFA}/presigned/{exp}/{run_id}/artifacts/{requests.utils.quote(name)}", timeout=30)
    assert r.status_code == 200, r.text
    g = requests.get(r.json()["url"], timeout=30)
    assert g.status_code == 200, g.text
    assert g.content == p.read_bytes()
    assert g.headers.get("Content-Disposition") == disposition, dict(g.headers)
    assert g.headers.get("Content-Encoding") == "identity", dict(g.headers)


def test_raw_multipart_create_complete_abort(px, s3, moto, unique_name):
    client, exp, run_id = new_run(px, unique_name)
    base = f"{exp}/{run_id}/artifacts/raw"
    root = px.run_root(exp, run_id)

    r = requests.post(f"{px.url}{AFA}/mpu/create/{base}", json={"path": "data.bin", "num_parts": 2}, timeout=30)
    assert r.status_code == 200, r.text
    created = r.json()
    assert set(created) == {"upload_id", "credentials"}, created
    creds = created["credentials"]
    assert [c["part_number"] for c in creds] == [1, 2]
    for c in creds:
        assert c["url"].startswith(f"{moto.endpoint}/{BUCKET}/{root}/raw/data.bin?"), c
        assert c.get("headers", {}) == {}, c
    uploads = s3.list_multipart_uploads(Bucket=BUCKET, Prefix=root).get("Uploads", [])
    assert [(u["Key"], u["UploadId"]) for u in uploads] == [(f"{root}/raw/data.bin", created["upload_id"])]

    parts_data = [os.urandom(S3_MIN_PART), b"tail"]
    parts = []
    for c, data in zip(creds, parts_data):
        put = requests.put(c["url"], data=data, headers=c.get("headers") or {}, timeout=60)
        assert put.status_code == 200, put.text
        parts.append({"part_number": c["part_number"], "etag": put.headers["ETag"], "url": c["url"]})
    r = requests.post(f"{px.url}{AFA}/mpu/complete/{base}",
                      json={"path": "data.bin", "upload_id": created["upload_id"], "parts": parts}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json() == {}
    assert object_bytes(s3, f"{root}/raw/data.bin") == b"".join(parts_data)
    assert s3.head_object(Bucket=BUCKET, Key=f"{root}/raw/data.bin")["ETag"].strip('"').endswith("-2")
    assert listing(client, run_id, "raw") == {"raw/data.bin": (False, S3_MIN_PART + 4)}

    r = requests.post(f"{px.url}{AFA}/mpu/create/{base}", json={"path": "aborted.bin", "num_parts": 1}, timeout=30)
    assert r.status_code == 200, r.text
    upload_id = r.json()["upload_id"]
    r = requests.post(f"{px.url}{AFA}/mpu/abort/{base}", json={"path": "aborted.bin", "upload_id": upload_id},
                      timeout=30)
    assert r.status_code == 200, r.text
    assert r.json() == {}
    assert s3.list_multipart_uploads(Bucket=BUCKET, Prefix=root).get("Uploads", []) == []
    assert listing(client, run_id, "raw") == {"raw/data.bin": (False, S3_MIN_PART + 4)}

    r = requests.post(f"{px.url}{AFA}/mpu/create/{exp}/{run_id}/artifacts/..%2f..%2f..",
                      json={"path": "x.bin", "num_parts": 1}, timeout=30)
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")
    r = requests.post(f"{px.url}{AFA}/mpu/create/{base}", json={"path": "..", "num_parts": 1}, timeout=30)
    assert_mlflow_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_presigned_urls_use_aws_default_region(px, unique_name, tmp_path):
    """The proxied servers' AWS config file has `region = eu-west-1` in its default profile and
    AWS_DEFAULT_REGION=us-east-1 is set: boto3 (MLflow) takes the environment variable, so the
    presigned URLs are signed for us-east-1 (against real S3, a URL signed for another region than
    the bucket's is refused)."""
    client, exp, run_id = new_run(px, unique_name)
    p = tmp_path / "r.txt"
    p.write_text("r")
    client.log_artifact(run_id, str(p))
    scope = f"%2F{s3_support.REGION}%2Fs3%2Faws4_request"
    r = requests.get(f"{px.url}{AFA}/presigned/{exp}/{run_id}/artifacts/r.txt", timeout=30)
    assert r.status_code == 200, r.text
    assert scope in r.json()["url"], r.json()["url"]
    r = requests.post(f"{px.url}{AFA}/mpu/create/{exp}/{run_id}/artifacts", json={"path": "m.bin", "num_parts": 1},
                      timeout=30)
    assert r.status_code == 200, r.text
    created = r.json()
    assert scope in created["credentials"][0]["url"], created
    r = requests.post(f"{px.url}{AFA}/mpu/abort/{exp}/{run_id}/artifacts",
                      json={"path": "m.bin", "upload_id": created["upload_id"]}, timeout=30)
    assert r.status_code == 200, r.text


def test_server_info_advertises_operator_opt_in(px, s3, unique_name, tmp_path, monkeypatch):
    """The operator set MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD/DOWNLOAD=true on the server, which
    MLflow advertises in server-info; a client without its own flags then uses presigned
    transfers (for files of at least MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE)."""
    r = requests.get(f"{px.url}/api/3.0/mlflow/server-info", timeout=30)
    assert r.status_code == 200, r.text
    info = r.json()
    assert (info.get("multipart_uploads_enabled"), info.get("multipart_downloads_enabled")) == (True, True), info

    monkeypatch.delenv(MPU)
    monkeypatch.delenv(MPD)
    monkeypatch.setenv(MPU_MIN, str(S3_MIN_PART))
    monkeypatch.setenv(MPU_CHUNK, str(S3_MIN_PART))
    client, exp, run_id = new_run(px, unique_name)
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(S3_MIN_PART + 1))
    client.log_artifact(run_id, str(big))
    head = s3.head_object(Bucket=BUCKET, Key=f"{px.run_root(exp, run_id)}/big.bin")
    assert head["ETag"].strip('"').endswith("-2"), head["ETag"]


# --------------------------------------------------------------------------- 3. direct to S3


def test_direct_artifact_uri_is_s3(dx, unique_name):
    client, exp, run_id = new_run(dx, unique_name)
    assert client.get_run(run_id).info.artifact_uri == f"s3://{BUCKET}/direct/{exp}/{run_id}/artifacts"
    assert client.get_experiment(exp).artifact_location == f"s3://{BUCKET}/direct/{exp}"
    model = client.create_logged_model(exp, name="m")
    assert model.artifact_location == f"s3://{BUCKET}/direct/{exp}/models/{model.model_id}/artifacts"
    exp2 = client.create_experiment(unique_name("explicit"), artifact_location=f"s3://{BUCKET}/elsewhere/e")
    run2 = client.create_run(exp2).info.run_id
    assert client.get_run(run2).info.artifact_uri == f"s3://{BUCKET}/elsewhere/e/{run2}/artifacts"


def test_direct_client_writes_to_s3(dx, s3, unique_name, tmp_path):
    client, exp, run_id = new_run(dx, unique_name)
    src = tmp_path / "notes.txt"
    src.write_text("direct\n")
    client.log_artifact(run_id, str(src))
    tree = tmp_path / "tree"
    make_tree(tree)
    expected = local_tree(tree)
    client.log_artifacts(run_id, str(tree), artifact_path="tree")
    client.log_text(run_id, "t", "texts/t.txt")

    root = dx.run_root(exp, run_id)
    want = {f"{root}/notes.txt": 7, f"{root}/texts/t.txt": 1,
            **{f"{root}/tree/{p}": size for p, (size, _) in expected.items()}}
    assert bucket_objects(s3, root) == want
    assert listing(client, run_id) == {"notes.txt": (False, 7), "texts": (True, None), "tree": (True, None)}
    assert walk_listing(client, run_id, "tree") == sizes_as_listed(
        {f"tree/{p}": size for p, (size, _) in expected.items()})
    got = Path(client.download_artifacts(run_id, "tree", str(tmp_path / "down")))
    assert local_tree(got) == expected
    got = Path(client.download_artifacts(run_id, "notes.txt", str(tmp_path / "down")))
    assert got.read_text() == "direct\n"


def test_direct_ui_routes_read_s3(dx, unique_name, tmp_path):
    """The server itself reads runs whose artifact root is s3:// (artifacts/list, get-artifact)."""
    client, exp, run_id = new_run(dx, unique_name)
    p = tmp_path / "x.txt"
    p.write_text("xyz")
    client.log_artifact(run_id, str(p), artifact_path="d")
    root_uri = f"s3://{BUCKET}/direct/{exp}/{run_id}/artifacts"
    r = requests.get(f"{dx.url}/api/2.0/mlflow/artifacts/list", params={"run_id": run_id}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json() == {"root_uri": root_uri, "files": [{"path": "d", "is_dir": True}]}
    r = requests.get(f"{dx.url}/ajax-api/2.0/mlflow/artifacts/list", params={"run_id": run_id, "path": "d"},
                     timeout=30)
    assert r.json() == {"root_uri": root_uri, "files": [{"path": "d/x.txt", "is_dir": False, "file_size": 3}]}
    r = requests.get(f"{dx.url}/get-artifact", params={"run_id": run_id, "path": "d/x.txt"}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.content == b"xyz"


FASTAPI_503 = {"detail": "Artifact serving is disabled. Run `mlflow server` with `--serve-artifacts` to enable."}


def flask_503(rule: str) -> str:
    return (f"Endpoint: {rule} disabled due to the mlflow server running with `--no-serve-artifacts`. "
            "To enable artifacts server functionality, run `mlflow server` with `--serve-artifacts`")


def test_direct_proxied_routes_answer_503(dx, unique_name):
    client, exp, run_id = new_run(dx, unique_name)
    path = f"{exp}/{run_id}/artifacts/x.txt"
    for prefix in ("/api/2.0", "/ajax-api/2.0"):
        base = f"{dx.url}{prefix}/mlflow-artifacts"
        # the streaming routes (FastAPI in MLflow 3.18): JSON detail
        for method, kw in (("GET", {}), ("PUT", {"data": b"x"})):
            r = requests.request(method, f"{base}/artifacts/{path}", timeout=30, **kw)
            assert (r.status_code, r.json()) == (503, FASTAPI_503), (method, r.text)
        # the others (Flask): text naming the route rule
        cases = [
            ("GET", f"{base}/artifacts", {"params": {"path": path}}, "artifacts"),
            ("DELETE", f"{base}/artifacts/{path}", {}, "artifacts/<path:artifact_path>"),
            ("POST", f"{base}/mpu/create/{path}", {"json": {"path": "x.txt", "num_parts": 1}},
             "mpu/create/<path:artifact_path>"),
            ("POST", f"{base}/mpu/complete/{path}", {"json": {"path": "x.txt", "upload_id": "u", "parts": []}},
             "mpu/complete/<path:artifact_path>"),
            ("POST", f"{base}/mpu/abort/{path}", {"json": {"path": "x.txt", "upload_id": "u"}},
             "mpu/abort/<path:artifact_path>"),
            ("GET", f"{base}/presigned/{path}", {}, "presigned/<path:artifact_path>"),
        ]
        for method, url, kw, rule in cases:
            r = requests.request(method, url, timeout=30, **kw)
            assert (r.status_code, r.text) == (503, flask_503(f"{prefix}/mlflow-artifacts/{rule}")), (method, url)
