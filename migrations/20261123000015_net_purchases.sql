-- What a purchase counts for (tiers, progressive discount, the "spent at least X" audience): its
-- amount minus what was refunded on it; undone purchases count for nothing. One definition,
-- read by every place that sums a customer's spend.
CREATE VIEW net_purchases AS
SELECT p.id, p.customer_id, p.created_at, p.amount - COALESCE(r.amount, 0) AS net
FROM purchases p
LEFT JOIN refunds r ON r.purchase_id = p.id
WHERE p.undone_at IS NULL;
