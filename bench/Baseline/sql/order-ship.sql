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
-- @command @p0='?' (DbType = Guid), @p1='?', @p2='?', @p3='?' (DbType = DateTime), @p4='?' (DbType = Guid), @p5='?' (DbType = Int32), @p6='?', @p8='?' (DbType = Guid), @p7='?' (DbType = Int32), @p10='?' (DbType = Guid), @p9='?' (DbType = Int32), @p12='?' (DbType = Guid), @p11='?' (DbType = Int32), @p17='?' (DbType = Guid), @p13='?' (DbType = Int32), @p14='?', @p15='?' (DbType = DateTime), @p16='?' (DbType = Int64), @p18='?' (DbType = Int64), @p23='?' (DbType = Guid), @p19='?' (DbType = Int32), @p20='?' (DbType = Int32), @p21='?' (DbType = DateTime), @p22='?' (DbType = Int64), @p24='?' (DbType = Int64), @p29='?' (DbType = Guid), @p25='?' (DbType = Int32), @p26='?' (DbType = Int32), @p27='?' (DbType = DateTime), @p28='?' (DbType = Int64), @p30='?' (DbType = Int64), @p35='?' (DbType = Guid), @p31='?' (DbType = Int32), @p32='?' (DbType = Int32), @p33='?' (DbType = DateTime), @p34='?' (DbType = Int64), @p36='?' (DbType = Int64), @p37='?' (DbType = Guid), @p38='?', @p39='?' (DbType = DateTime), @p40='?' (DbType = Guid), @p41='?' (DbType = DateTime), @p42='?', @p43='?' (DbType = Guid), @p44='?', @p45='?' (DbType = DateTime), @p46='?' (DbType = Guid), @p47='?' (DbType = Guid), @p48='?' (DbType = Int32), @p49='?', @p50='?' (DbType = Guid), @p51='?', @p52='?' (DbType = DateTime), @p53='?' (DbType = Guid), @p54='?' (DbType = Guid), @p55='?' (DbType = Int32), @p56='?', @p57='?' (DbType = Guid), @p58='?', @p59='?' (DbType = DateTime), @p60='?' (DbType = Guid), @p61='?' (DbType = Guid), @p62='?' (DbType = Int32), @p63='?', @p64='?' (DbType = Guid), @p65='?' (DbType = Guid), @p66='?' (DbType = Int32), @p67='?' (DbType = Guid), @p68='?' (DbType = Guid), @p69='?' (DbType = Int32), @p70='?' (DbType = Guid), @p71='?' (DbType = Guid), @p72='?' (DbType = Int32)
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
UPDATE products SET stock_on_hand = @p19, stock_reserved = @p20, updated_at = @p21, version = @p22
WHERE id = @p23 AND version = @p24;
UPDATE products SET stock_on_hand = @p25, stock_reserved = @p26, updated_at = @p27, version = @p28
WHERE id = @p29 AND version = @p30;
UPDATE products SET stock_on_hand = @p31, stock_reserved = @p32, updated_at = @p33, version = @p34
WHERE id = @p35 AND version = @p36;
INSERT INTO shipments (id, carrier, delivered_at, order_id, shipped_at, tracking_number)
VALUES (@p37, @p38, @p39, @p40, @p41, @p42);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p43, @p44, @p45, @p46, @p47, @p48, @p49);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p50, @p51, @p52, @p53, @p54, @p55, @p56);
INSERT INTO stock_movements (id, kind, occurred_at, order_id, product_id, quantity, reason)
VALUES (@p57, @p58, @p59, @p60, @p61, @p62, @p63);
INSERT INTO shipment_lines (order_line_id, shipment_id, quantity)
VALUES (@p64, @p65, @p66);
INSERT INTO shipment_lines (order_line_id, shipment_id, quantity)
VALUES (@p67, @p68, @p69);
INSERT INTO shipment_lines (order_line_id, shipment_id, quantity)
VALUES (@p70, @p71, @p72);
-- @commit
-- @close
