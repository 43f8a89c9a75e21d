-- Print one machine-readable line at the end of a wrk run: requests, seconds, p50 ms, p95 ms, errors.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %.3f %.3f %.3f %d\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
