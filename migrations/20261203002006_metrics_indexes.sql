-- Money integrity (issue #12), sixth part: /metrics must stay cheap as the tables grow. The
-- "sent in the last minute" gauge reads delivered outbox rows by time.
CREATE INDEX broadcast_outbox_sent ON broadcast_outbox (sent_at) WHERE status = 'sent';
