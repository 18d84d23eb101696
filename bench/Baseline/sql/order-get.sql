-- Captured by bench/capture-sql from Ordo's EF Core log: GET /api/v1/orders/{id} (one request). Replayed by the same-SQL baseline.
-- @open
-- @command @id='?' (DbType = Guid)
SELECT o.id, o.created_at, o.currency, o.customer_id, o.event_count, o.fulfilment_status, o.number, o.payment_due_at, o.payment_reference, o.payment_status, o.status, o.updated_at, o.version, o.amount_paid_amount, o.amount_paid_currency, o.amount_refunded_amount, o.amount_refunded_currency, o.shipping_fee_amount, o.shipping_fee_currency, o.subtotal_amount, o.subtotal_currency, o.total_amount, o.total_currency
FROM orders AS o
WHERE o.id = @id
ORDER BY o.id
LIMIT 2
-- @command @id='?' (DbType = Guid)
SELECT o0.id, o0.order_id, o0.product_id, o0.product_name, o0.quantity, o0.shipped_quantity, o0.sku, o0.unit_price_amount, o0.unit_price_currency, o1.id
FROM (
    SELECT o.id
    FROM orders AS o
    WHERE o.id = @id
    ORDER BY o.id
    LIMIT 1
) AS o1
INNER JOIN order_lines AS o0 ON o1.id = o0.order_id
ORDER BY o1.id
-- @command @id='?' (DbType = Guid)
SELECT r.id, r.actor, r.created_at, r.order_id, r.reason, r.amount_amount, r.amount_currency, o2.id
FROM (
    SELECT o.id
    FROM orders AS o
    WHERE o.id = @id
    ORDER BY o.id
    LIMIT 1
) AS o2
INNER JOIN refunds AS r ON o2.id = r.order_id
ORDER BY o2.id
-- @command @id='?' (DbType = Guid)
SELECT s.id, s.carrier, s.delivered_at, s.order_id, s.shipped_at, s.tracking_number, o3.id
FROM (
    SELECT o.id
    FROM orders AS o
    WHERE o.id = @id
    ORDER BY o.id
    LIMIT 1
) AS o3
INNER JOIN shipments AS s ON o3.id = s.order_id
ORDER BY o3.id, s.id
-- @command @id='?' (DbType = Guid)
SELECT s1.shipment_id, s1.order_line_id, s1.quantity, o3.id, s.id
FROM (
    SELECT o.id
    FROM orders AS o
    WHERE o.id = @id
    ORDER BY o.id
    LIMIT 1
) AS o3
INNER JOIN shipments AS s ON o3.id = s.order_id
INNER JOIN shipment_lines AS s1 ON s.id = s1.shipment_id
ORDER BY o3.id, s.id
-- @close
