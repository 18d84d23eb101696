-- GET PREFIX<id> with an id drawn at random from IDS_FILE (one id per line), e.g. an order or a product by id.
package.path = os.getenv("WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local prefix = os.getenv("PREFIX")
local ids

setup = common.setup

function init(args)
  ids = common.lines(os.getenv("IDS_FILE"))
  math.randomseed(os.time() + (thread_index or 0) * 7919)
  wrk.headers["Authorization"] = "Bearer " .. common.token
end

function request()
  return wrk.format("GET", prefix .. ids[math.random(#ids)])
end
