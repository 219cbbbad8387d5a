-- Cross-check of benchmarks/http_load.py with wrk (Debian package `wrk`), an independent
-- load generator written in C: 50 connections ask the QA set's questions in turn through
-- POST /api/chat, back to back. From the repository root, with a server whose per-user
-- rate limit is raised (one closed-loop client asks far faster than a person):
--
--   CCHC_RATE_LIMIT_BURST=100000 CCHC_RATE_LIMIT_PER_MINUTE=1000000 \
--   CCHC_RATE_LIMIT_ADDRESS_BURST=100000 CCHC_RATE_LIMIT_ADDRESS_PER_MINUTE=1000000 .venv/bin/cchc serve &
--   wrk -t1 -c50 -d5s -s benchmarks/wrk_chat.lua http://127.0.0.1:8080/api/chat   # warm-up
--   wrk -t1 -c50 -d15s -s benchmarks/wrk_chat.lua http://127.0.0.1:8080/api/chat

local questions = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  -- The "question" value of each JSON line, kept as a JSON string literal for the body.
  for line in io.lines("tests/data/qa_dev.jsonl") do
    local question = line:match('"question":%s*(".-[^\\]")')
    if question then
      questions[#questions + 1] = question
    end
  end
  index = id * 7
  session = 0
end

function request()
  index = index + 1
  session = session + 1
  -- 50 sessions per thread, reused in turn: one per connection on average.
  local body = string.format('{"session_id": "wrk-%02d-%04d", "text": %s}', id, session % 50,
                             questions[(index % #questions) + 1])
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
                 + summary.errors.write + summary.errors.timeout
  io.write(string.format("wrk: %d answers, %.1f req/s, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
