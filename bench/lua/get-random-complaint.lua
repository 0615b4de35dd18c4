-- GET /v1/complaints/{id}: every seeded complaint once, in a random order of its own per thread.
-- The requests are formatted before the run, so wrk spends little of the shared CPU on each one.
local count = tonumber(os.getenv("COMPLAINTS") or "100000")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("REDRESS_ADMIN_KEY")
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("index", threads)
end
local requests, next = {}, 0
function init(args)
  math.randomseed(index or 1)
  for i = 1, count do requests[i] = i end
  for i = count, 2, -1 do
    local j = math.random(1, i)
    requests[i], requests[j] = requests[j], requests[i]
  end
  for i = 1, count do requests[i] = wrk.format("GET", "/v1/complaints/" .. requests[i]) end
end
function request()
  next = next % count + 1
  return requests[next]
end
