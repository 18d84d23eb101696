-- Captured by bench/capture-sql from Ordo's EF Core log: GET /api/v1/products/{id} (one request). Replayed by the same-SQL baseline.
-- @open
-- @command @id='?' (DbType = Guid)
SELECT p.id, p.created_at, p.description, p.metadata, p.name, p.sku, p.status, p.stock_on_hand, p.stock_reserved, p.updated_at, p.version, p.unit_price_amount, p.unit_price_currency
FROM products AS p
WHERE p.id = @id
LIMIT 2
-- @close
