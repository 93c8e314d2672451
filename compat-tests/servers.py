"""Starting and stopping the servers under test, and their backend stores.

Used by conftest.py; kept in a module of its own so that the fixtures stay short.
Nothing here knows about MLflow's internals: the reference server is started
through its ordinary CLI (`mlflow server`), Trackway through its jar (`java -jar`) or, when
TRACKWAY_EXECUTABLE / --executable names one, a native executable built with -Dnative.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_JAR = REPO / "target" / "quarkus-app" / "quarkus-run.jar"

# MariaDB/MySQL used for --backend mysql. The test user is created idempotently
# as root over the unix socket, so a fresh machine (CI) works the same way.
MYSQL_HOST = os.environ.get("COMPAT_MYSQL_HOST", "127.0.0.1")
MYSQL_PORT = int(os.environ.get("COMPAT_MYSQL_PORT", "3306"))
MYSQL_USER = os.environ.get("COMPAT_MYSQL_USER", "trackway")
MYSQL_PASSWORD = os.environ.get("COMPAT_MYSQL_PASSWORD", "trackway")
MYSQL_ROOT_SOCKET = os.environ.get("COMPAT_MYSQL_ROOT_SOCKET", "/run/mysqld/mysqld.sock")
MYSQL_ROOT_USER = os.environ.get("COMPAT_MYSQL_ROOT_USER", "root")
MYSQL_ROOT_PASSWORD = os.environ.get("COMPAT_MYSQL_ROOT_PASSWORD", "")

# A native executable (target/*-runner from `mvn package -Dnative`) to start instead of
# `java -jar <jar>`. conftest.py sets it from --executable; scripts read TRACKWAY_EXECUTABLE.
EXECUTABLE: str | None = os.environ.get("TRACKWAY_EXECUTABLE") or None

STARTUP_TIMEOUT = float(os.environ.get("COMPAT_STARTUP_TIMEOUT", "240"))

# every server process this session started, so that a failing test can show their logs
STARTED: list["ServerProcess"] = []


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as e:  # pragma: no cover - diagnostics only
        return f"<cannot read {path}: {e}>"
    return "\n".join(text.splitlines()[-lines:])


def trackway_command(jar: Path | str | None, java: str = "java", vm_options: list[str] | tuple = ()) -> list[str]:
    """The command prefix that starts Trackway, before its mlflow-server options.

    `java [vm_options] -jar <jar>`, or `<executable> [vm_options]` when EXECUTABLE is set (a
    native executable takes the same -Xmx/-Xms run-time options as the JVM).
    """
    if EXECUTABLE:
        exe = Path(EXECUTABLE)
        if not exe.is_file():
            raise RuntimeError(f"Trackway executable not found at {exe} (TRACKWAY_EXECUTABLE / --executable)")
        return [str(exe.resolve()), *vm_options]
    jar = Path(jar or DEFAULT_JAR)
    if not jar.exists():
        raise RuntimeError(
            f"Trackway jar not found at {jar}: build it (mvn -q package -DskipTests) "
            "or pass --jar / --executable / --url"
        )
    return [java, *vm_options, "-jar", str(jar)]


# --------------------------------------------------------------------------- backends


class Backend:
    kind: str

    def uri_for(self, target: str) -> str:
        raise NotImplementedError

    def cleanup(self) -> None:
        pass


class SqliteBackend(Backend):
    kind = "sqlite"

    def __init__(self, workdir: Path):
        self.path = (workdir / "mlflow.db").resolve()

    def uri_for(self, target: str) -> str:
        # sqlite:////abs/path -> four slashes for an absolute path
        return f"sqlite:///{self.path}"


def _mysql_root_connection():
    import pymysql

    kwargs = dict(user=MYSQL_ROOT_USER, password=MYSQL_ROOT_PASSWORD, autocommit=True)
    if MYSQL_ROOT_SOCKET and os.path.exists(MYSQL_ROOT_SOCKET):
        kwargs["unix_socket"] = MYSQL_ROOT_SOCKET
    else:
        kwargs.update(host=MYSQL_HOST, port=MYSQL_PORT)
    return pymysql.connect(**kwargs)


def ensure_mysql_user() -> None:
    """CREATE USER IF NOT EXISTS + GRANT, for both 127.0.0.1 and localhost."""
    conn = _mysql_root_connection()
    try:
        with conn.cursor() as cur:
            for host in ("127.0.0.1", "localhost", "::1"):
                cur.execute(
                    "CREATE USER IF NOT EXISTS %s@%s IDENTIFIED BY %s",
                    (MYSQL_USER, host, MYSQL_PASSWORD),
                )
                # keep the password in step if the user already existed with another one
                cur.execute("ALTER USER %s@%s IDENTIFIED BY %s", (MYSQL_USER, host, MYSQL_PASSWORD))
                cur.execute("GRANT ALL PRIVILEGES ON *.* TO %s@%s", (MYSQL_USER, host))
            cur.execute("FLUSH PRIVILEGES")
    finally:
        conn.close()


class MysqlBackend(Backend):
    kind = "mysql"

    def __init__(self, label: str):
        ensure_mysql_user()
        self.database = f"compat_{label}_{uuid.uuid4().hex[:10]}"
        conn = _mysql_root_connection()
        try:
            with conn.cursor() as cur:
                cur.execute(f"CREATE DATABASE `{self.database}`")
        finally:
            conn.close()

    def uri_for(self, target: str) -> str:
        # MLflow's server goes through SQLAlchemy and needs the driver in the scheme;
        # Trackway takes the plain form (MLflow's own CLI documents both).
        scheme = "mysql+pymysql" if target == "mlflow" else "mysql"
        return f"{scheme}://{MYSQL_USER}:{MYSQL_PASSWORD}@{MYSQL_HOST}:{MYSQL_PORT}/{self.database}"

    def cleanup(self) -> None:
        if os.environ.get("COMPAT_KEEP_DB"):
            return
        try:
            conn = _mysql_root_connection()
            try:
                with conn.cursor() as cur:
                    cur.execute(f"DROP DATABASE IF EXISTS `{self.database}`")
            finally:
                conn.close()
        except Exception as e:  # pragma: no cover - best effort
            print(f"[compat-tests] could not drop {self.database}: {e}", file=sys.stderr)


def make_backend(kind: str, workdir: Path, label: str) -> Backend:
    if kind == "sqlite":
        return SqliteBackend(workdir)
    if kind == "mysql":
        return MysqlBackend(label)
    raise ValueError(f"unknown backend {kind!r}")


# --------------------------------------------------------------------------- servers


@dataclass
class ServerProcess:
    name: str  # "trackway" or "mlflow"
    url: str
    log_path: Path | None = None
    proc: subprocess.Popen | None = None
    backend: Backend | None = None
    command: list[str] = field(default_factory=list)

    def log_tail(self, lines: int = 60) -> str:
        if self.log_path is None:
            return "<server not started by the tests: no log>"
        return tail(self.log_path, lines)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            # the server was started in its own session: signal only that process group
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=10)
        if self.backend is not None:
            self.backend.cleanup()


def _command(target: str, port: int, backend_uri: str, workdir: Path, jar: Path, java: str,
             extra_args=()) -> list[str]:
    artifacts = str((workdir / "artifacts").resolve())
    common = [
        "--host", "127.0.0.1",
        "--port", str(port),
        "--backend-store-uri", backend_uri,
        "--artifacts-destination", artifacts,
    ]
    common += list(extra_args)
    if target == "trackway":
        return [*trackway_command(jar, java), *common]
    if target == "mlflow":
        mlflow_cli = Path(sys.executable).with_name("mlflow")
        workers = os.environ.get("COMPAT_MLFLOW_WORKERS", "2")
        return [str(mlflow_cli), "server", *common, "--workers", workers]
    raise ValueError(f"unknown target {target!r}")


def start_server(target: str, backend_kind: str, workdir: Path, *, jar: Path | None = None,
                 java: str = "java", extra_args=(), url_prefix: str = "") -> ServerProcess:
    """Starts a server; `extra_args` are more CLI options, `url_prefix` its --static-prefix."""
    workdir.mkdir(parents=True, exist_ok=True)
    jar = Path(jar or DEFAULT_JAR)
    if target == "trackway":
        trackway_command(jar, java)  # fails early, before a database is created, when nothing to start
    backend = make_backend(backend_kind, workdir, target)
    port = free_port()
    cmd = _command(target, port, backend.uri_for(target), workdir, jar, java, extra_args)
    log_path = workdir / f"{target}-server.log"
    env = dict(os.environ)
    env.update(MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true")
    env.pop("MLFLOW_TRACKING_URI", None)
    log = open(log_path, "wb")
    log.write(("$ " + " ".join(cmd) + "\n").encode())
    log.flush()
    proc = subprocess.Popen(cmd, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    server = ServerProcess(name=target, url=f"http://127.0.0.1:{port}{url_prefix}", log_path=log_path,
                           proc=proc, backend=backend, command=cmd)
    STARTED.append(server)
    try:
        wait_healthy(server)
    except Exception:
        server.stop()
        raise
    return server


def wait_healthy(server: ServerProcess, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if server.proc is not None and server.proc.poll() is not None:
            raise RuntimeError(
                f"{server.name} server exited with code {server.proc.returncode} during startup.\n"
                f"command: {' '.join(server.command)}\n--- log tail ({server.log_path}) ---\n"
                f"{server.log_tail(80)}"
            )
        try:
            r = requests.get(server.url + "/health", timeout=2)
            if r.status_code == 200:
                return
            last = f"HTTP {r.status_code}: {r.text[:200]}"
        except requests.RequestException as e:
            last = repr(e)
        time.sleep(0.5)
    raise RuntimeError(
        f"{server.name} server not healthy after {timeout:.0f}s (last: {last}).\n"
        f"command: {' '.join(server.command)}\n--- log tail ({server.log_path}) ---\n"
        f"{server.log_tail(80)}"
    )

