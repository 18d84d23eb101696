-- POST /api/v1/orders: a random customer (CUSTOMERS_FILE) orders one unit of each of 3 distinct random products
-- (PRODUCTS_FILE: products with plenty of stock) in EUR, with a unique Idempotency-Key per request.
package.path = os.getenv("WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local customers, products

setup = common.setup

function init(args)
  customers = common.lines(os.getenv("CUSTOMERS_FILE"))
  products = common.lines(os.getenv("PRODUCTS_FILE"))
  math.randomseed(os.time() + (thread_index or 0) * 7919)
end

function request()
  local a = math.random(#products)
  local b, c
  repeat b = math.random(#products) until b ~= a
  repeat c = math.random(#products) until c ~= a and c ~= b
  local body = string.format(
    '{"customerId":"%s","currency":"EUR","lines":[{"productId":"%s","quantity":1},{"productId":"%s","quantity":1},{"productId":"%s","quantity":1}]}',
    customers[math.random(#customers)], products[a], products[b], products[c])
  return wrk.format("POST", "/api/v1/orders",
    common.headers({ ["Content-Type"] = "application/json", ["Idempotency-Key"] = common.unique("place") }), body)
end
