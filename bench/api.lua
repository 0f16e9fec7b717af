-- wrk script of bench/api.sh: each request a Create of a new resource, its username unique per thread and request;
-- BENCH_KIND (environment) picks what: credentials (POST /api/v2beta1/credentials, the default) or agents
-- (POST /api/v2beta1/agents, an Agent of domain-bench with the Credentials cred-u000001, both imported by api.sh).
-- The API key comes from the environment (TANDEM_API_KEY, id:secret).
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
  kind = os.getenv("BENCH_KIND") or "credentials"
end

function request()
  counter = counter + 1
  local body
  if kind == "agents" then
    body = string.format('{"name":"Bench %d-%d","username":"%s-%d-%d","domainRef":"domain-bench","credentialsRef":"cred-u000001"}',
      tid, counter, prefix, tid, counter)
  else
    body = string.format('{"name":"Bench %d-%d","username":"%s-%d-%d","password":"pw-bench-0001"}',
      tid, counter, prefix, tid, counter)
  end
  return wrk.format("POST", "/api/v2beta1/" .. kind,
    {["Authorization"] = auth, ["Content-Type"] = "application/json"}, body)
end
