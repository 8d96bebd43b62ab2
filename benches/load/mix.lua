-- wrk script for collabgraph: a fixed, round-robin mix of POST /graphql requests,
-- four valid and six invalid or hostile, each tagged with its own X-Request-Id
-- ("load-<kind>") so that response() can count statuses per kind (the server echoes the id).
-- Usage: wrk -t2 -c256 -d60s --latency -s benches/load/mix.lua http://127.0.0.1:18181
-- done() prints a "STATUS <kind> <code> <count>" line per kind and status, for run.sh to parse.

local function json_str(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('\n', '\\n') .. '"'
end

local function gql(query)
  return '{"query":' .. json_str(query) .. '}'
end

-- 200 aliases (the limit is 50).
local aliases = {}
for i = 1, 200 do aliases[#aliases + 1] = "a" .. i .. ": __typename" end
local alias_flood = "{ " .. table.concat(aliases, " ") .. " }"

-- Fragment bomb: 30 levels, each spreading the one below twice (2^30 leaves if expanded naively).
local frags = { "query Bomb { ...F30 }", "fragment F0 on Query { __typename }" }
for i = 1, 30 do
  frags[#frags + 1] = string.format("fragment F%d on Query { ...F%d ...F%d }", i, i - 1, i - 1)
end
local fragment_bomb = table.concat(frags, "\n")

local mix = {
  -- valid
  { "institution",  gql('{ institution(id: "szu") { id name country } }') },
  { "network",      gql('{ network(network: { projection: INSTITUTIONS }) { truncated nodes { id label degree } edges { id source target weight } } }') },
  { "search_typo",  gql('{ search(text: "Shenzen Univrsity") { score matched field node { id label } } }') },
  { "shortestPath", gql('{ shortestPath(from: "Institution:cup", to: "Institution:szu") { length nodes { id label } relations { type } } }') },
  -- invalid or hostile
  { "bad_json",     '{"query": "{ institution(id: \\"szu\\") { id } }"' },
  { "parse_error",  gql('{ institution(id: "szu") { id ') },
  { "alias_flood",  gql(alias_flood) },
  { "fragment_bomb", gql(fragment_bomb) },
  { "unknown_field", gql('{ institution(id: "szu") { id noSuchField } }') },
  { "first_100000", gql('{ institutions(first: 100000) { totalCount nodes { id } } }') },
}

local requests = {}
local kinds = {}
for i, m in ipairs(mix) do
  kinds[i] = m[1]
  requests[i] = wrk.format("POST", "/graphql", {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/graphql-response+json",
    ["X-Request-Id"] = "load-" .. m[1],
  }, m[2])
end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

local n = 0
counts = {}     -- "<kind> <status>" -> count, per thread
function init(args)
  n = id or 0   -- threads start at different points in the cycle
end

function request()
  n = n % #requests + 1
  return requests[n]
end

function response(status, headers, body)
  local rid = headers["x-request-id"] or headers["X-Request-Id"] or "load-unknown"
  local key = rid:gsub("^load%-", "") .. " " .. status
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests_)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    if c then
      for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
    end
  end
  local keys = {}
  for k in pairs(total) do keys[#keys + 1] = k end
  table.sort(keys)
  io.write("---- statuses by kind (from response()) ----\n")
  for _, k in ipairs(keys) do io.write("STATUS " .. k .. " " .. total[k] .. "\n") end
  io.write(string.format("LATENCY p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("TOTALS requests=%d duration_s=%.1f rps=%.1f errors_connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
end
