-- GET one fixed URL_PATH (a list page, e.g. /api/v1/orders?sort=total&cursor=...).
package.path = os.getenv("WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local path = os.getenv("URL_PATH")
local prepared

setup = common.setup

function init(args)
  prepared = wrk.format("GET", path, common.headers())
end

function request()
  return prepared
end
