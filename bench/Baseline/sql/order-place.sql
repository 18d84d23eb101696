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
-- @command p0='?' (DbType = Int64)
UPDATE audit_chain_head SET sequence = sequence + @p0 WHERE id = 1 RETURNING sequence AS "Sequence", hash AS "Hash"
-- @command @p1='?' (DbType = Int32), @p0='?', @p2='?' (DbType = Guid), @p3='?', @p4='?', @p5='?', @p6='?', @p7='?', @p8='?' (DbType = DateTime), @p9='?', @p10='?', @p11='?', @p12='?', @p13='?' (DbType = Int64), @p14='?', @p15='?', @p16='?' (DbType = Guid), @p17='?', @p18='?' (DbType = DateTime), @p19='?' (DbType = StringFixedLength), @p20='?' (DbType = Guid), @p21='?' (DbType = Int32), @p22='?', @p23='?', @p24='?' (DbType = Int64), @p25='?' (DbType = DateTime), @p26='?', @p27='?', @p28='?', @p29='?', @p30='?' (DbType = DateTime), @p31='?' (DbType = Int64), @p32='?' (DbType = Int64), @p33='?', @p34='?' (DbType = Int64), @p35='?', @p36='?' (DbType = Int64), @p37='?', @p38='?' (DbType = Int64), @p39='?', @p40='?' (DbType = Int64), @p41='?', @p42='?' (DbType = Int32), @p43='?', @p44='?' (DbType = DateTime), @p45='?' (DbType = Guid), @p46='?', @p47='?' (DbType = DateTime), @p48='?' (DbType = DateTime), @p49='?' (DbType = DateTime), @p50='?' (DbType = DateTime), @p51='?', @p52='?', @p56='?' (DbType = Guid), @p53='?' (DbType = Int32), @p54='?' (DbType = DateTime), @p55='?' (DbType = Int64), @p57='?' (DbType = Int64), @p61='?' (DbType = Guid), @p58='?' (DbType = Int32), @p59='?' (DbType = DateTime), @p60='?' (DbType = Int64), @p62='?' (DbType = Int64), @p66='?' (DbType = Guid), @p63='?' (DbType = Int32), @p64='?' (DbType = DateTime), @p65='?' (DbType = Int64), @p67='?' (DbType = Int64), @p68='?' (DbType = Guid), @p69='?', @p70='?' (DbType = DateTime), @p71='?' (DbType = Guid), @p72='?' (DbType = Guid), @p73='?' (DbType = Int32), @p74='?', @p75='?' (DbType = Guid), @p76='?', @p77='?' (DbType = DateTime), @p78='?' (DbType = Guid), @p79='?' (DbType = Guid), @p80='?' (DbType = Int32), @p81='?', @p82='?' (DbType = Guid), @p83='?', @p84='?' (DbType = DateTime), @p85='?' (DbType = Guid), @p86='?' (DbType = Guid), @p87='?' (DbType = Int32), @p88='?', @p89='?' (DbType = Guid), @p90='?', @p91='?', @p92='?' (DbType = DateTime), @p93='?' (DbType = Guid), @p94='?' (DbType = Int32), @p95='?', @p96='?' (DbType = Guid), @p97='?' (DbType = Guid), @p98='?' (DbType = Guid), @p99='?', @p100='?' (DbType = Int32), @p101='?' (DbType = Int32), @p102='?', @p103='?' (DbType = Int64), @p104='?', @p105='?' (DbType = Guid), @p106='?' (DbType = Guid), @p107='?' (DbType = Guid), @p108='?', @p109='?' (DbType = Int32), @p110='?' (DbType = Int32), @p111='?', @p112='?' (DbType = Int64), @p113='?', @p114='?' (DbType = Guid), @p115='?' (DbType = Guid), @p116='?' (DbType = Guid), @p117='?', @p118='?' (DbType = Int32), @p119='?' (DbType = Int32), @p120='?', @p121='?' (DbType = Int64), @p122='?'
UPDATE audit_chain_head SET hash = @p0
WHERE id = @p1;
INSERT INTO audit_entries (id, action, actor, changes, hash, ip_address, occurred_at, outcome, previous_hash, resource_id, resource_type, sequence, trace_id, user_agent)
VALUES (@p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15);
INSERT INTO orders (id, billing_address_encrypted, created_at, currency, customer_id, event_count, fulfilment_status, metadata, number, payment_due_at, payment_reference, payment_status, shipping_address_encrypted, status, updated_at, version, amount_paid_amount, amount_paid_currency, amount_refunded_amount, amount_refunded_currency, shipping_fee_amount, shipping_fee_currency, subtotal_amount, subtotal_currency, total_amount, total_currency)
VALUES (@p16, @p17, @p18, @p19, @p20, @p21, @p22, @p23, @p24, @p25, @p26, @p27, @p28, @p29, @p30, @p31, @p32, @p33, @p34, @p35, @p36, @p37, @p38, @p39, @p40, @p41);
INSERT INTO outbox_messages (attempts, body, delivered_at, id, last_error, locked_until, next_attempt_at, occurred_at, parked_at, partition_key, type)
VALUES (@p42, @p43, @p44, @p45, @p46, @p47, @p48, @p49, @p50, @p51, @p52)
RETURNING position;
UPDATE products SET stock_reserved = @p53, updated_at = @p54, version = @p55
WHERE id = @p56 AND version = @p57;
UPDATE products SET stock_reserved = @p58, updated_at = @p59, version = @p60
WHERE id = @p61 AND version = @p62;
UPDATE products SET stock_reserved = @p63, updated_at = @p64, version = @p65
WHERE id = @p66 AND version = @p67;
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p68, @p69, @p70, @p71, @p72, @p73, @p74);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p75, @p76, @p77, @p78, @p79, @p80, @p81);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p82, @p83, @p84, @p85, @p86, @p87, @p88);
INSERT INTO order_events (id, actor, data, occurred_at, order_id, sequence, type)
VALUES (@p89, @p90, @p91, @p92, @p93, @p94, @p95);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p96, @p97, @p98, @p99, @p100, @p101, @p102, @p103, @p104);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p105, @p106, @p107, @p108, @p109, @p110, @p111, @p112, @p113);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p114, @p115, @p116, @p117, @p118, @p119, @p120, @p121, @p122);
-- @command @p='?' (DbType = Int32), @p3='?', @p4='?', @p5='?', @p6='?' (DbType = Binary), @claimed_Caller='?', @claimed_Key='?'
UPDATE idempotency_records AS i
SET response_status = @p,
    response_content_type = @p3,
    response_location = @p4,
    response_e_tag = @p5,
    response_body = @p6
WHERE i.caller = @claimed_Caller AND i.key = @claimed_Key
-- @commit
-- @close
