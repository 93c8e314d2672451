#!/usr/bin/env python3
"""Tracking hot-path benchmark: prints numbers, asserts nothing.

Drives a running server (Trackway or MLflow's own, for comparison) over raw HTTP, the way the
MLflow client does:
  * log-batch: B full batches of 1000 metrics into one run (rows/s, ms per batch, p50/p95);
  * search-runs: an experiment of R runs with params, tags and metrics; a page of 1000 runs
    ordered by a metric, with a metric filter (ms per call);
  * get-history: a metric of H points read back with max_results=25000 paging (ms).

Usage: bench_tracking.py --url http://127.0.0.1:5000 [--batches 50] [--runs 2000] [--label X]
"""
import argparse
import statistics
import time
import uuid

import requests


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--batches", type=int, default=50)
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--label", default="")
    a = ap.parse_args()
    s = requests.Session()
    api = a.url.rstrip("/") + "/api/2.0/mlflow"

    def post(path, body):
        r = s.post(api + path, json=body, timeout=600)
        r.raise_for_status()
        return r.json()

    exp = post("/experiments/create", {"name": f"bench-{uuid.uuid4().hex[:8]}"})["experiment_id"]
    run = post("/runs/create", {"experiment_id": exp, "start_time": 0})["run"]["info"]["run_id"]

    # log-batch
    lat = []
    t0 = time.perf_counter()
    for b in range(a.batches):
        metrics = [
            {"key": f"m{i % 50}", "value": (b * 1000 + i) * 0.001, "timestamp": 1_700_000_000_000 + b,
             "step": b * 20 + i // 50}
            for i in range(1000)
        ]
        t = time.perf_counter()
        post("/runs/log-batch", {"run_id": run, "metrics": metrics})
        lat.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - t0
    rows = a.batches * 1000
    print(f"[{a.label}] log-batch: {a.batches} x 1000 metrics in {total:.2f} s = {rows / total:,.0f} rows/s;"
          f" per batch p50 {statistics.median(lat):.1f} ms, p95 {sorted(lat)[int(len(lat) * 0.95) - 1]:.1f} ms")

    # get-history of one key: batches*20 points
    t = time.perf_counter()
    points, token = 0, None
    while True:
        q = {"run_id": run, "metric_key": "m7", "max_results": 25000}
        if token:
            q["page_token"] = token
        r = s.get(api + "/metrics/get-history", params=q, timeout=600).json()
        points += len(r.get("metrics", []))
        token = r.get("next_page_token")
        if not token:
            break
    print(f"[{a.label}] get-history: {points} points in {(time.perf_counter() - t) * 1000:.0f} ms")

    # search-runs over an experiment of R runs
    exp2 = post("/experiments/create", {"name": f"bench-search-{uuid.uuid4().hex[:8]}"})["experiment_id"]
    t = time.perf_counter()
    for i in range(a.runs):
        rid = post("/runs/create", {"experiment_id": exp2, "start_time": i})["run"]["info"]["run_id"]
        post("/runs/log-batch", {
            "run_id": rid,
            "params": [{"key": f"p{j}", "value": str(i % (j + 2))} for j in range(10)],
            "tags": [{"key": f"t{j}", "value": f"v{i % 7}"} for j in range(5)],
            "metrics": [{"key": f"acc{j}", "value": (i * 7919 % 1000) / 1000, "timestamp": i, "step": 0}
                        for j in range(5)],
        })
    print(f"[{a.label}] setup: {a.runs} runs (10 params, 5 tags, 5 metrics each) in {time.perf_counter() - t:.1f} s")
    for label, body in [
        ("page of 1000, default order", {"experiment_ids": [exp2], "max_results": 1000}),
        ("page of 1000, order by metrics.acc0 DESC", {"experiment_ids": [exp2], "max_results": 1000,
                                                      "order_by": ["metrics.acc0 DESC"]}),
        ("filter metrics.acc0 > 0.5 AND params.p3 = '1'", {"experiment_ids": [exp2], "max_results": 1000,
                                                           "filter": "metrics.acc0 > 0.5 AND params.p3 = '1'"}),
    ]:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            n = len(post("/runs/search", body).get("runs", []))
            times.append((time.perf_counter() - t) * 1000)
        print(f"[{a.label}] search-runs {label}: {n} runs, median {statistics.median(times):.0f} ms of 5")


if __name__ == "__main__":
    main()
