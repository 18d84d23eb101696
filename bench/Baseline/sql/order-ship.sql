-- Captured by bench/capture-sql from Ordo's EF Core log: POST /api/v1/orders/{id}/shipments (one request). Replayed by the same-SQL baseline.
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
-- @command @p='?' (DbType = Int64), @order_Id='?' (DbType = Guid), @read='?' (DbType = Int64)
UPDATE orders AS o
SET version = @p
WHERE o.id = @order_Id AND o.version = @read
-- @command p0='?' (DbType = Object)
SELECT id AS "Value" FROM products WHERE id = ANY(@p0) ORDER BY id FOR UPDATE
-- @command @wanted='?' (DbType = Object)
SELECT p.id, p.created_at, p.description, p.metadata, p.name, p.sku, p.status, p.stock_on_hand, p.stock_reserved, p.updated_at, p.version, p.unit_price_amount, p.unit_price_currency
FROM products AS p
WHERE p.id = ANY (@wanted)
-- @command @p0='?' (DbType = Guid), @p1='?', @p2='?', @p3='?' (DbType = DateTime), @p4='?' (DbType = Guid), @p5='?' (DbType = Int32), @p6='?', @p8='?' (DbType = Guid), @p7='?' (DbType = Int32), @p10='?' (DbType = Guid), @p9='?' (DbType = Int32), @p12='?' (DbType = Guid), @p11='?' (DbType = Int32), @p17='?' (DbType = Guid), @p13='?' (DbType = Int32), @p14='?', @p15='?' (DbType = DateTime), @p16='?' (DbType = Int64), @p18='?' (DbType = Int64), @p19='?' (DbType = Int32), @p20='?', @p21='?' (DbType = DateTime), @p22='?' (DbType = Guid), @p23='?', @p24='?' (DbType = DateTime), @p25='?' (DbType = DateTime), @p26='?' (DbType = DateTime), @p27='?' (DbType = DateTime), @p28='?', @p29='?', @p34='?' (DbType = Guid), @p30='?' (DbType = Int32), @p31='?' (DbType = Int32), @p32='?' (DbType = DateTime), @p33='?' (DbType = Int64), @p35='?' (DbType = Int64), @p40='?' (DbType = Guid), @p36='?' (DbType = Int32), @p37='?' (DbType = Int32), @p38='?' (DbType = DateTime), @p39='?' (DbType = Int64), @p41='?' (DbType = Int64), @p46='?' (DbType = Guid), @p42='?' (DbType = Int32), @p43='?' (DbType = Int32), @p44='?' (DbType = DateTime), @p45='?' (DbType = Int64), @p47='?' (DbType = Int64), @p48='?' (DbType = Guid), @p49='?', @p50='?' (DbType = DateTime), @p51='?' (DbType = Guid), @p52='?' (DbType = DateTime), @p53='?', @p54='?' (DbType = Guid), @p55='?', @p56='?' (DbType = DateTime), @p57='?' (DbType = Guid), @p58='?' (DbType = Guid), @p59='?' (DbType = Int32), @p60='?', @p61='?' (DbType = Guid), @p62='?', @p63='?' (DbType = DateTime), @p64='?' (DbType = Guid), @p65='?' (DbType = Guid), @p66='?' (DbType = Int32), @p67='?', @p68='?' (DbType = Guid), @p69='?', @p70='?' (DbType = DateTime), @p71='?' (DbType = Guid), @p72='?' (DbType = Guid), @p73='?' (DbType = Int32), @p74='?', @p75='?' (DbType = Guid), @p76='?' (DbType = Guid), @p77='?' (DbType = Int32), @p78='?' (DbType = Guid), @p79='?' (DbType = Guid), @p80='?' (DbType = Int32), @p81='?' (DbType = Guid), @p82='?' (DbType = Guid), @p83='?' (DbType = Int32)
INSERT INTO order_events (id, actor, data, occurred_at, order_id, sequence, type)
VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6);
UPDATE order_lines SET shipped_quantity = @p7
WHERE id = @p8;
UPDATE order_lines SET shipped_quantity = @p9
WHERE id = @p10;
UPDATE order_lines SET shipped_quantity = @p11
WHERE id = @p12;
UPDATE orders SET event_count = @p13, fulfilment_status = @p14, updated_at = @p15, version = @p16
WHERE id = @p17 AND version = @p18;
INSERT INTO outbox_messages (attempts, body, delivered_at, id, last_error, locked_until, next_attempt_at, occurred_at, parked_at, partition_key, type)
VALUES (@p19, @p20, @p21, @p22, @p23, @p24, @p25, @p26, @p27, @p28, @p29)
RETURNING position;
UPDATE products SET stock_on_hand = @p30, stock_reserved = @p31, updated_at = @p32, version = @p33
WHERE id = @p34 AND version = @p35;
UPDATE products SET stock_on_hand = @p36, stock_reserved = @p37, updated_at = @p38, version = @p39
WHERE id = @p40 AND version = @p41;
UPDATE products SET stock_on_hand = @p42, stock_reserved = @p43, updated_at = @p44, version = @p45
WHERE id = @p46 AND version = @p47;
INSERT INTO shipments (id, carrier, delivered_at, order_id, shipped_at, tracking_number)
VALUES (@p48, @p49, @p50, @p51, @p52, @p53);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p54, @p55, @p56, @p57, @p58, @p59, @p60);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p61, @p62, @p63, @p64, @p65, @p66, @p67);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p68, @p69, @p70, @p71, @p72, @p73, @p74);
INSERT INTO shipment_lines (order_line_id, shipment_id, quantity)
VALUES (@p75, @p76, @p77);
INSERT INTO shipment_lines (order_line_id, shipment_id, quantity)
VALUES (@p78, @p79, @p80);
INSERT INTO shipment_lines (order_line_id, shipment_id, quantity)
VALUES (@p81, @p82, @p83);
-- @command p0='?' (DbType = Int64)
UPDATE audit_chain_head SET sequence = sequence + @p0 WHERE id = 1 RETURNING sequence AS "Sequence", hash AS "Hash"
-- @command @p1='?' (DbType = Int32), @p0='?', @p2='?' (DbType = Guid), @p3='?', @p4='?', @p5='?', @p6='?', @p7='?', @p8='?' (DbType = DateTime), @p9='?', @p10='?', @p11='?', @p12='?', @p13='?' (DbType = Int64), @p14='?', @p15='?'
UPDATE audit_chain_head SET hash = @p0
WHERE id = @p1;
INSERT INTO audit_entries (id, action, actor, changes, hash, ip_address, occurred_at, outcome, previous_hash, resource_id, resource_type, sequence, trace_id, user_agent)
VALUES (@p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15);
-- @commit
-- @close
