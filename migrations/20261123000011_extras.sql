-- Extras: birthday gifts, coupons and visit feedback (see src/extras/).

-- Where the points of each extra come from: readable books, one liability line per source.
INSERT INTO accounts (kind, code, allow_negative) VALUES
    ('system', 'issued:birthday', TRUE),
    ('system', 'issued:coupons', TRUE),
    ('system', 'issued:feedback', TRUE);

-- When the customer gave their birthday: a birthday given on or after the day does not pay
-- that year (nobody can collect a gift by typing today's date). A birthday given without a
-- year is stored in year 0004 (a leap year, so 29.02 is valid); nothing reads the year but
-- the customer's own /birthday and /privacy.
ALTER TABLE customers ADD COLUMN birthday_set_at TIMESTAMPTZ;

-- One row per customer and year the gift was paid in, written with the ledger posting
-- (key birthday:<customer>:<year>) in one transaction. notified_at is the outbox: the job
-- tells the customer once, whichever process claims the row first.
CREATE TABLE birthday_gifts (
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    year        INTEGER NOT NULL,
    points      BIGINT NOT NULL CHECK (points > 0),
    entry_id    BIGINT NOT NULL REFERENCES journal_entries (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    notified_at TIMESTAMPTZ,
    PRIMARY KEY (customer_id, year)
);
CREATE INDEX birthday_gifts_unnotified ON birthday_gifts (created_at) WHERE notified_at IS NULL;

-- Owner's coupons: bonus points on claiming, or a discount on the next purchase.
CREATE TABLE coupons (
    id               BIGSERIAL PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{3,16}$'),
    kind             TEXT NOT NULL CHECK (kind IN ('bonus', 'discount')),
    bonus_points     BIGINT CHECK (bonus_points > 0),
    discount_percent NUMERIC(5, 2) CHECK (discount_percent > 0 AND discount_percent <= 100),
    use_limit        INTEGER NOT NULL CHECK (use_limit > 0),
    -- Claims so far; the claim locks the coupon row, so the limit is exact under concurrency.
    uses             INTEGER NOT NULL DEFAULT 0,
    -- Claimable and applicable from valid_from to valid_until, both days included (UTC).
    valid_from       DATE NOT NULL,
    valid_until      DATE NOT NULL,
    -- The owner stopped it: no more claims, claimed discounts no longer apply.
    stopped_at       TIMESTAMPTZ,
    created_by       BIGINT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT coupons_uses CHECK (uses >= 0 AND uses <= use_limit),
    CONSTRAINT coupons_period CHECK (valid_from <= valid_until),
    CONSTRAINT coupons_kind_value CHECK (
        (kind = 'bonus' AND bonus_points IS NOT NULL AND discount_percent IS NULL)
        OR (kind = 'discount' AND discount_percent IS NOT NULL AND bonus_points IS NULL))
);

-- One claim per customer and coupon. Bonus coupons carry their ledger entry
-- (key coupon:<coupon>:<customer>); discount coupons wait for the cashier to apply them.
CREATE TABLE coupon_claims (
    id          BIGSERIAL PRIMARY KEY,
    coupon_id   BIGINT NOT NULL REFERENCES coupons (id),
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    entry_id    BIGINT REFERENCES journal_entries (id),
    claimed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_at  TIMESTAMPTZ,
    applied_by  BIGINT,
    CONSTRAINT coupon_claims_once UNIQUE (coupon_id, customer_id),
    CONSTRAINT coupon_claims_applied CHECK ((applied_at IS NULL) = (applied_by IS NULL))
);
CREATE INDEX coupon_claims_open ON coupon_claims (customer_id) WHERE applied_at IS NULL;

-- A customer's rating of one visit (once per purchase; /stats reads these columns).
CREATE TABLE feedback (
    purchase_id BIGINT PRIMARY KEY REFERENCES purchases (id),
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    rating      SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     TEXT CHECK (comment IS NULL OR length(comment) <= 1000),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX feedback_created ON feedback (created_at DESC);

-- Free text the bot is waiting for from a customer (their birthday after /birthday, a comment
-- after a rating), in Postgres so any replica handles the next message. A command cancels it.
CREATE TABLE pending_inputs (
    customer_id BIGINT PRIMARY KEY REFERENCES customers (id),
    kind        TEXT NOT NULL CHECK (kind IN ('birthday', 'comment')),
    purchase_id BIGINT REFERENCES purchases (id),
    expires_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT pending_inputs_comment CHECK ((kind = 'comment') = (purchase_id IS NOT NULL))
);
