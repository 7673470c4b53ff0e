-- wrk script of bench/surge.sh:  wrk -s bench/surge.lua URL -- MODE PATH FIRST_OCTET TAG
--   MODE sign: POST a signature to PATH with an e-mail address of its own per request (TAG-thread-n@example.org)
--   MODE get:  GET PATH
-- Every request carries an X-Forwarded-For address of its own: (FIRST_OCTET + thread).x.y.z, counted up per
-- request, so a limit per client address never holds the load (the service runs as behind an ingress).
-- done() prints one machine-readable line: "WRK requests=... duration_us=... non2xx=... p50_us=... p99_us=..."

local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  mode = args[1]
  path = args[2]
  octet = tonumber(args[3]) + tid
  tag = args[4]
  counter = 0
end

local function address(n)
  return string.format("%d.%d.%d.%d", octet, math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
end

function request()
  counter = counter + 1
  if mode == "sign" then
    local body = string.format(
      '{"name":"Bench Signer","email":"%s-%d-%d@example.org","country":"GB","postalCode":"SW1A 1AA","consentToUpdates":false}',
      tag, tid, counter)
    return wrk.format("POST", path,
      { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address(counter) }, body)
  end
  return wrk.format("GET", path, { ["X-Forwarded-For"] = address(counter) })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d bytes=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout, summary.bytes,
    latency:percentile(50), latency:percentile(99), latency.max))
end
