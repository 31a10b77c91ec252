-- Octet microservices load scenario for wrk: browse products (list, search, get) and, with a bearer
-- token, place orders. One script serves both sides of the comparison:
--   through the gateway:        PRODUCTS_PATH=/api/products  ORDERS_PATH=/api/orders
--   directly at product-service: PRODUCTS_PATH=/products      ORDER_SHARE=0 (browsing only)
--
-- Environment (run.sh sets it):
--   PRODUCT_IDS   file with one product id per line (made by run.sh's setup)
--   PRODUCTS_PATH path of the product collection            (default /api/products)
--   ORDERS_PATH   path of the order collection              (default /api/orders)
--   TOKEN         bearer token for orders                   (needed when ORDER_SHARE > 0)
--   ORDER_SHARE   fraction of requests that place an order  (default 0)
--
-- done() prints one line starting with "RESULT" that run.sh reads.

local products_path = os.getenv("PRODUCTS_PATH") or "/api/products"
local orders_path = os.getenv("ORDERS_PATH") or "/api/orders"
local token = os.getenv("TOKEN") or ""
local order_share = tonumber(os.getenv("ORDER_SHARE") or "0")
local ids_file = os.getenv("PRODUCT_IDS")

local words = { "lamp", "chair", "desk", "shelf", "rug", "mug" }
local categories = { "loadtest-home", "loadtest-office", "loadtest-kitchen" }

local threads = {}
local ids = {}
local counter = 0

function setup(thread)
   thread:set("number", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   math.randomseed(os.time() * 1000 + number)
   if ids_file == nil then
      error("PRODUCT_IDS must name a file of product ids")
   end
   for line in io.lines(ids_file) do
      if line ~= "" then
         table.insert(ids, line)
      end
   end
   if #ids == 0 then
      error("no product ids in " .. ids_file)
   end
   if order_share > 0 and token == "" then
      error("ORDER_SHARE > 0 needs TOKEN")
   end
end

local function any(list)
   return list[math.random(#list)]
end

function request()
   counter = counter + 1
   local roll = math.random()
   if roll < order_share then
      local body = '{"items":[{"productId":"' .. any(ids) .. '","quantity":1}]}'
      return wrk.format("POST", orders_path, {
         ["Content-Type"] = "application/json",
         ["Authorization"] = "Bearer " .. token,
      }, body)
   end
   -- The rest is browsing: 40% lists, 30% searches, 30% single products.
   local browse = (roll - order_share) / (1 - order_share)
   if browse < 0.4 then
      return wrk.format("GET", products_path .. "?page=" .. math.random(0, 2) .. "&size=20")
   elseif browse < 0.7 then
      return wrk.format("GET", products_path .. "?q=" .. any(words) .. "&category=" .. any(categories) .. "&size=10")
   end
   return wrk.format("GET", products_path .. "/" .. any(ids))
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write
         + summary.errors.timeout + summary.errors.status
   io.write(string.format(
         "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
         summary.requests, seconds, summary.requests / seconds,
         latency:percentile(50) / 1000, latency:percentile(99) / 1000,
         errors, summary.errors.status))
end
