-- Pay -> ship -> deliver. PENDING_FILE lists unpaid orders ("id total" per line), split between the threads. Each
-- answer says what comes next: a paid order is shipped in full, a shipped one delivered. Responses may arrive on
-- any of the thread's connections, so the next step is read from the body, not from which request it answered.
-- When a thread runs out of unpaid orders it places one (counted; done() reports how many), so the run goes on.
package.path = os.getenv("WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local pending, queue, head, tail = {}, {}, 1, 0
local customers, products
placed, paid, shipped, delivered, failed = 0, 0, 0, 0, 0

setup = common.setup

local function push(item) tail = tail + 1; queue[tail] = item end

function init(args)
  local all = common.lines(os.getenv("PENDING_FILE"))
  local count = tonumber(os.getenv("THREADS") or "2")
  for i, line in ipairs(all) do
    if (i % count) + 1 == (thread_index or 1) then
      local id, total = line:match("^(%S+)%s+(%d+)$")
      pending[#pending + 1] = { id = id, total = total }
    end
  end
  customers = common.lines(os.getenv("CUSTOMERS_FILE"))
  products = common.lines(os.getenv("PRODUCTS_FILE"))
  math.randomseed(os.time() + (thread_index or 0) * 7919)
end

local json = { ["Content-Type"] = "application/json" }

function request()
  if head <= tail then
    local item = queue[head]; queue[head] = nil; head = head + 1
    if item.kind == "ship" then
      return wrk.format("POST", "/api/v1/orders/" .. item.id .. "/shipments", common.headers(json),
        string.format('{"carrier":"PostNL","trackingNumber":"%s","lines":[%s]}', common.unique("T"), item.lines))
    else
      return wrk.format("POST", "/api/v1/orders/" .. item.id .. "/shipments/" .. item.shipment .. "/deliver", common.headers(), "")
    end
  end
  local order = table.remove(pending)
  if order then
    return wrk.format("POST", "/api/v1/orders/" .. order.id .. "/payment",
      common.headers({ ["Content-Type"] = "application/json", ["Idempotency-Key"] = common.unique("pay") }),
      string.format('{"amount":{"amount":%s,"currency":"EUR"},"externalReference":"%s"}', order.total, common.unique("pi")))
  end
  placed = placed + 1
  local a = math.random(#products)
  local b, c
  repeat b = math.random(#products) until b ~= a
  repeat c = math.random(#products) until c ~= a and c ~= b
  return wrk.format("POST", "/api/v1/orders",
    common.headers({ ["Content-Type"] = "application/json", ["Idempotency-Key"] = common.unique("place") }),
    string.format('{"customerId":"%s","currency":"EUR","lines":[{"productId":"%s","quantity":1},{"productId":"%s","quantity":1},{"productId":"%s","quantity":1}]}',
      customers[math.random(#customers)], products[a], products[b], products[c]))
end

function response(status, headers, body)
  if status >= 300 or not body then failed = failed + 1; return end
  local id = body:match('^{"id":"([%x%-]+)"')
  local state = body:match('"status":"(%a+)"')
  local fulfilment = body:match('"fulfilmentStatus":"([%a_]+)"')
  if state == "pending" then
    pending[#pending + 1] = { id = id, total = body:match('"total":{"amount":(%d+)') }
  elseif state == "open" and fulfilment == "unfulfilled" then
    paid = paid + 1
    local lines = {}
    local section = body:match('"lines":%[(.-)%],"subtotal"') or ""
    for line, quantity in section:gmatch('{"id":"([%x%-]+)","productId":"[%x%-]+".-"unitPrice":{[^}]*},"quantity":(%d+)') do
      lines[#lines + 1] = string.format('{"orderLineId":"%s","quantity":%s}', line, quantity)
    end
    push({ kind = "ship", id = id, lines = table.concat(lines, ",") })
  elseif state == "open" and fulfilment == "fulfilled" then
    shipped = shipped + 1
    push({ kind = "deliver", id = id, shipment = body:match('"shipments":%[{"id":"([%x%-]+)"') })
  elseif state == "completed" then
    delivered = delivered + 1
  end
end

function done(summary, latency, requests)
  local totals = { placed = 0, paid = 0, shipped = 0, delivered = 0, failed = 0 }
  for _, thread in ipairs(common.threads) do
    for key in pairs(totals) do totals[key] = totals[key] + (thread:get(key) or 0) end
  end
  io.write(string.format("chain: paid %d, shipped %d, delivered %d, placed when out of unpaid orders %d, failed %d\n",
    totals.paid, totals.shipped, totals.delivered, totals.placed, totals.failed))
end
