-- Earning at the till beyond the base rate: stamp cards and time-limited promo rules, and the
-- system accounts their points come from (tiers and the discount card live in the shared
-- programme migration).

INSERT INTO accounts (kind, code, allow_negative) VALUES
    ('system', 'issued:stamps', TRUE),
    ('system', 'issued:promo', TRUE);

-- A customer's stamp card. card_no counts the full cards already rewarded, so the gift's
-- ledger key (stamp:<customer>:<card_no>) pays once per card, and a stamp belongs to the card
-- that was current when it was given. The row is locked by each purchase of the customer, so
-- two concurrent purchases never both complete the same card.
CREATE TABLE stamp_cards (
    customer_id BIGINT PRIMARY KEY REFERENCES customers (id),
    card_no     INTEGER NOT NULL DEFAULT 0 CHECK (card_no >= 0)
);

-- One stamp per qualifying purchase. An undo or refund deletes the purchase's stamp while its
-- card is still being collected; once the card was rewarded, its stamps stay.
CREATE TABLE stamps (
    purchase_id BIGINT PRIMARY KEY REFERENCES purchases (id),
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    card_no     INTEGER NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX stamps_card ON stamps (customer_id, card_no);

-- Time-limited promo rules the owner adds with /rules: a multiplier of the points a purchase
-- earns, or a one-off bonus per customer, for a range of days (inclusive, UTC dates),
-- optionally only for the first K customers and/or one tier.
CREATE TABLE promo_rules (
    id           BIGSERIAL PRIMARY KEY,
    multiplier   NUMERIC(4, 2) CHECK (multiplier > 1 AND multiplier <= 10),
    bonus        BIGINT CHECK (bonus > 0 AND bonus <= 1000000),
    starts_on    DATE NOT NULL,
    ends_on      DATE NOT NULL,
    first_k      INTEGER CHECK (first_k > 0),
    tier_id      BIGINT REFERENCES tiers (id) ON DELETE CASCADE,
    -- Distinct customers who took part so far; the CHECK makes "first K" exact even if code
    -- forgot the row lock.
    participants INTEGER NOT NULL DEFAULT 0,
    created_by   BIGINT NOT NULL,
    stopped_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT promo_rules_one_effect CHECK ((multiplier IS NULL) <> (bonus IS NULL)),
    CONSTRAINT promo_rules_dates CHECK (ends_on >= starts_on),
    CONSTRAINT promo_rules_first_k CHECK (participants >= 0 AND (first_k IS NULL OR participants <= first_k))
);
CREATE INDEX promo_rules_live ON promo_rules (ends_on) WHERE stopped_at IS NULL;

-- Who took part in a rule (a bonus paid, or a place among the first K), once per customer.
CREATE TABLE promo_participants (
    rule_id     BIGINT NOT NULL REFERENCES promo_rules (id) ON DELETE CASCADE,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    -- The idempotency key of the purchase that took the place (known before its row exists).
    purchase_key TEXT NOT NULL,
    -- The bonus paid (NULL for a place in a multiplier rule).
    entry_id    BIGINT REFERENCES journal_entries (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (rule_id, customer_id)
);
CREATE INDEX promo_participants_purchase ON promo_participants (purchase_key);

-- Tier moves waiting to be told to the customer: written in the transaction that moved them
-- (a purchase or the tier job), sent by the job loop, so a crash in between loses nothing.
-- Names and rates are copied, so a tier renamed or deleted later does not change the message.
CREATE TABLE tier_notices (
    id          BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    tier_name   TEXT,                    -- NULL: the base level
    earn_rate   NUMERIC(5, 2) NOT NULL,
    up          BOOLEAN NOT NULL,
    -- A purchase's own handler tells the customer right after the receipt; the job loop only
    -- picks a notice up after this (a safety net if that process died in between).
    send_after  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at     TIMESTAMPTZ
);
CREATE INDEX tier_notices_unsent ON tier_notices (id) WHERE sent_at IS NULL;
