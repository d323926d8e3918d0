-- Money integrity (issue #12), fourth part: one-time gifts follow the person, not the customer
-- row, so erasing one's data (/delete_me) and registering again pays none of them twice.

-- The key of identity fingerprints (HMAC-SHA256 of a Telegram id). It lives here, not in
-- CARD_SECRET: rotating the card secret must not make erased people new again. Two random
-- UUIDs (gen_random_uuid uses the server's strong random source) make 244 random bits.
CREATE TABLE identity_key (
    id         SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    key        BYTEA NOT NULL CHECK (length(key) >= 16),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO identity_key (key)
VALUES (decode(replace(gen_random_uuid()::TEXT || gen_random_uuid()::TEXT, '-', ''), 'hex'));

-- Each customer's fingerprint, set at registration (and once, at start-up, for customers who
-- registered before this migration); cleared by /delete_me, which keeps it in
-- erased_identities instead.
ALTER TABLE customers ADD COLUMN identity BYTEA;
CREATE UNIQUE INDEX customers_identity ON customers (identity) WHERE identity IS NOT NULL;

-- Fingerprints erased before this migration were keyed with CARD_SECRET: still honoured while
-- that secret lasts.
ALTER TABLE erased_identities ADD COLUMN legacy BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE erased_identities SET legacy = TRUE;

-- One-time gifts a person has had, whatever customer row they had then: coupon:<id>,
-- promo:<rule>, birthday:<year>. Only the fingerprint and the gift are kept.
CREATE TABLE identity_gifts (
    fingerprint BYTEA NOT NULL,
    gift        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (fingerprint, gift)
);

-- Coupon codes a person tried and could not use, for the per-hour limit (rows older than an
-- hour are deleted as new ones come).
CREATE TABLE coupon_attempts (
    fingerprint  BYTEA NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX coupon_attempts_recent ON coupon_attempts (fingerprint, attempted_at);
