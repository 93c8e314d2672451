#!/usr/bin/env python3
"""Tables and plots from a bench/bench.py result file.

  compat-tests/.venv/bin/python bench/report.py /tmp/bench.json                 # Markdown to stdout
  compat-tests/.venv/bin/python bench/report.py /tmp/bench.json --png docs/bench  # and PNG plots

The Markdown has, per database kind, one row per workload: MLflow, Trackway, the ratio in
Trackway's favour, issue 13's target and whether this run meets it. The plots (matplotlib, in the
compat-tests venv) compare the two servers per workload, one figure per database kind, plus one
for wrk's latency percentiles.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _get(r: dict, *path, default=None):
    for p in path:
        if not isinstance(r, dict) or p not in r:
            return default
        r = r[p]
    return r


# (label, path into a server's result, unit, higher is better, target kind, target value)
# target kinds: "ratio" (Trackway / MLflow in Trackway's favour >= value), "raw" (Trackway's share
# of the raw loader >= value), "max" (Trackway's value <= value), None (no target: shown only)
ROWS = [
    ("log-batch ingest (distinct runs)", ("ingest", "rows_per_s"), "rows/s", True, "raw", 0.5),
    ("hot run (one run, same keys)", ("hot", "rows_per_s"), "rows/s", True, None, None),
    ("metric history (paged get-history)", ("history", "seconds"), "s", False, "ratio", 20),
    ("bulk interval (320 of N points)", ("bulk", "ms"), "ms", False, None, None),
    ("search-runs p50", ("search", "p50_ms"), "ms", False, "ratio", 20),
    ("wrk log-metric", ("wrk", "log-metric", "req_per_s"), "req/s", True, "ratio", 10),
    ("wrk log-metric p99", ("wrk", "log-metric", "p99_ms"), "ms", False, "p99", None),
    ("wrk runs/get", ("wrk", "runs-get", "req_per_s"), "req/s", True, "ratio", 10),
    ("wrk runs/get p99", ("wrk", "runs-get", "p99_ms"), "ms", False, "p99", None),
    ("OTLP spans", ("otlp", "spans_per_s"), "spans/s", True, None, None),
    ("artifact up (1 GiB PUT)", ("artifacts", "up_mib_s"), "MiB/s", True, None, None),
    ("artifact down (1 GiB GET)", ("artifacts", "down_mib_s"), "MiB/s", True, None, None),
    ("RSS after the load", ("rss_after_load_mib",), "MiB", False, "max", 256),
    ("peak RSS", ("peak_rss_mib",), "MiB", False, None, None),
    ("start-up, fresh database", ("startup_fresh_s",), "s", False, "max", 2.0),
    ("start-up, existing database", ("startup_existing_s",), "s", False, "max", 1.0),
]
P99_TARGET_MS = {"mysql": 20.0, "sqlite": 50.0}
DB_NAMES = {"mysql": "MariaDB", "sqlite": "SQLite"}


def _fmt(v, unit: str) -> str:
    if v is None:
        return "—"
    if unit in ("s",):
        return f"{v:.2f}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.1f}"


def _ratio(m, t, higher: bool):
    if m is None or t is None or m == 0 or t == 0:
        return None
    return t / m if higher else m / t


def table(kind: str, per: dict) -> list[str]:
    ml, tw = per.get("mlflow", {}), per.get("trackway", {})
    raw = _get(per, "raw", "rows_per_s")
    lines = [f"### {DB_NAMES.get(kind, kind)}", ""]
    if raw:
        lines += [f"Raw loader (the ceiling): {raw:,.0f} rows/s.", ""]
    lines += ["| workload | unit | MLflow 3.18 | Trackway | ratio | target | met |",
              "|---|---|---:|---:|---:|---|---|"]
    for label, path, unit, higher, tkind, tval in ROWS:
        m, t = _get(ml, *path), _get(tw, *path)
        if m is None and t is None:
            continue
        ratio = _ratio(m, t, higher)
        target, met = "", ""
        if tkind == "ratio":
            target = f"≥ {tval}× MLflow"
            met = "—" if ratio is None else ("yes" if ratio >= tval else "no")
        elif tkind == "raw" and raw and t is not None:
            share = t / raw
            target = f"≥ {tval:.0%} of raw"
            met = f"{'yes' if share >= tval else 'no'} ({share:.0%})"
        elif tkind == "max" and t is not None:
            target = f"≤ {tval:g} {unit}"
            met = "yes" if t <= tval else "no"
        elif tkind == "p99" and t is not None:
            limit = P99_TARGET_MS.get(kind)
            target = f"≤ {limit:g} ms"
            met = "yes" if t <= limit else "no"
        errors = ""
        if path[0] in ("ingest", "hot", "otlp"):
            e_m, e_t = _get(ml, path[0], "errors"), _get(tw, path[0], "errors")
            if e_m or e_t:
                errors = f" (errors: MLflow {e_m or 0}, Trackway {e_t or 0})"
        if path[0] == "wrk" and path[2] == "req_per_s":
            e_m, e_t = _get(ml, "wrk", path[1], "errors"), _get(tw, "wrk", path[1], "errors")
            if e_m or e_t:
                errors = f" (errors: MLflow {e_m or 0}, Trackway {e_t or 0})"
        lines.append(f"| {label}{errors} | {unit} | {_fmt(m, unit)} | {_fmt(t, unit)} | "
                     f"{'' if ratio is None else f'{ratio:.1f}×'} | {target} | {met} |")
    retries = tw.get("db_retries")
    if retries is not None:
        text = ", ".join(f"{k} {v}" for k, v in sorted(retries.items())) or "none"
        lines += ["", f"Trackway's retried transactions over the whole session (`trackway_db_retries_total`): {text}."]
    return lines


def plots(results: dict, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, per in results["results"].items():
        ml, tw = per.get("mlflow", {}), per.get("trackway", {})
        rows = [(label, _get(ml, *path), _get(tw, *path), higher, unit)
                for label, path, unit, higher, *_ in ROWS
                if _get(ml, *path) is not None and _get(tw, *path) is not None]
        if not rows:
            continue
        fig, axes = plt.subplots(len(rows), 1, figsize=(8, 0.9 * len(rows) + 1))
        if len(rows) == 1:
            axes = [axes]
        for ax, (label, m, t, higher, unit) in zip(axes, rows):
            ax.barh(["MLflow", "Trackway"], [m, t], color=["#888888", "#2b7bba"])
            better = "higher" if higher else "lower"
            ax.set_title(f"{label} ({unit}, {better} is better)", fontsize=8, loc="left")
            ax.tick_params(labelsize=7)
            for i, v in enumerate((m, t)):
                ax.text(v, i, f" {_fmt(v, unit)}", va="center", fontsize=7)
            ax.set_xlim(0, max(m, t) * 1.25)
        fig.suptitle(f"Trackway vs MLflow 3.18 on {DB_NAMES.get(kind, kind)} "
                     f"({results['meta'].get('cpus')} cores)", fontsize=10)
        fig.tight_layout()
        path = out / f"bench-{kind}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    # wrk latency percentiles, both servers, both kinds
    series = []
    for kind, per in results["results"].items():
        for name in ("mlflow", "trackway"):
            for mode in ("log-metric", "runs-get"):
                v = _get(per, name, "wrk", mode)
                if isinstance(v, dict) and "p50_ms" in v:
                    series.append((f"{DB_NAMES.get(kind, kind)} {name} {mode}",
                                   [v["p50_ms"], v["p90_ms"], v["p99_ms"]]))
    if series:
        fig, ax = plt.subplots(figsize=(8, 4))
        for label, ys in series:
            ax.plot(["p50", "p90", "p99"], ys, marker="o", label=label,
                    linestyle="-" if "trackway" in label else "--")
        ax.set_yscale("log")
        ax.set_ylabel("ms (log scale)")
        ax.set_title("wrk, 32 connections: latency percentiles", fontsize=10)
        ax.legend(fontsize=7)
        fig.tight_layout()
        path = out / "bench-wrk-latency.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", type=Path)
    ap.add_argument("--png", type=Path, help="write PNG plots into this folder")
    a = ap.parse_args()
    results = json.loads(a.results.read_text())
    meta = results.get("meta", {})
    lines = [f"Run {meta.get('started', '?')} at commit {meta.get('git', '?')}, {meta.get('cpus')} cores, "
             f"load average at start {', '.join(f'{x:.2f}' for x in meta.get('load_at_start', []))}; "
             f"`{meta.get('command', '')}`.", ""]
    for kind, per in results.get("results", {}).items():
        lines += table(kind, per) + [""]
    print("\n".join(lines))
    if a.png:
        for p in plots(results, a.png):
            print(f"wrote {p}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
