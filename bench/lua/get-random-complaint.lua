-- GET /v1/complaints/{id} for a random id among the seeded complaints.
local count = tonumber(os.getenv("COMPLAINTS") or "100000")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("REDRESS_ADMIN_KEY")
request = function()
  return wrk.format("GET", "/v1/complaints/" .. math.random(1, count))
end
