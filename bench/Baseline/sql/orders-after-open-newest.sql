-- Captured by bench/capture-sql from Ordo's EF Core log: GET /api/v1/orders (one request). Replayed by the same-SQL baseline.
-- @open
-- @command @only='?', @at='?' (DbType = DateTime), @id='?' (DbType = Guid), @p='?' (DbType = Int32)
SELECT o.id, o.billing_address_encrypted, o.created_at, o.currency, o.customer_id, o.event_count, o.fulfilment_status, o.metadata, o.number, o.payment_due_at, o.payment_reference, o.payment_status, o.shipping_address_encrypted, o.status, o.updated_at, o.version, o.amount_paid_amount, o.amount_paid_currency, o.amount_refunded_amount, o.amount_refunded_currency, o.shipping_fee_amount, o.shipping_fee_currency, o.subtotal_amount, o.subtotal_currency, o.total_amount, o.total_currency
FROM orders AS o
WHERE o.status = @only AND (o.created_at, o.id) < (@at, @id)
ORDER BY o.created_at DESC, o.id DESC
LIMIT @p
-- @close
