"""Helpers for test_two_way.py: one database shared by MLflow's server and Trackway in turn.

servers.start_server() gives every server a fresh database of its own; the two-way test needs
the opposite, several servers one after the other on the *same* database. This module starts a
server on a given backend URI (without owning the database), inspects the database directly
(alembic head, tables, row counts, DDL) and normalizes JSON answers for comparison.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import requests

import servers


# --------------------------------------------------------------------------- servers


def start_on(target: str, backend: servers.Backend, workdir: Path, *, jar: Path, java: str,
             label: str) -> servers.ServerProcess:
    """Start `target` ("mlflow" or "trackway") on `backend`'s database; the caller stops it.

    The returned process does not own the database (stop() leaves it alone).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    port = servers.free_port()
    common = [
        "--host", "127.0.0.1",
        "--port", str(port),
        "--backend-store-uri", backend.uri_for(target),
        "--artifacts-destination", str((workdir / "artifacts").resolve()),
    ]
    if target == "trackway":
        cmd = [*servers.trackway_command(jar, java), *common]
    elif target == "mlflow":
        cmd = [str(Path(sys.executable).with_name("mlflow")), "server", *common, "--workers", "1"]
    else:
        raise ValueError(target)
    log_path = workdir / f"{label}-{target}-server.log"
    env = dict(os.environ)
    env.update(MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true")
    env.pop("MLFLOW_TRACKING_URI", None)
    log = open(log_path, "wb")
    log.write(("$ " + " ".join(cmd) + "\n").encode())
    log.flush()
    proc = subprocess.Popen(cmd, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    server = servers.ServerProcess(name=f"{label}:{target}", url=f"http://127.0.0.1:{port}",
                                   log_path=log_path, proc=proc, backend=None, command=cmd)
    servers.STARTED.append(server)
    try:
        servers.wait_healthy(server)
    except Exception:
        server.stop()
        raise
    return server


# --------------------------------------------------------------------------- the database


@dataclass
class DbState:
    alembic: list
    tables: dict  # lower-cased table name -> row count
    ddl: dict  # lower-cased table/index/trigger name -> DDL text

    def without(self, names) -> "DbState":
        names = set(names)
        return DbState(self.alembic,
                       {k: v for k, v in self.tables.items() if k not in names},
                       {k: v for k, v in self.ddl.items() if k not in names})


def inspect_db(backend: servers.Backend) -> DbState:
    """alembic_version rows, every table's row count and every object's DDL."""
    if backend.kind == "sqlite":
        conn = sqlite3.connect(str(backend.path))
        try:
            objs = conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                "ORDER BY type, name").fetchall()
            tables = [n for t, n, _ in objs if t == "table"]
            counts = {n.lower(): conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]
                      for n in tables}
            ddl = {f"{t}:{n}".lower() if t != "table" else n.lower(): s for t, n, s in objs}
            alembic = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        finally:
            conn.close()
        return DbState(sorted(alembic), counts, ddl)

    import pymysql

    conn = pymysql.connect(host=servers.MYSQL_HOST, port=servers.MYSQL_PORT,
                           user=servers.MYSQL_USER, password=servers.MYSQL_PASSWORD,
                           database=backend.database, autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = %s AND table_type = 'BASE TABLE'",
                        (backend.database,))
            tables = sorted(r[0] for r in cur.fetchall())
            counts, ddl = {}, {}
            for n in tables:
                cur.execute(f"SELECT COUNT(*) FROM `{n}`")
                counts[n.lower()] = cur.fetchone()[0]
                cur.execute(f"SHOW CREATE TABLE `{n}`")
                # AUTO_INCREMENT=n moves with every insert: not part of the schema
                text = cur.fetchone()[1]
                ddl[n.lower()] = " ".join(w for w in text.split() if not w.startswith("AUTO_INCREMENT="))
            cur.execute("SELECT trigger_name, action_statement FROM information_schema.triggers "
                        "WHERE trigger_schema = %s", (backend.database,))
            for name, body in cur.fetchall():
                ddl[f"trigger:{name}".lower()] = body
            cur.execute("SELECT version_num FROM alembic_version")
            alembic = sorted(r[0] for r in cur.fetchall())
    finally:
        conn.close()
    return DbState(alembic, counts, ddl)


def db_differences(before: DbState, after: DbState, *, allowed_new=()) -> list[str]:
    """What changed between two inspections (tables in allowed_new may appear)."""
    problems = []
    if before.alembic != after.alembic:
        problems.append(f"alembic_version changed: {before.alembic} -> {after.alembic}")
    allowed = {a.lower() for a in allowed_new}
    added = set(after.tables) - set(before.tables) - allowed
    removed = set(before.tables) - set(after.tables)
    if added:
        problems.append(f"tables added: {sorted(added)}")
    if removed:
        problems.append(f"tables removed: {sorted(removed)}")
    for t in sorted(set(before.tables) & set(after.tables)):
        if before.tables[t] != after.tables[t]:
            problems.append(f"row count of {t} changed: {before.tables[t]} -> {after.tables[t]}")
    for name in sorted(set(before.ddl) | set(after.ddl)):
        if name in allowed or name.split(":")[-1] in allowed:
            continue
        if name.startswith("index:") and any(name[len("index:"):].startswith(a) for a in allowed):
            continue
        if before.ddl.get(name) != after.ddl.get(name):
            problems.append(f"DDL of {name} changed:\n    before: {before.ddl.get(name)}\n"
                            f"    after:  {after.ddl.get(name)}")
    return problems


# --------------------------------------------------------------------------- requests and answers


@dataclass(frozen=True)
class Call:
    """One read request; `label` identifies it across servers."""

    label: str
    method: str
    path: str  # e.g. "runs/get", under /api/2.0/mlflow/ unless prefix says otherwise
    params: object = None  # query string (GET)
    body: object = None  # JSON body (POST)
    prefix: str = "/api/2.0"
    follow_pages: bool = False  # also request every next page (each server follows its own tokens)

    def describe(self) -> str:
        s = f"{self.method} {self.prefix}/mlflow/{self.path}"
        if self.params is not None:
            s += " ?" + json.dumps(self.params, sort_keys=True)
        if self.body is not None:
            s += " " + json.dumps(self.body, sort_keys=True)
        return s


@dataclass
class Answer:
    status: int
    body: object


def send(base_url: str, call: Call, http: requests.Session | None = None) -> Answer:
    http = http or requests
    url = f"{base_url.rstrip('/')}{call.prefix}/mlflow/{call.path}"
    kwargs: dict = {"timeout": 60}
    if call.params is not None:
        kwargs["params"] = call.params
    if call.body is not None:
        kwargs["data"] = json.dumps(call.body)
        kwargs["headers"] = {"Content-Type": "application/json"}
    r = http.request(call.method, url, **kwargs)
    try:
        body = json.loads(r.text) if r.text.strip() else {}
    except ValueError:
        body = {"<non-json>": r.text[:300]}
    return Answer(r.status_code, body)


@dataclass
class Capture:
    """The answers of one server to a list of calls."""

    server: str
    answers: dict = field(default_factory=dict)  # label -> Answer
    requests: dict = field(default_factory=dict)  # label -> Call, for follow-up pages

    def body(self, label: str):
        return self.answers[label].body


def capture(server_name: str, base_url: str, calls: list[Call]) -> Capture:
    http = requests.Session()
    cap = Capture(server_name)
    for call in calls:
        if call.label in cap.answers:
            raise ValueError(f"duplicate call label {call.label}")
        answer = send(base_url, call, http)
        cap.answers[call.label] = answer
        page = 1
        while call.follow_pages and isinstance(answer.body, dict) and answer.body.get("next_page_token"):
            page += 1
            if page > 20:
                raise AssertionError(f"{server_name}: more than 20 pages for {call.describe()}")
            token = answer.body["next_page_token"]
            if call.method == "GET":
                nxt = Call(call.label, call.method, call.path, {**call.params, "page_token": token},
                           None, call.prefix)
            else:
                nxt = Call(call.label, call.method, call.path, None,
                           {**call.body, "page_token": token}, call.prefix)
            answer = send(base_url, nxt, http)
            cap.answers[f"{call.label} page {page}"] = answer
            cap.requests[f"{call.label} page {page}"] = nxt
    return cap


# Lists whose order MLflow does not define, by the key holding them. "metrics" is unordered only
# inside run.data (latest values); metric histories keep their order.
UNORDERED = {"params", "tags", "latest_metrics", "dataset_inputs", "model_inputs", "model_outputs",
             "dataset_summaries"}


def normalize(obj, key=None, parent=None):
    """JSON value with unordered lists sorted and NaN/±inf made comparable."""
    if isinstance(obj, dict):
        return {k: normalize(v, k, key) for k, v in obj.items()}
    if isinstance(obj, list):
        items = [normalize(v, key, parent) for v in obj]
        if key in UNORDERED or (key == "metrics" and parent == "data"):
            items.sort(key=lambda d: json.dumps(d, sort_keys=True))
        return items
    if isinstance(obj, float):
        if math.isnan(obj):
            return "NaN"
        if math.isinf(obj):
            return "Infinity" if obj > 0 else "-Infinity"
    return obj


def _pretty(obj, limit=4000) -> str:
    s = json.dumps(obj, indent=1, sort_keys=True)
    return s if len(s) <= limit else s[:limit] + "\n..."


def json_diff(a, b, path="$") -> list[str]:
    """Field-level differences between two normalized JSON values (a = expected)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in b:
                out.append(f"{path}.{k}: missing (expected {json.dumps(a[k])[:300]})")
            elif k not in a:
                out.append(f"{path}.{k}: unexpected {json.dumps(b[k])[:300]}")
            else:
                out.extend(json_diff(a[k], b[k], f"{path}.{k}"))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items expected, got {len(b)}:\n      expected "
                    f"{json.dumps(a)[:600]}\n      got      {json.dumps(b)[:600]}"]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out.extend(json_diff(x, y, f"{path}[{i}]"))
        return out
    if a != b:
        return [f"{path}: expected {json.dumps(a)[:300]}, got {json.dumps(b)[:300]}"]
    return []


def compare(expected: Capture, actual: Capture, calls: list[Call]) -> list[str]:
    """One problem text per call whose normalized answers differ."""
    problems = []
    by_label = {c.label: c for c in calls}
    labels = list(expected.answers) + [k for k in actual.answers if k not in expected.answers]
    for label in labels:
        call = by_label.get(label) or expected.requests.get(label) or actual.requests.get(label)
        if label not in expected.answers or label not in actual.answers:
            have = expected.server if label in expected.answers else actual.server
            problems.append(f"[{label}] {call.describe()}\n  only {have} has this page")
            continue
        a, b = expected.answers[label], actual.answers[label]
        na, nb = normalize(a.body), normalize(b.body)
        if a.status == b.status and na == nb:
            continue
        lines = [f"[{label}] {call.describe()}"]
        if a.status != b.status:
            lines.append(f"  HTTP {a.status} ({expected.server}) vs {b.status} ({actual.server})")
        diff = json_diff(na, nb)
        lines += [f"  {d}" for d in diff[:30]]
        if len(diff) > 30:
            lines.append(f"  ... {len(diff) - 30} more")
        if not diff and a.status != b.status:
            lines.append(f"  {expected.server}: {_pretty(na, 800)}\n  {actual.server}: {_pretty(nb, 800)}")
        problems.append("\n".join(lines))
    return problems
