-- Captured by bench/capture-sql from Ordo's EF Core log: GET /api/v1/orders/{id} (one request). Replayed by the same-SQL baseline.
-- @open
-- @command @p0='?' (DbType = Guid)
SELECT id, number, customer_id, currency, status, payment_status, fulfilment_status, payment_reference, version,
       subtotal_amount, shipping_fee_amount, total_amount, amount_paid_amount, amount_refunded_amount,
       created_at, updated_at, payment_due_at, shipping_address_encrypted, billing_address_encrypted, metadata
FROM orders WHERE id = @p0;
SELECT id, product_id, sku, product_name, unit_price_amount, quantity, shipped_quantity FROM order_lines WHERE order_id = @p0;
SELECT id, amount_amount, reason, actor, created_at FROM refunds WHERE order_id = @p0;
SELECT id, carrier, tracking_number, shipped_at, delivered_at FROM shipments WHERE order_id = @p0;
SELECT l.shipment_id, l.order_line_id, l.quantity FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id WHERE s.order_id = @p0;
SELECT version FROM orders WHERE id = @p0;
-- @close
