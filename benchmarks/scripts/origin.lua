-- wrk script of the origin benchmark: WORKLOADS.md's request bodies and headers.
--
--   BENCH_WRK_DIR  directory with open.bin, text-00.bin .. text-63.bin and grip-sig.txt
--                  (written by: java -cp benchmarks.jar org.gripkit.bench.Workloads --write DIR)
--   BENCH_MIX      open | text | mixed
--   BENCH_NAME     the result line's name, e.g. origin.text or peer.node.origin.text
--
-- Each thread cycles through 64 prebuilt requests, k = 0..63, with Connection-Id
-- bench-<thread>-<k>; done() prints one line:
--   <name> requests_per_s=... p50_ms=... p99_ms=... non2xx=... requests=... socket_errors=...

local dir = os.getenv("BENCH_WRK_DIR") or error("BENCH_WRK_DIR is not set")
local mix = os.getenv("BENCH_MIX") or error("BENCH_MIX is not set")
local name = os.getenv("BENCH_NAME") or ("origin." .. mix)

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}
local index = 0
non2xx = 0

function init(args)
  local sig = slurp(dir .. "/grip-sig.txt"):gsub("%s+$", "")
  local open = slurp(dir .. "/open.bin")
  local path = wrk.path
  for k = 0, 63 do
    local useOpen = mix == "open" or (mix == "mixed" and k % 10 == 0)
    local body = useOpen and open or slurp(string.format("%s/text-%02d.bin", dir, k))
    local headers = {
      ["Content-Type"] = "application/websocket-events",
      ["Accept"] = "application/websocket-events",
      ["Connection-Id"] = string.format("bench-%d-%d", id, k),
      ["Grip-Sig"] = sig,
    }
    if useOpen then
      headers["Sec-WebSocket-Extensions"] = "grip"
    end
    requests[k] = wrk.format("POST", path, headers, body)
  end
end

function request()
  local r = requests[index]
  index = (index + 1) % 64
  return r
end

function response(status, headers, body)
  if status ~= 200 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "%s requests_per_s=%.0f p50_ms=%.3f p99_ms=%.3f non2xx=%d requests=%d socket_errors=%d\n",
    name, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, bad, summary.requests,
    e.connect + e.read + e.write + e.timeout))
end
