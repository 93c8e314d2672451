"""A real S3-compatible server for the artifact tests, and tracking servers configured for S3.

`MotoS3` runs moto's standalone server (`moto_server`, from the venv) on a free loopback port,
in its own process group, and hands out boto3 clients and per-test-module buckets. Nothing here
talks to AWS: every client gets the explicit moto endpoint and throw-away credentials, and the
AWS config/credentials files are pointed at empty paths so a developer's ~/.aws is never read.

`start_s3_server` starts Trackway (the jar) or MLflow's own server like servers.start_server
(same backend kinds, log file, STARTED list, health wait), but with the caller's command-line
options and extra environment (the S3 endpoint, credentials and checksum settings).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

import servers

ACCESS_KEY = "trackway-compat"
SECRET_KEY = "trackway-compat-secret"
REGION = "us-east-1"

# Variables of the test process that could point a client or server at real AWS or another
# profile; they are removed from the environment of every process started here.
AWS_VARS_TO_DROP = (
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
    "AWS_REQUEST_CHECKSUM_CALCULATION", "AWS_RESPONSE_CHECKSUM_VALIDATION",
    "MLFLOW_S3_ENDPOINT_URL", "MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE", "MLFLOW_S3_UPLOAD_EXTRA_ARGS",
)


def s3_env(endpoint: str, workdir: Path, checksum: str | None = None,
           profile_region: str | None = None) -> dict[str, str]:
    """The environment a process needs to use moto as its S3 (MLflow's and AWS' variable names).

    checksum: None leaves the SDKs' default (`when_supported`); otherwise both
    AWS_REQUEST_CHECKSUM_CALCULATION and AWS_RESPONSE_CHECKSUM_VALIDATION get this value.
    profile_region: a `region` in the AWS config file's default profile (like a developer's
    ~/.aws/config); AWS_DEFAULT_REGION (us-east-1) is set either way and wins for boto3.
    """
    empty = workdir / "no-aws-credentials"
    empty.write_text("")
    config = workdir / "aws-config"
    config.write_text(f"[default]\nregion = {profile_region}\n" if profile_region else "")
    env = {
        "MLFLOW_S3_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": str(config),
        "AWS_SHARED_CREDENTIALS_FILE": str(empty),
        # no instance-metadata look-ups (region/credential chains) on a machine that is not EC2
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    if checksum is not None:
        env["AWS_REQUEST_CHECKSUM_CALCULATION"] = checksum
        env["AWS_RESPONSE_CHECKSUM_VALIDATION"] = checksum
    return env


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    for name in AWS_VARS_TO_DROP:
        env.pop(name, None)
    env.pop("MLFLOW_TRACKING_URI", None)
    env.update(MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true")
    env.update(extra)
    return env


# --------------------------------------------------------------------------- moto


@dataclass
class MotoS3:
    endpoint: str
    process: servers.ServerProcess  # in servers.STARTED, so failing tests show moto's log too

    def client(self, **config):
        """A boto3 S3 client on moto (path-style, explicit credentials)."""
        import boto3
        from botocore.config import Config

        return boto3.session.Session(
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION,
        ).client("s3", endpoint_url=self.endpoint,
                 config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}, **config))

    def create_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def log_tail(self, lines: int = 40) -> str:
        return self.process.log_tail(lines)

    def stop(self) -> None:
        self.process.stop()


def start_moto(workdir: Path, timeout: float = 60) -> MotoS3:
    moto_server = Path(sys.executable).with_name("moto_server")
    if not moto_server.exists():
        raise RuntimeError(f"{moto_server} not found: install compat-tests/requirements.txt (moto[server])")
    workdir.mkdir(parents=True, exist_ok=True)
    port = servers.free_port()
    log_path = workdir / "moto-server.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen([str(moto_server), "-H", "127.0.0.1", "-p", str(port)], cwd=workdir,
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env=clean_env({}), start_new_session=True)
    endpoint = f"http://127.0.0.1:{port}"
    moto = MotoS3(endpoint, servers.ServerProcess(name="moto-s3", url=endpoint, log_path=log_path,
                                                  proc=proc, command=[str(moto_server)]))
    servers.STARTED.append(moto.process)
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"moto_server exited with {proc.returncode}:\n{moto.log_tail()}")
        try:
            r = requests.get(moto.endpoint + "/moto-api/", timeout=2)
            if r.status_code < 500:
                return moto
            last = f"HTTP {r.status_code}"
        except requests.RequestException as e:
            last = repr(e)
        time.sleep(0.2)
    moto.stop()
    raise RuntimeError(f"moto_server not up after {timeout:.0f}s (last: {last}):\n{moto.log_tail()}")


# --------------------------------------------------------------------------- tracking servers


def start_s3_server(name: str, target: str, backend_kind: str, workdir: Path, *, options: list[str],
                    env: dict[str, str], jar: Path, java: str = "java") -> servers.ServerProcess:
    """Trackway or MLflow with the given options (after --host/--port/--backend-store-uri)."""
    workdir.mkdir(parents=True, exist_ok=True)
    if target == "trackway":
        servers.trackway_command(jar, java)  # fails early when there is nothing to start
    backend = servers.make_backend(backend_kind, workdir, target)
    port = servers.free_port()
    common = ["--host", "127.0.0.1", "--port", str(port),
              "--backend-store-uri", backend.uri_for(target), *options]
    if target == "trackway":
        cmd = [*servers.trackway_command(jar, java), *common]
    elif target == "mlflow":
        workers = os.environ.get("COMPAT_MLFLOW_WORKERS", "2")
        cmd = [str(Path(sys.executable).with_name("mlflow")), "server", *common, "--workers", workers]
    else:
        raise ValueError(f"unknown target {target!r}")
    log_path = workdir / f"{name}-server.log"
    log = open(log_path, "wb")
    shown = " ".join(f"{k}={v}" for k, v in sorted(env.items()) if "SECRET" not in k)
    log.write(f"$ {shown} {' '.join(cmd)}\n".encode())
    log.flush()
    proc = subprocess.Popen(cmd, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=clean_env(env), start_new_session=True)
    server = servers.ServerProcess(name=name, url=f"http://127.0.0.1:{port}", log_path=log_path,
                                   proc=proc, backend=backend, command=cmd)
    servers.STARTED.append(server)
    try:
        servers.wait_healthy(server)
    except Exception:
        server.stop()
        raise
    return server
