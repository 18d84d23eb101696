-- Captured by bench/capture-sql from Ordo's EF Core log: POST /api/v1/orders (one request). Replayed by the same-SQL baseline.
-- @open
-- @begin
-- @command @p0='?', @p1='?', @p2='?', @p3='?' (DbType = DateTime), @p4='?' (DbType = DateTime)
INSERT INTO idempotency_records (caller, key, request_hash, created_at, expires_at)
VALUES (@p0, @p1, @p2, @p3, @p4)
ON CONFLICT (caller, key) DO NOTHING
-- @command p0='?' (DbType = Guid)
SELECT id AS "Value" FROM customers WHERE id = @p0 FOR UPDATE
-- @command @currency='?' (DbType = StringFixedLength), @customerId='?' (DbType = Guid)
SELECT count(*)::int AS "Count", COALESCE(sum(o0.subtotal_amount) FILTER (WHERE o0.currency = @currency), 0.0)::bigint AS "Reserved"
FROM (
    SELECT o.currency, o.subtotal_amount, 1 AS "Key"
    FROM orders AS o
    WHERE o.customer_id = @customerId AND o.status = 'pending'
) AS o0
GROUP BY o0."Key"
LIMIT 2
-- @command p0='?' (DbType = Object)
SELECT id AS "Value" FROM products WHERE id = ANY(@p0) ORDER BY id FOR UPDATE
-- @command @wanted='?' (DbType = Object)
SELECT p.id, p.created_at, p.description, p.name, p.sku, p.status, p.stock_on_hand, p.stock_reserved, p.updated_at, p.version, p.unit_price_amount, p.unit_price_currency
FROM products AS p
WHERE p.id = ANY (@wanted)
-- @command 
SELECT nextval('order_numbers') AS "Value"
-- @command @p0='?' (DbType = Guid), @p1='?' (DbType = DateTime), @p2='?' (DbType = StringFixedLength), @p3='?' (DbType = Guid), @p4='?' (DbType = Int32), @p5='?', @p6='?' (DbType = Int64), @p7='?' (DbType = DateTime), @p8='?', @p9='?', @p10='?', @p11='?' (DbType = DateTime), @p12='?' (DbType = Int64), @p13='?' (DbType = Int64), @p14='?', @p15='?' (DbType = Int64), @p16='?', @p17='?' (DbType = Int64), @p18='?', @p19='?' (DbType = Int64), @p20='?', @p21='?' (DbType = Int64), @p22='?', @p26='?' (DbType = Guid), @p23='?' (DbType = Int32), @p24='?' (DbType = DateTime), @p25='?' (DbType = Int64), @p27='?' (DbType = Int64), @p31='?' (DbType = Guid), @p28='?' (DbType = Int32), @p29='?' (DbType = DateTime), @p30='?' (DbType = Int64), @p32='?' (DbType = Int64), @p36='?' (DbType = Guid), @p33='?' (DbType = Int32), @p34='?' (DbType = DateTime), @p35='?' (DbType = Int64), @p37='?' (DbType = Int64), @p38='?' (DbType = Guid), @p39='?', @p40='?' (DbType = DateTime), @p41='?' (DbType = Guid), @p42='?' (DbType = Guid), @p43='?' (DbType = Int32), @p44='?', @p45='?' (DbType = Guid), @p46='?', @p47='?' (DbType = DateTime), @p48='?' (DbType = Guid), @p49='?' (DbType = Guid), @p50='?' (DbType = Int32), @p51='?', @p52='?' (DbType = Guid), @p53='?', @p54='?' (DbType = DateTime), @p55='?' (DbType = Guid), @p56='?' (DbType = Guid), @p57='?' (DbType = Int32), @p58='?', @p59='?' (DbType = Guid), @p60='?', @p61='?', @p62='?' (DbType = DateTime), @p63='?' (DbType = Guid), @p64='?' (DbType = Int32), @p65='?', @p66='?' (DbType = Guid), @p67='?' (DbType = Guid), @p68='?' (DbType = Guid), @p69='?', @p70='?' (DbType = Int32), @p71='?' (DbType = Int32), @p72='?', @p73='?' (DbType = Int64), @p74='?', @p75='?' (DbType = Guid), @p76='?' (DbType = Guid), @p77='?' (DbType = Guid), @p78='?', @p79='?' (DbType = Int32), @p80='?' (DbType = Int32), @p81='?', @p82='?' (DbType = Int64), @p83='?', @p84='?' (DbType = Guid), @p85='?' (DbType = Guid), @p86='?' (DbType = Guid), @p87='?', @p88='?' (DbType = Int32), @p89='?' (DbType = Int32), @p90='?', @p91='?' (DbType = Int64), @p92='?'
INSERT INTO orders (id, created_at, currency, customer_id, event_count, fulfilment_status, number, payment_due_at, payment_reference, payment_status, status, updated_at, version, amount_paid_amount, amount_paid_currency, amount_refunded_amount, amount_refunded_currency, shipping_fee_amount, shipping_fee_currency, subtotal_amount, subtotal_currency, total_amount, total_currency)
VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21, @p22);
UPDATE products SET stock_reserved = @p23, updated_at = @p24, version = @p25
WHERE id = @p26 AND version = @p27;
UPDATE products SET stock_reserved = @p28, updated_at = @p29, version = @p30
WHERE id = @p31 AND version = @p32;
UPDATE products SET stock_reserved = @p33, updated_at = @p34, version = @p35
WHERE id = @p36 AND version = @p37;
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p38, @p39, @p40, @p41, @p42, @p43, @p44);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p45, @p46, @p47, @p48, @p49, @p50, @p51);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p52, @p53, @p54, @p55, @p56, @p57, @p58);
INSERT INTO order_events (id, actor, data, occurred_at, order_id, sequence, type)
VALUES (@p59, @p60, @p61, @p62, @p63, @p64, @p65);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p66, @p67, @p68, @p69, @p70, @p71, @p72, @p73, @p74);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p75, @p76, @p77, @p78, @p79, @p80, @p81, @p82, @p83);
INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency)
VALUES (@p84, @p85, @p86, @p87, @p88, @p89, @p90, @p91, @p92);
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
