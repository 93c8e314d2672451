"""Benchmark: one large artifact up and down through a tracking server, with the stock client.

Starts Trackway (`java -Xmx128m -jar ...`, SQLite, a temporary `--artifacts-destination`) or
MLflow's own server, logs a file of random bytes with `MlflowClient.log_artifact`, downloads it
with `download_artifacts`, checks the SHA-256, and prints the upload and download times and the
server's peak resident memory (VmHWM from /proc/<pid>/status; for MLflow, the largest of its
processes).

    .venv/bin/python bench_artifact_roundtrip.py                       # Trackway, 1 GiB
    .venv/bin/python bench_artifact_roundtrip.py --size-mib 256 --xmx 64m
    .venv/bin/python bench_artifact_roundtrip.py --target mlflow       # the reference
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "600")

import subprocess  # noqa: E402

import servers  # noqa: E402


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def vm_hwm_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def process_tree(pid: int) -> list[int]:
    out = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for c in children:
        out.extend(process_tree(int(c)))
    return out


def start(target: str, work: Path, jar: Path, xmx: str, java: str) -> servers.ServerProcess:
    port = servers.free_port()
    uri = f"sqlite:///{(work / 'mlflow.db').resolve()}"
    common = ["--host", "127.0.0.1", "--port", str(port), "--backend-store-uri", uri,
              "--artifacts-destination", str((work / "artifacts").resolve())]
    if target == "trackway":
        cmd = [*servers.trackway_command(jar, java, [f"-Xmx{xmx}"]), *common]
    else:
        cmd = [str(Path(sys.executable).with_name("mlflow")), "server", *common, "--workers", "1"]
    log_path = work / f"{target}-server.log"
    env = dict(os.environ)
    env.pop("MLFLOW_TRACKING_URI", None)
    proc = subprocess.Popen(cmd, cwd=work, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    server = servers.ServerProcess(name=target, url=f"http://127.0.0.1:{port}", log_path=log_path,
                                   proc=proc, command=cmd)
    servers.wait_healthy(server)
    return server


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", choices=("trackway", "mlflow"), default="trackway")
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--xmx", default="128m", help="Trackway's -Xmx")
    ap.add_argument("--jar", default=os.environ.get("TRACKWAY_JAR", str(servers.DEFAULT_JAR)))
    ap.add_argument("--java", default=os.environ.get("JAVA", "java"))
    args = ap.parse_args()

    from mlflow import MlflowClient

    with tempfile.TemporaryDirectory(prefix="bench-artifacts-") as tmp:
        work = Path(tmp)
        src = work / "big.bin"
        with open(src, "wb") as f:
            for _ in range(args.size_mib):
                f.write(os.urandom(1 << 20))
        expected = sha256_of(src)
        server = start(args.target, work, Path(args.jar), args.xmx, args.java)
        try:
            pids = process_tree(server.proc.pid)
            base_rss = max(vm_hwm_kib(p) for p in pids)
            client = MlflowClient(server.url)
            run_id = client.create_run(client.create_experiment("bench")).info.run_id

            t0 = time.monotonic()
            client.log_artifact(run_id, str(src))
            t_up = time.monotonic() - t0

            dst = work / "down"
            dst.mkdir()
            t0 = time.monotonic()
            got = Path(client.download_artifacts(run_id, "big.bin", str(dst)))
            t_down = time.monotonic() - t0

            ok = sha256_of(got) == expected
            peak = max(vm_hwm_kib(p) for p in process_tree(server.proc.pid))
        finally:
            server.stop()
    mib = args.size_mib
    heap = f" -Xmx{args.xmx}" if args.target == "trackway" else ""
    print(f"target={args.target}{heap} size={mib} MiB sha256={'ok' if ok else 'MISMATCH'}")
    print(f"upload   {t_up:7.2f} s  {mib / t_up:8.1f} MiB/s")
    print(f"download {t_down:7.2f} s  {mib / t_down:8.1f} MiB/s")
    print(f"server peak RSS (VmHWM) {peak / 1024:.0f} MiB (after start-up {base_rss / 1024:.0f} MiB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
