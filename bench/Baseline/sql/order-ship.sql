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
-- @command p0='?' (DbType = Int64)
UPDATE audit_chain_head SET sequence = sequence + @p0 WHERE id = 1 RETURNING sequence AS "Sequence", hash AS "Hash"
-- @command @p1='?' (DbType = Int32), @p0='?', @p2='?' (DbType = Guid), @p3='?', @p4='?', @p5='?', @p6='?', @p7='?', @p8='?' (DbType = DateTime), @p9='?', @p10='?', @p11='?', @p12='?', @p13='?' (DbType = Int64), @p14='?', @p15='?', @p16='?' (DbType = Guid), @p17='?', @p18='?', @p19='?' (DbType = DateTime), @p20='?' (DbType = Guid), @p21='?' (DbType = Int32), @p22='?', @p24='?' (DbType = Guid), @p23='?' (DbType = Int32), @p26='?' (DbType = Guid), @p25='?' (DbType = Int32), @p28='?' (DbType = Guid), @p27='?' (DbType = Int32), @p33='?' (DbType = Guid), @p29='?' (DbType = Int32), @p30='?', @p31='?' (DbType = DateTime), @p32='?' (DbType = Int64), @p34='?' (DbType = Int64), @p35='?' (DbType = Int32), @p36='?', @p37='?' (DbType = DateTime), @p38='?' (DbType = Guid), @p39='?', @p40='?' (DbType = DateTime), @p41='?' (DbType = DateTime), @p42='?' (DbType = DateTime), @p43='?' (DbType = DateTime), @p44='?', @p45='?', @p50='?' (DbType = Guid), @p46='?' (DbType = Int32), @p47='?' (DbType = Int32), @p48='?' (DbType = DateTime), @p49='?' (DbType = Int64), @p51='?' (DbType = Int64), @p56='?' (DbType = Guid), @p52='?' (DbType = Int32), @p53='?' (DbType = Int32), @p54='?' (DbType = DateTime), @p55='?' (DbType = Int64), @p57='?' (DbType = Int64), @p62='?' (DbType = Guid), @p58='?' (DbType = Int32), @p59='?' (DbType = Int32), @p60='?' (DbType = DateTime), @p61='?' (DbType = Int64), @p63='?' (DbType = Int64), @p64='?' (DbType = Guid), @p65='?', @p66='?' (DbType = DateTime), @p67='?' (DbType = Guid), @p68='?' (DbType = DateTime), @p69='?', @p70='?' (DbType = Guid), @p71='?', @p72='?' (DbType = DateTime), @p73='?' (DbType = Guid), @p74='?' (DbType = Guid), @p75='?' (DbType = Int32), @p76='?', @p77='?' (DbType = Guid), @p78='?', @p79='?' (DbType = DateTime), @p80='?' (DbType = Guid), @p81='?' (DbType = Guid), @p82='?' (DbType = Int32), @p83='?', @p84='?' (DbType = Guid), @p85='?', @p86='?' (DbType = DateTime), @p87='?' (DbType = Guid), @p88='?' (DbType = Guid), @p89='?' (DbType = Int32), @p90='?', @p91='?' (DbType = Guid), @p92='?' (DbType = Guid), @p93='?' (DbType = Int32), @p94='?' (DbType = Guid), @p95='?' (DbType = Guid), @p96='?' (DbType = Int32), @p97='?' (DbType = Guid), @p98='?' (DbType = Guid), @p99='?' (DbType = Int32)
UPDATE audit_chain_head SET hash = @p0
WHERE id = @p1;
INSERT INTO audit_entries (id, action, actor, changes, hash, ip_address, occurred_at, outcome, previous_hash, resource_id, resource_type, sequence, trace_id, user_agent)
VALUES (@p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15);
INSERT INTO order_events (id, actor, data, occurred_at, order_id, sequence, type)
VALUES (@p16, @p17, @p18, @p19, @p20, @p21, @p22);
UPDATE order_lines SET shipped_quantity = @p23
WHERE id = @p24;
UPDATE order_lines SET shipped_quantity = @p25
WHERE id = @p26;
UPDATE order_lines SET shipped_quantity = @p27
WHERE id = @p28;
UPDATE orders SET event_count = @p29, fulfilment_status = @p30, updated_at = @p31, version = @p32
WHERE id = @p33 AND version = @p34;
INSERT INTO outbox_messages (attempts, body, delivered_at, id, last_error, locked_until, next_attempt_at, occurred_at, parked_at, partition_key, type)
VALUES (@p35, @p36, @p37, @p38, @p39, @p40, @p41, @p42, @p43, @p44, @p45)
RETURNING position;
UPDATE products SET stock_on_hand = @p46, stock_reserved = @p47, updated_at = @p48, version = @p49
WHERE id = @p50 AND version = @p51;
UPDATE products SET stock_on_hand = @p52, stock_reserved = @p53, updated_at = @p54, version = @p55
WHERE id = @p56 AND version = @p57;
UPDATE products SET stock_on_hand = @p58, stock_reserved = @p59, updated_at = @p60, version = @p61
WHERE id = @p62 AND version = @p63;
INSERT INTO shipments (id, carrier, delivered_at, order_id, shipped_at, tracking_number)
VALUES (@p64, @p65, @p66, @p67, @p68, @p69);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p70, @p71, @p72, @p73, @p74, @p75, @p76);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p77, @p78, @p79, @p80, @p81, @p82, @p83);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p84, @p85, @p86, @p87, @p88, @p89, @p90);
INSERT INTO shipment_lines (order_line_id, shipment_id, quantity)
VALUES (@p91, @p92, @p93);
INSERT INTO shipment_lines (order_line_id, shipment_id, quantity)
VALUES (@p94, @p95, @p96);
INSERT INTO shipment_lines (order_line_id, shipment_id, quantity)
VALUES (@p97, @p98, @p99);
-- @commit
-- @close
