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
-- @command @p0='?' (DbType = Guid), @p1='?', @p2='?' (DbType = DateTime), @p3='?' (DbType = StringFixedLength), @p4='?' (DbType = Guid), @p5='?' (DbType = Int32), @p6='?', @p7='?', @p8='?' (DbType = Int64), @p9='?' (DbType = DateTime), @p10='?', @p11='?', @p12='?', @p13='?', @p14='?' (DbType = DateTime), @p15='?' (DbType = Int64), @p16='?' (DbType = Int64), @p17='?', @p18='?' (DbType = Int64), @p19='?', @p20='?' (DbType = Int64), @p21='?', @p22='?' (DbType = Int64), @p23='?', @p24='?' (DbType = Int64), @p25='?', @p29='?' (DbType = Guid), @p26='?' (DbType = Int32), @p27='?' (DbType = DateTime), @p28='?' (DbType = Int64), @p30='?' (DbType = Int64), @p34='?' (DbType = Guid), @p31='?' (DbType = Int32), @p32='?' (DbType = DateTime), @p33='?' (DbType = Int64), @p35='?' (DbType = Int64), @p39='?' (DbType = Guid), @p36='?' (DbType = Int32), @p37='?' (DbType = DateTime), @p38='?' (DbType = Int64), @p40='?' (DbType = Int64), @p41='?' (DbType = Guid), @p42='?', @p43='?' (DbType = DateTime), @p44='?' (DbType = Guid), @p45='?' (DbType = Guid), @p46='?' (DbType = Int32), @p47='?', @p48='?' (DbType = Guid), @p49='?', @p50='?' (DbType = DateTime), @p51='?' (DbType = Guid), @p52='?' (DbType = Guid), @p53='?' (DbType = Int32), @p54='?', @p55='?' (DbType = Guid), @p56='?', @p57='?' (DbType = DateTime), @p58='?' (DbType = Guid), @p59='?' (DbType = Guid), @p60='?' (DbType = Int32), @p61='?', @p62='?' (DbType = Guid), @p63='?', @p64='?', @p65='?' (DbType = DateTime), @p66='?' (DbType = Guid), @p67='?' (DbType = Int32), @p68='?', @p69='?' (DbType = Guid), @p70='?' (DbType = Guid), @p71='?' (DbType = Guid), @p72='?', @p73='?' (DbType = Int32), @p74='?' (DbType = Int32), @p75='?', @p76='?' (DbType = Int64), @p77='?', @p78='?' (DbType = Guid), @p79='?' (DbType = Guid), @p80='?' (DbType = Guid), @p81='?', @p82='?' (DbType = Int32), @p83='?' (DbType = Int32), @p84='?', @p85='?' (DbType = Int64), @p86='?', @p87='?' (DbType = Guid), @p88='?' (DbType = Guid), @p89='?' (DbType = Guid), @p90='?', @p91='?' (DbType = Int32), @p92='?' (DbType = Int32), @p93='?', @p94='?' (DbType = Int64), @p95='?'
INSERT INTO orders (id, billing_address_encrypted, created_at, currency, customer_id, event_count, fulfilment_status, metadata, number, payment_due_at, payment_reference, payment_status, shipping_address_encrypted, status, updated_at, version, amount_paid_amount, amount_paid_currency, amount_refunded_amount, amount_refunded_currency, shipping_fee_amount, shipping_fee_currency, subtotal_amount, subtotal_currency, total_amount, total_currency)
VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21, @p22, @p23, @p24, @p25);
UPDATE products SET stock_reserved = @p26, updated_at = @p27, version = @p28
WHERE id = @p29 AND version = @p30;
UPDATE products SET stock_reserved = @p31, updated_at = @p32, version = @p33
WHERE id = @p34 AND version = @p35;
UPDATE products SET stock_reserved = @p36, updated_at = @p37, version = @p38
WHERE id = @p39 AND version = @p40;
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p41, @p42, @p43, @p44, @p45, @p46, @p47);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p48, @p49, @p50, @p51, @p52, @p53, @p54);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p55, @p56, @p57, @p58, @p59, @p60, @p61);
INSERT INTO order_events (id, actor, data, occurred_at, order_id, sequence, type)
VALUES (@p62, @p63, @p64, @p65, @p66, @p67, @p68);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p69, @p70, @p71, @p72, @p73, @p74, @p75, @p76, @p77);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p78, @p79, @p80, @p81, @p82, @p83, @p84, @p85, @p86);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p87, @p88, @p89, @p90, @p91, @p92, @p93, @p94, @p95);
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
