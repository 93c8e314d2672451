#!/usr/bin/env python3
"""Trackway against MLflow's own server, on the same database kind, in one run.

For each database kind (SQLite, MariaDB) and each server (`mlflow server` of the compat-tests
venv with its default 4 uvicorn workers, and Trackway's jar), on a fresh database each:

  start-up     spawn to the first 200 of GET /health, on the fresh database, then again on the
               existing one (a restart after the load)
  ingest       C clients, each its own run, B log-batch requests of 1000 metrics (100 keys x 10
               steps): rows/s
  hot-run      C clients, one run, B log-batch requests of K metrics (the same K keys): rows/s
  history      a metric of H points (written directly), read back with paged get-history
               (max_results 25000, the MLflow client's page size): seconds for the whole history
  bulk         get-history-bulk-interval of a metric of N points, max_results 320 (the UI's)
  search       search-runs on an experiment of R runs (20 params, 10 tags, 10 metrics each,
               written directly): metric + param filter, order by a metric, 1000 results; p50
  wrk          wrk, 32 connections, 2 threads: log-metric (a new point per request) and runs/get
  otlp         N clients x M traces x K spans: one OTLP/HTTP protobuf export per trace (a root and
               K-1 children with MLflow's span attributes) POSTed to /v1/traces with the
               x-mlflow-experiment-id header, as the stock client's exporter sends them: spans/s
  artifacts    one file up (PUT) and down (GET) through the artifact proxy
  rss          resident memory of the server's process tree after the metadata workloads, and
               its peak over the session (sampled every 100 ms)
plus, per database kind, the ceiling: bench/Seed.java's raw loader (C threads, 1000-row INSERT
statements into MLflow's metrics table, one commit each).

The client never decodes large JSON answers (it reads the bytes and the page token): that cost is
the client's, the same for both servers. Directly written rows are the rows the servers would
write (bench/Seed.java), so both servers read the same data.

  bench/bench.py --smoke --db sqlite           # seconds: Trackway only, tiny sizes (CI)
  bench/bench.py --out /tmp/bench.json         # the full run (about 40 minutes)
  bench/bench.py --db mysql --servers trackway --only ingest,wrk
  bench/bench.py --db sqlite,mysql --servers mlflow,trackway --only otlp --otlp-size 4x100x20

Needs: the jar (mvn package), the compat-tests venv (mlflow 3.18 with its opentelemetry-proto,
pymysql), wrk, MariaDB with root over the unix socket (scripts/mariadb.sh). Timings taken on a busy machine mean nothing:
--wait-load waits for a quiet machine first (and the load is recorded in the results).
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "compat-tests"))
import servers  # noqa: E402  (fresh databases, free ports, the Trackway command)

SCALES = {
    "full": dict(clients=8, batches=25, hot_keys=500, history=100_000, bulk=1_000_000, bulk_calls=5,
                 runs=25_000, search_calls=7, history_calls=3, wrk_seconds=20, wrk_connections=32,
                 artifact_mib=1024, otlp_clients=4, otlp_traces=100, otlp_spans=20),
    "smoke": dict(clients=2, batches=2, hot_keys=50, history=3_000, bulk=10_000, bulk_calls=1,
                  runs=300, search_calls=2, history_calls=1, wrk_seconds=2, wrk_connections=8,
                  artifact_mib=8, otlp_clients=2, otlp_traces=3, otlp_spans=5),
}
WORKLOADS = ("raw", "ingest", "hot", "history", "bulk", "search", "wrk", "otlp", "artifacts")
HISTORY_PAGE = 25_000
SEARCH = {"filter": "metrics.m0 > 0.5 AND params.p0 = '1'", "order_by": ["metrics.m1 DESC"],
          "max_results": 1000}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --------------------------------------------------------------------------- processes


def tree(pid: int) -> list[int]:
    out = [pid]
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        kids = []
    for k in kids:
        out.extend(tree(int(k)))
    return out


def rss_kib(pid: int) -> int:
    """VmRSS of a process and all its descendants (MLflow's workers are child processes)."""
    total = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


class Server:
    """One server process on one database: start-up timing, RSS sampling, stop."""

    def __init__(self, name: str, cmd: list[str], work: Path):
        self.name = name
        self.port = int(cmd[cmd.index("--port") + 1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.cmd = cmd
        env = dict(os.environ, MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true")
        env.pop("MLFLOW_TRACKING_URI", None)
        self.log_path = work / f"{name}-{self.port}.log"
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=work, stdout=open(self.log_path, "wb"),
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                     start_new_session=True)
        self.peak = 0
        self._sampling = True
        self.startup = self._wait_health()
        threading.Thread(target=self._sample, daemon=True).start()

    def _wait_health(self, timeout: float = 300) -> float:
        while time.monotonic() - self.t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}); see {self.log_path}:\n"
                                   + servers.tail(self.log_path, 30))
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/health")
                ok = c.getresponse().status == 200
                c.close()
                if ok:
                    return time.monotonic() - self.t0
            except OSError:
                pass
            time.sleep(0.01)
        raise RuntimeError(f"{self.name}: no /health within {timeout} s")

    def _sample(self):
        while self._sampling and self.proc.poll() is None:
            self.peak = max(self.peak, rss_kib(self.proc.pid))
            time.sleep(0.1)

    def rss_mib(self) -> float:
        return rss_kib(self.proc.pid) / 1024

    def stop(self):
        self._sampling = False
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def server_command(name: str, backend, work: Path, jar: Path, jvm_opts: list[str]) -> list[str]:
    common = ["--host", "127.0.0.1", "--port", str(servers.free_port()),
              "--backend-store-uri", backend.uri_for(name),
              "--artifacts-destination", str(work / f"artifacts-{name}")]
    if name == "trackway":
        return [*servers.trackway_command(jar, "java", jvm_opts), *common]
    # MLflow 3.18's default: uvicorn with 4 workers (mlflow/server/__init__.py, `workers or 4`)
    return [str(Path(sys.executable).with_name("mlflow")), "server", *common, "--workers", "4"]


def jdbc_url(backend) -> str:
    if backend.kind == "sqlite":
        return f"jdbc:sqlite:{backend.path}"
    return (f"jdbc:mysql://{servers.MYSQL_HOST}:{servers.MYSQL_PORT}/{backend.database}"
            f"?user={servers.MYSQL_USER}&password={servers.MYSQL_PASSWORD}&rewriteBatchedStatements=true")


SEED_CLASSES = Path(tempfile.mkdtemp(prefix="trackway-bench-seed-"))


def seed(jar: Path, *args) -> dict:
    """bench/Seed.java (compiled once) with the JDBC drivers the jar ships."""
    libs = jar.parent / "lib" / "main"
    cp = ":".join(str(p) for p in libs.glob("*.jar") if re.search(r"mysql-connector|sqlite-jdbc", p.name))
    if not (SEED_CLASSES / "Seed.class").exists():
        subprocess.run(["javac", "-d", str(SEED_CLASSES), str(HERE / "Seed.java")], check=True)
    out = subprocess.run(["java", "-cp", f"{SEED_CLASSES}:{cp}", "Seed", *map(str, args)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- HTTP client


class Client:
    """One keep-alive connection (one per client thread)."""

    def __init__(self, url: str, timeout: float = 600):
        host, port = url.split("//")[1].split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=timeout)

    def call(self, method: str, path: str, body: bytes | None = None,
             headers: dict | None = None) -> tuple[int, bytes]:
        if headers is None:
            headers = {"Content-Type": "application/json"} if body is not None else {}
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # a keep-alive connection the server closed while it sat idle (uvicorn closes them
                # after 5 s, e.g. while a workload seeds its data): the request was not read;
                # reconnect once, as urllib3 does
                self.conn.close()
                if attempt == 2:
                    raise
            except (OSError, http.client.HTTPException):
                self.conn.close()
                raise
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, body=None) -> dict:
        status, data = self.call(method, "/api/2.0/mlflow" + path,
                                 None if body is None else json.dumps(body).encode())
        if status != 200:
            raise RuntimeError(f"{method} {path}: {status} {data[:300]!r}")
        return json.loads(data)


def new_experiment(c: Client, label: str) -> str:
    return c.json("POST", "/experiments/create", {"name": f"{label}-{uuid.uuid4().hex[:8]}"})["experiment_id"]


def new_run(c: Client, exp: str) -> str:
    return c.json("POST", "/runs/create", {"experiment_id": exp, "start_time": int(time.time() * 1000)})[
        "run"]["info"]["run_id"]


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def post_all(url: str, bodies_per_client: list[list[bytes]], path: str,
             headers: dict | None = None) -> dict:
    """Each client thread posts its bodies in order; wall time, latencies and errors."""
    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(bodies):
        c = Client(url)
        for body in bodies:
            t = time.perf_counter()
            try:
                status, data = c.call("POST", path, body, headers)
            except Exception as e:  # noqa: BLE001 - counted, not fatal
                status, data = 0, repr(e).encode()
                c = Client(url)
            with lock:
                lat.append((time.perf_counter() - t) * 1000)
                if status != 200:
                    errors.append(f"{status} {data[:160]!r}")

    threads = [threading.Thread(target=client, args=(b,)) for b in bodies_per_client]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return dict(seconds=time.perf_counter() - t0, p50_ms=statistics.median(lat), p95_ms=pct(lat, 95),
                errors=len(errors), error_sample=errors[:3])


# --------------------------------------------------------------------------- workloads


def w_ingest(srv: Server, s: dict, **_) -> dict:
    c = Client(srv.url)
    exp = new_experiment(c, "ingest")
    bodies = []
    for k in range(s["clients"]):
        run = new_run(c, exp)
        bodies.append([json.dumps({"run_id": run, "metrics": [
            {"key": f"m{i % 100}", "value": (b * 1000 + i) * 0.001, "timestamp": 1_700_000_000_000 + b * 10 + i // 100,
             "step": b * 10 + i // 100} for i in range(1000)]}).encode() for b in range(s["batches"])])
    r = post_all(srv.url, bodies, "/api/2.0/mlflow/runs/log-batch")
    r["rows_per_s"] = s["clients"] * s["batches"] * 1000 / r["seconds"]
    return r


def w_hot(srv: Server, s: dict, **_) -> dict:
    c = Client(srv.url)
    run = new_run(c, new_experiment(c, "hot"))
    keys = s["hot_keys"]
    bodies = [[json.dumps({"run_id": run, "metrics": [
        {"key": f"k{i}", "value": (k * 31 + b * 7 + i) % 1000 * 0.001, "timestamp": 1_700_000_000_000 + b,
         "step": b * 100 + k} for i in range(keys)]}).encode() for b in range(s["batches"])]
        for k in range(s["clients"])]
    r = post_all(srv.url, bodies, "/api/2.0/mlflow/runs/log-batch")
    r["rows_per_s"] = s["clients"] * s["batches"] * keys / r["seconds"]
    return r


def otlp_export(trace_id: bytes, spans: int, t0_ns: int) -> bytes:
    """One ExportTraceServiceRequest: a trace of `spans` spans (a root, the others its children)."""
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    req = ExportTraceServiceRequest()
    rs = req.resource_spans.add()
    a = rs.resource.attributes.add()
    a.key, a.value.string_value = "service.name", "bench"
    ss = rs.scope_spans.add()
    ss.scope.name = "mlflow.tracing"
    root = trace_id[:8]
    for i in range(spans):
        sp = ss.spans.add()
        sp.trace_id = trace_id
        sp.span_id = root if i == 0 else i.to_bytes(4, "big") + trace_id[8:12]
        if i:
            sp.parent_span_id = root
        sp.name = "root" if i == 0 else f"step_{i}"
        sp.kind = 1
        sp.start_time_unix_nano = t0_ns + i * 1000
        sp.end_time_unix_nano = t0_ns + 10_000_000 - i * 1000
        sp.status.code = 1
        for key, value in (("mlflow.traceRequestId", json.dumps("tr-" + trace_id.hex())),
                           ("mlflow.spanType", json.dumps("CHAIN" if i == 0 else "TOOL")),
                           ("mlflow.spanInputs", json.dumps({"question": f"q{i}", "k": i})),
                           ("mlflow.spanOutputs", json.dumps({"answer": "x" * 64}))):
            at = sp.attributes.add()
            at.key, at.value.string_value = key, value
    return req.SerializeToString()


def w_otlp(srv: Server, s: dict, **_) -> dict:
    c = Client(srv.url)
    exp = new_experiment(c, "otlp")
    n, m, k = s["otlp_clients"], s["otlp_traces"], s["otlp_spans"]
    t0 = time.time_ns()
    bodies = [[otlp_export(uuid.uuid4().bytes, k, t0 + (j * m + t) * 1_000_000) for t in range(m)]
              for j in range(n)]
    r = post_all(srv.url, bodies, "/v1/traces",
                 {"Content-Type": "application/x-protobuf", "x-mlflow-experiment-id": exp})
    r["spans_per_s"] = n * m * k / r["seconds"]
    r["traces_per_s"] = n * m / r["seconds"]
    r["size"] = f"{n}x{m}x{k}"
    # every trace must be stored (a 200 that stored nothing counts as errors), one with all its spans
    c = Client(srv.url)  # a new connection: the first one idled through the load
    stored, token = 0, None
    while True:
        body = {"locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": exp}}],
                "max_results": 500, **({"page_token": token} if token else {})}
        status, data = c.call("POST", "/api/3.0/mlflow/traces/search", json.dumps(body).encode())
        if status != 200:
            raise RuntimeError(f"traces/search: {status} {data[:300]!r}")
        page = json.loads(data)
        stored += len(page.get("traces", []))
        token = page.get("next_page_token")
        if not token:
            break
    status, data = c.call("GET", "/api/3.0/mlflow/traces/get?allow_partial=false&trace_id=tr-"
                          + _first_trace_hex(bodies[0][0]))
    spans_back = len(json.loads(data).get("trace", {}).get("spans", [])) if status == 200 else -1
    r["stored_traces"] = stored
    if stored != n * m or spans_back != k:
        r["errors"] += 1
        r["error_sample"].append(f"stored {stored} of {n * m} traces; first trace has {spans_back} of {k} spans")
    return r


def _first_trace_hex(body: bytes) -> str:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    req = ExportTraceServiceRequest()
    req.ParseFromString(body)
    return req.resource_spans[0].scope_spans[0].spans[0].trace_id.hex()


TOKEN = re.compile(rb'"next_page_token"\s*:\s*"([^"]+)"')


def w_history(srv: Server, s: dict, backend, jar: Path, **_) -> dict:
    c = Client(srv.url)
    run = new_run(c, new_experiment(c, "history"))
    seed(jar, "history", jdbc_url(backend), run, "loss", s["history"])
    times, points, pages = [], 0, 0
    for _ in range(s["history_calls"]):
        t = time.perf_counter()
        token, points, pages = None, 0, 0
        while True:
            q = f"/api/2.0/mlflow/metrics/get-history?run_id={run}&metric_key=loss&max_results={HISTORY_PAGE}"
            status, data = c.call("GET", q + (f"&page_token={token}" if token else ""))
            if status != 200:
                raise RuntimeError(f"get-history: {status} {data[:200]!r}")
            points += data.count(b'"step"')
            pages += 1
            m = TOKEN.search(data, max(0, len(data) - 4096))
            token = m.group(1).decode() if m else None
            if not token:
                break
        times.append(time.perf_counter() - t)
    if points != s["history"]:
        raise RuntimeError(f"get-history returned {points} points, expected {s['history']}")
    return dict(seconds=statistics.median(times), points=points, pages=pages)


def w_bulk(srv: Server, s: dict, backend, jar: Path, **_) -> dict:
    c = Client(srv.url)
    run = new_run(c, new_experiment(c, "bulk"))
    seed(jar, "history", jdbc_url(backend), run, "loss", s["bulk"])
    q = f"/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids={run}&metric_key=loss&max_results=320"
    times, n = [], 0
    for _ in range(s["bulk_calls"]):
        t = time.perf_counter()
        status, data = c.call("GET", q)
        times.append(time.perf_counter() - t)
        if status != 200:
            raise RuntimeError(f"bulk-interval: {status} {data[:200]!r}")
        n = len(json.loads(data).get("metrics", []))
    return dict(ms=statistics.median(times) * 1000, points=n, of=s["bulk"])


def w_search(srv: Server, s: dict, backend, jar: Path, ctx: dict, **_) -> dict:
    c = Client(srv.url)
    exp = new_experiment(c, "search")
    t = time.perf_counter()
    seed(jar, "runs", jdbc_url(backend), exp, s["runs"])
    seeded = time.perf_counter() - t
    body = json.dumps({"experiment_ids": [exp], **SEARCH}).encode()
    status, data = c.call("POST", "/api/2.0/mlflow/runs/search", body)  # warm-up, and the answer
    if status != 200:
        raise RuntimeError(f"search: {status} {data[:300]!r}")
    runs = json.loads(data).get("runs", [])
    ctx["run_with_data"] = runs[0]["info"]["run_id"]
    times = []
    for _ in range(s["search_calls"]):
        t = time.perf_counter()
        c.call("POST", "/api/2.0/mlflow/runs/search", body)
        times.append((time.perf_counter() - t) * 1000)
    return dict(p50_ms=statistics.median(times), runs=len(runs), bytes=len(data), seed_s=seeded)


def wrk(srv: Server, s: dict, mode: str, run: str) -> dict:
    cmd = ["wrk", "-t2", f"-c{s['wrk_connections']}", f"-d{s['wrk_seconds']}s", "--timeout", "10s",
           "-s", str(HERE / "wrk.lua"), srv.url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                         env=dict(os.environ, BENCH_MODE=mode, BENCH_RUN_ID=run))
    line = next(l for l in out.stdout.splitlines() if l.startswith("BENCH_RESULT "))
    r = json.loads(line.split(" ", 1)[1])
    return dict(req_per_s=r["requests"] / (r["duration_us"] / 1e6), p50_ms=r["p50_us"] / 1000,
                p90_ms=r["p90_us"] / 1000, p99_ms=r["p99_us"] / 1000, max_ms=r["max_us"] / 1000,
                requests=r["requests"], errors=r["non_2xx"] + r["socket_errors"] + r["timeouts"])


def w_wrk(srv: Server, s: dict, ctx: dict, **_) -> dict:
    if shutil.which("wrk") is None:
        log("wrk is not installed (Debian: apt-get install wrk): skipped")
        return {"skipped": "wrk not installed"}
    c = Client(srv.url)
    run = new_run(c, new_experiment(c, "wrk"))
    out = {"log-metric": wrk(srv, s, "log-metric", run)}
    if "run_with_data" not in ctx:
        c.json("POST", "/runs/log-batch", {"run_id": run, "params": [
            {"key": f"p{i}", "value": str(i)} for i in range(20)], "tags": [
            {"key": f"t{i}", "value": str(i)} for i in range(10)]})
        ctx["run_with_data"] = run
    out["runs-get"] = wrk(srv, s, "runs-get", ctx["run_with_data"])
    return out


def w_artifacts(srv: Server, s: dict, ctx: dict, **_) -> dict:
    src: Path = ctx["artifact_file"]
    c = Client(srv.url)
    run = new_run(c, new_experiment(c, "artifacts"))
    path = f"/api/2.0/mlflow-artifacts/artifacts/bench/{run}/big.bin"
    before = srv.peak
    t = time.perf_counter()
    with open(src, "rb") as f:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=600)
        conn.request("PUT", path, body=f, headers={"Content-Length": str(src.stat().st_size),
                                                   "Content-Type": "application/octet-stream"})
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            raise RuntimeError(f"artifact upload: {r.status}")
    up = time.perf_counter() - t
    t = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    h = hashlib.sha256()
    while chunk := r.read(1 << 20):
        h.update(chunk)
    down = time.perf_counter() - t
    conn.close()
    mib = src.stat().st_size / 2**20
    return dict(up_mib_s=mib / up, down_mib_s=mib / down, ok=h.hexdigest() == ctx["artifact_sha256"],
                mib=mib, peak_rss_mib=max(before, srv.peak) / 1024)


RUNNERS = dict(ingest=w_ingest, hot=w_hot, history=w_history, bulk=w_bulk, search=w_search, wrk=w_wrk,
               otlp=w_otlp, artifacts=w_artifacts)


# --------------------------------------------------------------------------- orchestration


def wait_for_quiet(threshold: float, settle: int = 60) -> None:
    """Waits until the 1-minute load average stays under threshold for `settle` seconds."""
    quiet_since = None
    while True:
        load = os.getloadavg()[0]
        if load < threshold:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= settle:
                return
        else:
            if quiet_since is None or int(time.monotonic()) % 60 == 0:
                log(f"waiting for a quiet machine: load {load:.2f} >= {threshold}")
            quiet_since = None
        time.sleep(5)


def run_server(name: str, kind: str, a, s: dict, ctx: dict, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    backend = servers.make_backend(kind, work, f"bench_{name}")
    out: dict = {"load_before": os.getloadavg()[0]}
    try:
        srv = Server(name, server_command(name, backend, work, a.jar, a.jvm_opts.split()), work)
        out["startup_fresh_s"] = srv.startup
        log(f"{name}/{kind}: up in {srv.startup:.2f} s")
        try:
            for w in a.only:
                if w in ("raw", "artifacts"):
                    continue
                if a.wait_load:
                    wait_for_quiet(a.wait_load, settle=15)
                log(f"{name}/{kind}: {w}")
                out[w] = RUNNERS[w](srv, s, backend=backend, jar=a.jar, ctx=ctx)
                log(f"{name}/{kind}: {w} -> {json.dumps(out[w])}")
            out["rss_after_load_mib"] = srv.rss_mib()
            if name == "trackway":
                out["db_retries"] = db_retries(srv)
            if "artifacts" in a.only:
                log(f"{name}/{kind}: artifacts")
                out["artifacts"] = w_artifacts(srv, s, ctx=ctx)
                log(f"{name}/{kind}: artifacts -> {json.dumps(out['artifacts'])}")
            out["peak_rss_mib"] = srv.peak / 1024
        finally:
            srv.stop()
        srv = Server(name, server_command(name, backend, work, a.jar, a.jvm_opts.split()), work)
        out["startup_existing_s"] = srv.startup
        srv.stop()
        log(f"{name}/{kind}: restart on the existing database in {srv.startup:.2f} s")
    finally:
        out["load_after"] = os.getloadavg()[0]
        backend.cleanup()
    return out


def db_retries(srv: Server) -> dict:
    """Trackway's trackway_db_retries_total by reason (deadlock, lock wait, busy...) after the load."""
    status, data = Client(srv.url).call("GET", "/q/metrics")
    out: dict = {}
    if status != 200:
        return out
    for line in data.decode().splitlines():
        m = re.match(r'trackway_db_retries_total\{([^}]*)\}\s+([0-9.eE+]+)', line)
        if m:
            reason = re.search(r'reason="([^"]*)"', m.group(1))
            key = reason.group(1) if reason else "?"
            out[key] = out.get(key, 0) + int(float(m.group(2)))
    return out


def run_raw(kind: str, a, s: dict, work: Path) -> dict:
    """The ceiling, on a fresh database whose schema Trackway created."""
    (work / "raw").mkdir(parents=True, exist_ok=True)
    backend = servers.make_backend(kind, work / "raw", "bench_raw")
    try:
        srv = Server("trackway", server_command("trackway", backend, work / "raw", a.jar, []), work / "raw")
        srv.stop()
        r = seed(a.jar, "raw", jdbc_url(backend), s["clients"], s["batches"], 1000)
        r["rows_per_s"] = r["rows"] / r["seconds"]
        log(f"raw/{kind}: {r['rows_per_s']:,.0f} rows/s")
        return r
    finally:
        backend.cleanup()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, Trackway only unless --servers")
    ap.add_argument("--db", default="sqlite,mysql")
    ap.add_argument("--servers", default=None, help="mlflow,trackway (smoke: trackway)")
    ap.add_argument("--only", default=",".join(WORKLOADS), help="workloads: " + ",".join(WORKLOADS))
    ap.add_argument("--jar", type=Path, default=servers.DEFAULT_JAR)
    ap.add_argument("--jvm-opts", default="", help="options for Trackway's JVM (default: none)")
    ap.add_argument("--out", type=Path, help="write the results as JSON")
    ap.add_argument("--wait-load", type=float, default=0,
                    help="before each workload, wait until the 1-minute load average is under this")
    ap.add_argument("--otlp-size", default=None, metavar="NxMxK",
                    help="otlp workload: N clients x M traces x K spans (default full 4x100x20, smoke 2x3x5)")
    a = ap.parse_args()
    a.jar = a.jar.resolve()
    a.only = [w for w in a.only.split(",") if w]
    unknown = set(a.only) - set(WORKLOADS)
    if unknown:
        ap.error(f"unknown workloads {sorted(unknown)}")
    scale = "smoke" if a.smoke else "full"
    s = dict(SCALES[scale])
    if a.otlp_size:
        s["otlp_clients"], s["otlp_traces"], s["otlp_spans"] = (int(x) for x in a.otlp_size.lower().split("x"))
    names = (a.servers or ("trackway" if a.smoke else "mlflow,trackway")).split(",")
    results = {"meta": {"scale": scale, "sizes": s, "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                        "cpus": os.cpu_count(), "load_at_start": os.getloadavg(),
                        "git": subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                              capture_output=True, text=True).stdout.strip(),
                        "command": " ".join(sys.argv)}, "results": {}}
    if a.wait_load:
        wait_for_quiet(a.wait_load)
    work = Path(tempfile.mkdtemp(prefix="trackway-bench-"))
    ctx: dict = {}
    try:
        if "artifacts" in a.only:
            src = work / "artifact.bin"
            h = hashlib.sha256()
            with open(src, "wb") as f:
                for _ in range(s["artifact_mib"]):
                    block = os.urandom(1 << 20)
                    h.update(block)
                    f.write(block)
            ctx.update(artifact_file=src, artifact_sha256=h.hexdigest())
        for kind in a.db.split(","):
            per_db = results["results"].setdefault(kind, {})
            if "raw" in a.only:
                per_db["raw"] = run_raw(kind, a, s, work)
            for name in names:
                ctx.pop("run_with_data", None)
                per_db[name] = run_server(name, kind, a, s, ctx, work / f"{kind}-{name}")
    finally:
        results["meta"]["load_at_end"] = os.getloadavg()
        if a.out:
            a.out.write_text(json.dumps(results, indent=2))
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(SEED_CLASSES, ignore_errors=True)
    print(summary(results))
    failures = [f"{k}/{n}/{w}" for k, per in results["results"].items() for n, r in per.items()
                if n == "trackway" for w, v in r.items() if isinstance(v, dict) and failed(v)]
    if a.smoke and failures:
        print("Trackway answered errors in: " + ", ".join(failures))
        return 1
    return 0


def failed(result: dict) -> bool:
    """Errors answered in a workload (wrk's per mode), or an artifact that came back different."""
    if result.get("errors") or result.get("ok") is False:
        return True
    return any(isinstance(v, dict) and v.get("errors") for v in result.values())


def summary(results: dict) -> str:
    """A plain-text digest of the numbers (bench/report.py makes the tables)."""
    lines = []
    for kind, per in results["results"].items():
        for name, r in per.items():
            if name == "raw":
                lines.append(f"{kind:6} raw loader: {r['rows_per_s']:,.0f} rows/s")
                continue
            parts = [f"start {r.get('startup_fresh_s', 0):.2f}/{r.get('startup_existing_s', 0):.2f} s"]
            for w in ("ingest", "hot"):
                if w in r:
                    parts.append(f"{w} {r[w]['rows_per_s']:,.0f} rows/s ({r[w]['errors']} err)")
            if "history" in r:
                parts.append(f"history {r['history']['seconds'] * 1000:.0f} ms")
            if "bulk" in r:
                parts.append(f"bulk {r['bulk']['ms']:.0f} ms")
            if "search" in r:
                parts.append(f"search p50 {r['search']['p50_ms']:.0f} ms")
            if "otlp" in r:
                v = r["otlp"]
                parts.append(f"otlp {v['spans_per_s']:,.0f} spans/s ({v['size']}, {v['errors']} err)")
            for m, v in r.get("wrk", {}).items():
                if not isinstance(v, dict):
                    continue
                parts.append(f"wrk {m} {v['req_per_s']:,.0f} req/s p99 {v['p99_ms']:.1f} ms ({v['errors']} err)")
            if "artifacts" in r:
                v = r["artifacts"]
                parts.append(f"artifacts up {v['up_mib_s']:.0f} down {v['down_mib_s']:.0f} MiB/s")
            parts.append(f"RSS {r.get('rss_after_load_mib', 0):.0f} MiB (peak {r.get('peak_rss_mib', 0):.0f})")
            lines.append(f"{kind:6} {name:8} " + "; ".join(parts))
    otlp = [(kind, name, r["otlp"]) for kind, per in results["results"].items()
            for name, r in per.items() if isinstance(r, dict) and "otlp" in r]
    if otlp:
        lines += ["", "OTLP ingest (POST /v1/traces, protobuf; clients x traces x spans)", "",
                  "| db | server | size | spans/s | traces/s | p50 ms | p95 ms | errors |",
                  "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
        lines += [f"| {kind} | {name} | {v['size']} | {v['spans_per_s']:,.0f} | {v['traces_per_s']:,.1f} | "
                  f"{v['p50_ms']:.1f} | {v['p95_ms']:.1f} | {v['errors']} |" for kind, name, v in otlp]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
