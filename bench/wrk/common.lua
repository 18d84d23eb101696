-- Shared by the scenario scripts: the bearer token, files of sampled ids, a per-thread index and unique keys.
-- Environment: TOKEN (bearer token; the baselines ignore it but receive the same request bytes).
local common = {}

common.token = os.getenv("TOKEN") or ""

function common.lines(path)
  local items = {}
  local file = assert(io.open(path, "r"), "cannot read " .. tostring(path))
  for line in file:lines() do
    if line ~= "" then items[#items + 1] = line end
  end
  file:close()
  assert(#items > 0, path .. " is empty")
  return items
end

function common.headers(extra)
  local headers = { ["Authorization"] = "Bearer " .. common.token }
  for k, v in pairs(extra or {}) do headers[k] = v end
  return headers
end

-- Threads get their index through setup(); keys are unique across threads, runs and processes.
local threads = {}
local counter = 0
function common.setup(thread)
  counter = counter + 1
  thread:set("thread_index", counter)
  table.insert(threads, thread)
end

function common.unique(prefix)
  common.sequence = (common.sequence or 0) + 1
  return string.format("%s-%s-%d-%d", prefix, os.getenv("RUN_ID") or "run", thread_index or 0, common.sequence)
end

common.threads = threads
return common
