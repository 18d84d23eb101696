-- Captured by bench/capture-sql from Ordo's EF Core log: POST /api/v1/orders (one request). Replayed by the same-SQL baseline.
-- @open
-- @begin
-- @command @p0='?', @p1='?', @p2='?', @p3='?' (DbType = DateTime), @p4='?' (DbType = DateTime)
INSERT INTO idempotency_records (caller, key, request_hash, created_at, expires_at)
VALUES (@p0, @p1, @p2, @p3, @p4)
ON CONFLICT (caller, key) DO NOTHING
-- @command p0='?' (DbType = Guid)
SELECT id AS "Value" FROM customers WHERE id = @p0 FOR UPDATE
-- @command p0='?' (DbType = Object)
SELECT id AS "Value" FROM products WHERE id = ANY(@p0) ORDER BY id FOR UPDATE
-- @command @wanted='?' (DbType = Object)
SELECT p.id, p.created_at, p.description, p.metadata, p.name, p.sku, p.status, p.stock_on_hand, p.stock_reserved, p.updated_at, p.version, p.unit_price_amount, p.unit_price_currency
FROM products AS p
WHERE p.id = ANY (@wanted)
-- @command @currency='?' (DbType = StringFixedLength), @customerId='?' (DbType = Guid)
SELECT count(*)::int AS "Count", COALESCE(sum(o0.subtotal_amount) FILTER (WHERE o0.currency = @currency), 0.0)::bigint AS "Reserved"
FROM (
    SELECT o.currency, o.subtotal_amount, 1 AS "Key"
    FROM orders AS o
    WHERE o.customer_id = @customerId AND o.status = 'pending'
) AS o0
GROUP BY o0."Key"
LIMIT 2
-- @command 
SELECT nextval('order_numbers') AS "Value"
-- @command @p0='?' (DbType = Guid), @p1='?', @p2='?' (DbType = DateTime), @p3='?' (DbType = StringFixedLength), @p4='?' (DbType = Guid), @p5='?' (DbType = Int32), @p6='?', @p7='?', @p8='?' (DbType = Int64), @p9='?' (DbType = DateTime), @p10='?', @p11='?', @p12='?', @p13='?', @p14='?' (DbType = DateTime), @p15='?' (DbType = Int64), @p16='?' (DbType = Int64), @p17='?', @p18='?' (DbType = Int64), @p19='?', @p20='?' (DbType = Int64), @p21='?', @p22='?' (DbType = Int64), @p23='?', @p24='?' (DbType = Int64), @p25='?', @p26='?' (DbType = Int32), @p27='?', @p28='?' (DbType = DateTime), @p29='?' (DbType = Guid), @p30='?', @p31='?' (DbType = DateTime), @p32='?' (DbType = DateTime), @p33='?' (DbType = DateTime), @p34='?' (DbType = DateTime), @p35='?', @p36='?', @p40='?' (DbType = Guid), @p37='?' (DbType = Int32), @p38='?' (DbType = DateTime), @p39='?' (DbType = Int64), @p41='?' (DbType = Int64), @p45='?' (DbType = Guid), @p42='?' (DbType = Int32), @p43='?' (DbType = DateTime), @p44='?' (DbType = Int64), @p46='?' (DbType = Int64), @p50='?' (DbType = Guid), @p47='?' (DbType = Int32), @p48='?' (DbType = DateTime), @p49='?' (DbType = Int64), @p51='?' (DbType = Int64), @p52='?' (DbType = Guid), @p53='?', @p54='?' (DbType = DateTime), @p55='?' (DbType = Guid), @p56='?' (DbType = Guid), @p57='?' (DbType = Int32), @p58='?', @p59='?' (DbType = Guid), @p60='?', @p61='?' (DbType = DateTime), @p62='?' (DbType = Guid), @p63='?' (DbType = Guid), @p64='?' (DbType = Int32), @p65='?', @p66='?' (DbType = Guid), @p67='?', @p68='?' (DbType = DateTime), @p69='?' (DbType = Guid), @p70='?' (DbType = Guid), @p71='?' (DbType = Int32), @p72='?', @p73='?' (DbType = Guid), @p74='?', @p75='?', @p76='?' (DbType = DateTime), @p77='?' (DbType = Guid), @p78='?' (DbType = Int32), @p79='?', @p80='?' (DbType = Guid), @p81='?' (DbType = Guid), @p82='?' (DbType = Guid), @p83='?', @p84='?' (DbType = Int32), @p85='?' (DbType = Int32), @p86='?', @p87='?' (DbType = Int64), @p88='?', @p89='?' (DbType = Guid), @p90='?' (DbType = Guid), @p91='?' (DbType = Guid), @p92='?', @p93='?' (DbType = Int32), @p94='?' (DbType = Int32), @p95='?', @p96='?' (DbType = Int64), @p97='?', @p98='?' (DbType = Guid), @p99='?' (DbType = Guid), @p100='?' (DbType = Guid), @p101='?', @p102='?' (DbType = Int32), @p103='?' (DbType = Int32), @p104='?', @p105='?' (DbType = Int64), @p106='?'
INSERT INTO orders (id, billing_address_encrypted, created_at, currency, customer_id, event_count, fulfilment_status, metadata, number, payment_due_at, payment_reference, payment_status, shipping_address_encrypted, status, updated_at, version, amount_paid_amount, amount_paid_currency, amount_refunded_amount, amount_refunded_currency, shipping_fee_amount, shipping_fee_currency, subtotal_amount, subtotal_currency, total_amount, total_currency)
VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21, @p22, @p23, @p24, @p25);
INSERT INTO outbox_messages (attempts, body, delivered_at, id, last_error, locked_until, next_attempt_at, occurred_at, parked_at, partition_key, type)
VALUES (@p26, @p27, @p28, @p29, @p30, @p31, @p32, @p33, @p34, @p35, @p36)
RETURNING position;
UPDATE products SET stock_reserved = @p37, updated_at = @p38, version = @p39
WHERE id = @p40 AND version = @p41;
UPDATE products SET stock_reserved = @p42, updated_at = @p43, version = @p44
WHERE id = @p45 AND version = @p46;
UPDATE products SET stock_reserved = @p47, updated_at = @p48, version = @p49
WHERE id = @p50 AND version = @p51;
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p52, @p53, @p54, @p55, @p56, @p57, @p58);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p59, @p60, @p61, @p62, @p63, @p64, @p65);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p66, @p67, @p68, @p69, @p70, @p71, @p72);
INSERT INTO order_events (id, actor, data, occurred_at, order_id, sequence, type)
VALUES (@p73, @p74, @p75, @p76, @p77, @p78, @p79);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p80, @p81, @p82, @p83, @p84, @p85, @p86, @p87, @p88);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p89, @p90, @p91, @p92, @p93, @p94, @p95, @p96, @p97);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p98, @p99, @p100, @p101, @p102, @p103, @p104, @p105, @p106);
-- @command p0='?' (DbType = Int64)
UPDATE audit_chain_head SET sequence = sequence + @p0 WHERE id = 1 RETURNING sequence AS "Sequence", hash AS "Hash"
-- @command @p1='?' (DbType = Int32), @p0='?', @p2='?' (DbType = Guid), @p3='?', @p4='?', @p5='?', @p6='?', @p7='?', @p8='?' (DbType = DateTime), @p9='?', @p10='?', @p11='?', @p12='?', @p13='?' (DbType = Int64), @p14='?', @p15='?', @p21='?', @p22='?', @p16='?' (DbType = Binary), @p17='?', @p18='?', @p19='?', @p20='?' (DbType = Int32)
UPDATE audit_chain_head SET hash = @p0
WHERE id = @p1;
INSERT INTO audit_entries (id, action, actor, changes, hash, ip_address, occurred_at, outcome, previous_hash, resource_id, resource_type, sequence, trace_id, user_agent)
VALUES (@p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15);
UPDATE idempotency_records SET response_body = @p16, response_content_type = @p17, response_e_tag = @p18, response_location = @p19, response_status = @p20
WHERE caller = @p21 AND key = @p22;
-- @commit
-- @close
