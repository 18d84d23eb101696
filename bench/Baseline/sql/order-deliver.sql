-- Captured by bench/capture-sql from Ordo's EF Core log: POST /api/v1/orders/{id}/shipments/{id}/deliver (one request). Replayed by the same-SQL baseline.
-- @open
-- @begin
-- @command @id='?' (DbType = Guid)
SELECT o.id, o.billing_address_encrypted, o.created_at, o.currency, o.customer_id, o.event_count, o.fulfilment_status, o.metadata, o.number, o.payment_due_at, o.payment_reference, o.payment_status, o.shipping_address_encrypted, o.status, o.updated_at, o.version, o.amount_paid_amount, o.amount_paid_currency, o.amount_refunded_amount, o.amount_refunded_currency, o.shipping_fee_amount, o.shipping_fee_currency, o.subtotal_amount, o.subtotal_currency, o.total_amount, o.total_currency
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
-- @command @p='?' (DbType = Int64), @order_Id='?' (DbType = Guid), @read='?' (DbType = Int64)
UPDATE orders AS o
SET version = @p
WHERE o.id = @order_Id AND o.version = @read
-- @command @p0='?' (DbType = Guid), @p1='?', @p2='?', @p3='?' (DbType = DateTime), @p4='?' (DbType = Guid), @p5='?' (DbType = Int32), @p6='?', @p7='?' (DbType = Guid), @p8='?', @p9='?', @p10='?' (DbType = DateTime), @p11='?' (DbType = Guid), @p12='?' (DbType = Int32), @p13='?', @p19='?' (DbType = Guid), @p14='?' (DbType = Int32), @p15='?', @p16='?', @p17='?' (DbType = DateTime), @p18='?' (DbType = Int64), @p20='?' (DbType = Int64), @p21='?' (DbType = Int32), @p22='?', @p23='?' (DbType = DateTime), @p24='?' (DbType = Guid), @p25='?', @p26='?' (DbType = DateTime), @p27='?' (DbType = DateTime), @p28='?' (DbType = DateTime), @p29='?' (DbType = DateTime), @p30='?', @p31='?', @p33='?' (DbType = Guid), @p32='?' (DbType = DateTime)
INSERT INTO order_events (id, actor, data, occurred_at, order_id, sequence, type)
VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6);
INSERT INTO order_events (id, actor, data, occurred_at, order_id, sequence, type)
VALUES (@p7, @p8, @p9, @p10, @p11, @p12, @p13);
UPDATE orders SET event_count = @p14, fulfilment_status = @p15, status = @p16, updated_at = @p17, version = @p18
WHERE id = @p19 AND version = @p20;
INSERT INTO outbox_messages (attempts, body, delivered_at, id, last_error, locked_until, next_attempt_at, occurred_at, parked_at, partition_key, type)
VALUES (@p21, @p22, @p23, @p24, @p25, @p26, @p27, @p28, @p29, @p30, @p31)
RETURNING position;
UPDATE shipments SET delivered_at = @p32
WHERE id = @p33;
-- @command p0='?' (DbType = Int64)
UPDATE audit_chain_head SET sequence = sequence + @p0 WHERE id = 1 RETURNING sequence AS "Sequence", hash AS "Hash"
-- @command @p1='?' (DbType = Int32), @p0='?', @p2='?' (DbType = Guid), @p3='?', @p4='?', @p5='?', @p6='?', @p7='?', @p8='?' (DbType = DateTime), @p9='?', @p10='?', @p11='?', @p12='?', @p13='?' (DbType = Int64), @p14='?', @p15='?', @p16='?' (DbType = Guid), @p17='?', @p18='?', @p19='?', @p20='?', @p21='?', @p22='?' (DbType = DateTime), @p23='?', @p24='?', @p25='?', @p26='?', @p27='?' (DbType = Int64), @p28='?', @p29='?'
UPDATE audit_chain_head SET hash = @p0
WHERE id = @p1;
INSERT INTO audit_entries (id, action, actor, changes, hash, ip_address, occurred_at, outcome, previous_hash, resource_id, resource_type, sequence, trace_id, user_agent)
VALUES (@p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15);
INSERT INTO audit_entries (id, action, actor, changes, hash, ip_address, occurred_at, outcome, previous_hash, resource_id, resource_type, sequence, trace_id, user_agent)
VALUES (@p16, @p17, @p18, @p19, @p20, @p21, @p22, @p23, @p24, @p25, @p26, @p27, @p28, @p29);
-- @commit
-- @close
