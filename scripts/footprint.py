#!/usr/bin/env python3
"""Footprint of a Trackway build: size, start-up to the first /health 200, idle RSS, RSS under load.

Prints one block of numbers per server command, so JVM and native can be compared on the same
machine with the same procedure:

  scripts/footprint.py --jar target/quarkus-app/quarkus-run.jar
  scripts/footprint.py --executable target/native/trackway-0.1.0-SNAPSHOT-runner
  scripts/footprint.py --jar ... --executable ... --backend mysql --runs 5

Procedure (each server on a free loopback port, in a temporary directory, SQLite by default):
  * start-up: time from spawning the process to the first HTTP 200 of GET /health (polled every
    2 ms), on a fresh database (schema created at start) and then on the existing database
    (restart on the same file); median of --runs starts each;
  * RSS right after a few warm-up requests (create an experiment, a run, log a small batch, read
    it back), and idle RSS: VmRSS 5 s later (the native executable's idle trim, 2 s without a
    request by default, has run by then);
  * load: --batches log-batch requests of 1000 metrics each into one run (the shape of
    compat-tests/bench/bench_tracking.py), then VmHWM (peak RSS) of the server and rows/s.
Only the standard library is used. MySQL needs a local MariaDB and root over the unix socket
(scripts/mariadb.sh); each measurement gets a fresh database, dropped afterwards.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """user + system CPU time of a process so far (less sensitive to a busy machine than wall time)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def proc_status(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Server:
    def __init__(self, prefix: list[str], uri: str, work: Path):
        self.port = free_port()
        self.cmd = [*prefix, "--host", "127.0.0.1", "--port", str(self.port), "--backend-store-uri", uri,
                    "--artifacts-destination", str(work / "artifacts")]
        self.log = open(work / "server.log", "ab")
        env = dict(os.environ)
        env.pop("MLFLOW_TRACKING_URI", None)
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(self.cmd, cwd=work, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env, start_new_session=True)

    def wait_health(self, timeout: float = 240) -> tuple[float, float]:
        """Seconds from spawn to the first 200 of /health, and the server's CPU seconds until then."""
        deadline = self.t0 + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {' '.join(self.cmd)}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/health")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return time.monotonic() - self.t0, cpu_seconds(self.proc.pid)
            except OSError:
                pass
            time.sleep(0.002)
        raise RuntimeError("no /health 200 within %.0f s" % timeout)

    def call(self, method: str, path: str, body=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        data = json.dumps(body).encode() if body is not None else None
        c.request(method, "/api/2.0/mlflow" + path, body=data, headers={"Content-Type": "application/json"})
        r = c.getresponse()
        text = r.read()
        c.close()
        if r.status != 200:
            raise RuntimeError(f"{method} {path}: {r.status} {text[:300]!r}")
        return json.loads(text or b"{}")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.log.close()


class Db:
    """A backend store: a SQLite file, or a fresh MariaDB database."""

    def __init__(self, kind: str, work: Path):
        self.kind = kind
        self.path = work / "mlflow.db"
        self.name = f"footprint_{uuid.uuid4().hex[:10]}"
        if kind == "mysql":
            subprocess.run(["mariadb", "-uroot", "-e", f"CREATE DATABASE `{self.name}`"], check=True)

    @property
    def uri(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.path}"
        return f"mysql://trackway:trackway@127.0.0.1:3306/{self.name}"

    def latest_run_id(self) -> str:
        q = "SELECT run_uuid FROM runs ORDER BY start_time DESC LIMIT 1"
        if self.kind == "sqlite":
            with sqlite3.connect(self.path) as c:
                return c.execute(q).fetchone()[0]
        out = subprocess.run(["mariadb", "-uroot", "-N", "-D", self.name, "-e", q], check=True,
                             capture_output=True, text=True)
        return out.stdout.strip()

    def drop(self):
        if self.kind == "mysql":
            subprocess.run(["mariadb", "-uroot", "-e", f"DROP DATABASE IF EXISTS `{self.name}`"], check=False)


def create_run(s: Server, db: Db, exp: str) -> str:
    resp = s.call("POST", "/runs/create", {"experiment_id": exp, "start_time": int(time.time() * 1000)})
    run_id = resp.get("run", {}).get("info", {}).get("run_id")
    # a build whose responses lose their fields (an unregistered native type) still gets measured
    return run_id or db.latest_run_id()


def measure(label: str, prefix: list[str], size_bytes: int, size_note: str, a) -> dict:
    fresh, existing, warm, idle, hwm, rps, after_idle = [], [], None, None, None, None, None
    for i in range(a.runs):
        work = Path(tempfile.mkdtemp(prefix="footprint-"))
        db = Db(a.backend, work)
        try:
            s = Server(prefix, db.uri, work)
            try:
                fresh.append(s.wait_health())
            finally:
                s.stop()
            s = Server([*prefix, *a.restart_opts.split()], db.uri, work)
            try:
                existing.append(s.wait_health())
                if i == a.runs - 1:
                    exp = s.call("POST", "/experiments/create", {"name": "fp-" + uuid.uuid4().hex[:8]})["experiment_id"]
                    run = create_run(s, db, exp)
                    s.call("POST", "/runs/log-batch", {"run_id": run, "metrics": [
                        {"key": "m", "value": 1.0, "timestamp": 1, "step": 0}], "params": [{"key": "p", "value": "1"}]})
                    s.call("GET", f"/runs/get?run_id={run}")
                    s.call("GET", f"/experiments/get?experiment_id={exp}")
                    warm = proc_status(s.proc.pid, "VmRSS")
                    time.sleep(5)
                    idle = proc_status(s.proc.pid, "VmRSS")
                    # the first request after the idle period, then the same one again
                    after_idle = []
                    for _ in range(2):
                        t = time.perf_counter()
                        s.call("GET", f"/runs/get?run_id={run}")
                        after_idle.append((time.perf_counter() - t) * 1000)
                    run = create_run(s, db, exp)
                    t = time.perf_counter()
                    for b in range(a.batches):
                        s.call("POST", "/runs/log-batch", {"run_id": run, "metrics": [
                            {"key": f"m{j % 50}", "value": (b * 1000 + j) * 0.001,
                             "timestamp": 1_700_000_000_000 + b, "step": b * 20 + j // 50} for j in range(1000)]})
                    rps = a.batches * 1000 / (time.perf_counter() - t)
                    hwm = proc_status(s.proc.pid, "VmHWM")
            finally:
                s.stop()
        finally:
            db.drop()
            shutil.rmtree(work, ignore_errors=True)
    def ms(pairs):
        wall, cpu = [w for w, _ in pairs], [c for _, c in pairs]
        return (f"{statistics.median(wall) * 1000:.0f} ms (min {min(wall) * 1000:.0f}, max {max(wall) * 1000:.0f});"
                f" CPU {statistics.median(cpu) * 1000:.0f} ms")
    load = os.getloadavg()[0]
    print(f"== {label} ({a.backend}; load average {load:.1f} on {os.cpu_count()} CPUs at the end)")
    print(f"  size:                     {size_bytes / 2**20:.1f} MiB {size_note}")
    print(f"  first /health, fresh db:  {ms(fresh)}")
    print(f"  first /health, existing:  {ms(existing)}")
    print(f"  RSS right after warm-up:  {warm / 1024:.0f} MiB")
    print(f"  idle RSS after warm-up:   {idle / 1024:.0f} MiB (5 s later)")
    print(f"  runs/get after idle:      {after_idle[0]:.1f} ms, then {after_idle[1]:.1f} ms")
    print(f"  peak RSS, log-batch load: {hwm / 1024:.0f} MiB ({a.batches} x 1000 metrics, {rps:,.0f} rows/s)")
    sys.stdout.flush()
    return dict(fresh=fresh, existing=existing, warm=warm, idle=idle, hwm=hwm, rps=rps)


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", help="quarkus-run.jar (the JVM build)")
    ap.add_argument("--java", default="java")
    ap.add_argument("--jvm-opts", default="", help="extra JVM options, e.g. -Xmx256m")
    ap.add_argument("--executable", help="the native executable (target/native/*-runner)")
    ap.add_argument("--exe-opts", default="", help="options for the executable, e.g. --exe-opts=-Xmx64m")
    ap.add_argument("--restart-opts", default="",
                    help="extra options for the restarts on the existing database only, e.g."
                         " --restart-opts=-Xmn8m")
    ap.add_argument("--backend", choices=("sqlite", "mysql"), default="sqlite")
    ap.add_argument("--runs", type=int, default=3, help="starts per measurement (median)")
    ap.add_argument("--batches", type=int, default=50, help="log-batch requests of 1000 metrics")
    a = ap.parse_args()
    if not a.jar and not a.executable:
        ap.error("give --jar and/or --executable")
    if a.jar:
        jar = Path(a.jar).resolve()
        measure("JVM " + " ".join([a.java, *a.jvm_opts.split()]), [a.java, *a.jvm_opts.split(), "-jar", str(jar)],
                du(jar.parent), "(target/quarkus-app; plus a JRE)", a)
    if a.executable:
        exe = Path(a.executable).resolve()
        measure(" ".join(["native", exe.name, *a.exe_opts.split()]), [str(exe), *a.exe_opts.split()],
                exe.stat().st_size, "(one file; plus libc, libz)", a)


if __name__ == "__main__":
    main()
