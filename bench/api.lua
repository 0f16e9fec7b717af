-- wrk script of bench/api.sh: each request a Create of a new Credentials (POST /api/v2beta1/credentials),
-- its username unique per thread and request; the API key comes from the environment (TANDEM_API_KEY, id:secret).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local key = os.getenv("TANDEM_API_KEY")
  auth = "Bearer " .. key
  prefix = os.getenv("BENCH_RUN") or "run"
end

function request()
  counter = counter + 1
  local body = string.format('{"name":"Bench %d-%d","username":"%s-%d-%d","password":"pw-bench-0001"}',
    tid, counter, prefix, tid, counter)
  return wrk.format("POST", "/api/v2beta1/credentials",
    {["Authorization"] = auth, ["Content-Type"] = "application/json"}, body)
end
