#!/usr/bin/env python3
"""Puts MLflow's built web UI into the build output (called by Maven in generate-resources).

The UI is not part of this repository: it is taken from the pinned MLflow wheel, which pip
fetches through the configured package index (pip's own configuration: PIP_INDEX_URL,
pip.conf, ...; no host is named here) and checks against its sha256. Only the files under
mlflow/server/js/build/ are extracted, into <out>/mlflow-ui/, with a list of every file
(sha256, size, modification time, path) that the server uses for ETags and lookups (dev.trackway.api.ui).

The wheel is cached (default ~/.cache/trackway/wheels) so that a build downloads it once. An
offline build points at a local copy: --wheel PATH (Maven: -Dtrackway.ui.wheel=PATH, or the
environment variable TRACKWAY_UI_WHEEL); its sha256 is checked the same way.

Usage: mlflow-ui.py --version 3.18.0 --sha256 HEX --out target/classes [--wheel PATH]
                    [--cache DIR]
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

BUILD_PREFIX = "mlflow/server/js/build/"
TARGET_DIR = "mlflow-ui"
LISTING = "files.txt"
STAMP = ".wheel-sha256"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fail(message: str) -> None:
    print(f"[mlflow-ui] error: {message}", file=sys.stderr)
    sys.exit(1)


def pip_command(tmp: Path) -> list[str]:
    """This Python's pip, or (a Python without pip, e.g. Debian's) pip of a throwaway venv."""
    if subprocess.call([sys.executable, "-m", "pip", "--version"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL) == 0:
        return [sys.executable, "-m", "pip"]
    venv = tmp / "venv"
    if subprocess.call([sys.executable, "-m", "venv", str(venv)]) != 0:
        fail("neither pip nor venv is available to this Python")
    return [str(venv / "bin" / "python"), "-m", "pip"]


def download(version: str, sha256: str, cache: Path) -> Path:
    """pip download of the pinned wheel into the cache; pip itself checks the hash."""
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mlflow-ui-") as tmp:
        req = Path(tmp) / "requirements.txt"
        req.write_text(f"mlflow=={version} --hash=sha256:{sha256}\n")
        dest = Path(tmp) / "wheel"
        cmd = [
            *pip_command(Path(tmp)), "download", "--quiet", "--no-deps",
            "--only-binary=:all:", "--require-hashes", "-r", str(req), "-d", str(dest),
        ]
        print(f"[mlflow-ui] fetching mlflow=={version} with pip", file=sys.stderr)
        if subprocess.call(cmd) != 0:
            fail(f"pip could not download mlflow=={version}; an offline build can pass a local"
                 " wheel with -Dtrackway.ui.wheel=PATH (or TRACKWAY_UI_WHEEL)")
        wheels = sorted(dest.glob("mlflow-*.whl"))
        if len(wheels) != 1:
            fail(f"expected one wheel from pip, got {[w.name for w in wheels]}")
        target = cache / wheels[0].name
        shutil.move(str(wheels[0]), target)
        return target


def find_wheel(args) -> Path:
    name = f"mlflow-{args.version}-py3-none-any.whl"
    if args.wheel:
        wheel = Path(args.wheel).expanduser()
        if not wheel.is_file():
            fail(f"no such wheel: {wheel}")
        return wheel
    cached = Path(args.cache).expanduser() / name
    if cached.is_file() and sha256_of(cached) == args.sha256:
        return cached
    return download(args.version, args.sha256, Path(args.cache).expanduser())


def extract(wheel: Path, sha256: str, out: Path) -> int:
    target = out / TARGET_DIR
    staging = out / (TARGET_DIR + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    rows = []
    with zipfile.ZipFile(wheel) as z:
        for info in z.infolist():
            if not info.filename.startswith(BUILD_PREFIX) or info.is_dir():
                continue
            rel = info.filename[len(BUILD_PREFIX):]
            parts = rel.split("/")
            if not rel or any(p in ("", ".", "..") for p in parts) or "\\" in rel:
                fail(f"unexpected path in wheel: {info.filename}")
            data = z.read(info)
            dest = staging.joinpath(*parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
            mtime = calendar.timegm(info.date_time + (0, 0, 0))
            rows.append(f"{hashlib.sha256(data).hexdigest()} {len(data)} {mtime} {rel}")
    if not rows:
        fail(f"{wheel} has no {BUILD_PREFIX}")
    rows.sort(key=lambda r: r.split(" ", 3)[3])
    (staging / LISTING).write_text(
        f"# MLflow web UI from {wheel.name} (sha256 {sha256}): sha256 size mtime path\n"
        + "\n".join(rows) + "\n")
    (staging / STAMP).write_text(sha256 + "\n")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return len(rows)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--version", required=True)
    p.add_argument("--sha256", required=True)
    p.add_argument("--out", required=True, help="folder that receives mlflow-ui/")
    p.add_argument("--wheel", default=os.environ.get("TRACKWAY_UI_WHEEL") or None)
    p.add_argument("--cache", default=os.environ.get(
        "TRACKWAY_UI_CACHE", str(Path.home() / ".cache" / "trackway" / "wheels")))
    args = p.parse_args()
    if args.wheel in ("", "${trackway.ui.wheel}"):
        args.wheel = os.environ.get("TRACKWAY_UI_WHEEL") or None
    args.sha256 = args.sha256.lower()

    out = Path(args.out)
    stamp = out / TARGET_DIR / STAMP
    if stamp.is_file() and stamp.read_text().strip() == args.sha256 \
            and (out / TARGET_DIR / LISTING).is_file():
        return  # already extracted from this wheel
    wheel = find_wheel(args)
    actual = sha256_of(wheel)
    if actual != args.sha256:
        fail(f"{wheel} has sha256 {actual}, expected {args.sha256} (mlflow=={args.version})")
    count = extract(wheel, args.sha256, out)
    print(f"[mlflow-ui] {count} files of the MLflow {args.version} UI in {out / TARGET_DIR}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
