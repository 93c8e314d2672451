-- wrk script of bench/bench.py: many small MLflow requests on one run.
--   BENCH_MODE=log-metric  POST runs/log-metric, a new point each request (10 keys, rising step)
--   BENCH_MODE=runs-get    GET runs/get of a run with 20 params, 10 metrics and 10 tags
-- BENCH_RUN_ID names the run. done() prints one JSON line that bench.py reads.
local mode = os.getenv("BENCH_MODE") or "log-metric"
local run_id = os.getenv("BENCH_RUN_ID")
local threads = 0

function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end

local counter = 0
local base = 0

function init(args)
  base = (tonumber(thread_no) or 0) * 100000000
end

function request()
  if mode == "runs-get" then
    return wrk.format("GET", "/api/2.0/mlflow/runs/get?run_id=" .. run_id)
  end
  counter = counter + 1
  local n = base + counter
  local body = string.format(
    '{"run_id": "%s", "key": "m%d", "value": %d.25, "timestamp": %d, "step": %d}',
    run_id, n % 10, n % 997, 1700000000000 + n, n)
  return wrk.format("POST", "/api/2.0/mlflow/runs/log-metric",
    {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d,'
      .. ' "timeouts": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
