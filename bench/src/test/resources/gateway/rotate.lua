-- wrk script of GatewayBenchmark: GET one path, each request with the next of many credentials (one line of the
-- file given after `--` is one whole header value), so that wrk's connections act for many sessions at once.
-- Usage: wrk ... -s rotate.lua <url> -- <header name> <file of header values>
local header, values, next_index = nil, {}, 1
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("offset", thread_count * 7919)
end

function init(args)
  header = args[1]
  for line in io.lines(args[2]) do
    if #line > 0 then values[#values + 1] = line end
  end
  next_index = (offset or 0) % #values + 1
end

function request()
  wrk.headers[header] = values[next_index]
  next_index = next_index % #values + 1
  return wrk.format("GET")
end

-- one machine-readable line for the benchmark; latency in microseconds
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d connect=%d read=%d write=%d timeout=%d non2xx=%d p50=%d p90=%d p99=%d max=%d mean=%.1f\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
