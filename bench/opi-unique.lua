-- wrk script: POST the reference OPI v10 request with a new codOpiIntEpo on
-- every request, so that each one is a real insert (not an identical re-send).
-- Usage: REQ=path/to/opi-v10-request.xml wrk -t1 -c64 -d10s --latency -s bench/opi-unique.lua URL
local path = os.getenv("REQ") or "../shared/bench/opi-v10-request.xml"
local f = assert(io.open(path, "rb"))
local template = f:read("*a")
f:close()
local counter = 0
local prefix = "W"


function init(args)
  -- A per-run nonce so that two runs on the same database insert new keys too.
  -- "W" + 2 digits + a 7-digit counter: 10 characters (codOpiIntEpo's maximum) for
  -- 10 million requests per run (a 10-minute soak exceeds one million).
  prefix = string.format("W%02d", (os.time() + math.random(0, 99)) % 100)
end

request = function()
  counter = counter + 1
  local key = string.format("%s%07d", prefix, counter % 10000000)
  local body = template:gsub("EC00123456", key)
  return wrk.format("POST", nil, {["Content-Type"] = "text/xml; charset=utf-8", ["SOAPAction"] = "\"\""}, body)
end
