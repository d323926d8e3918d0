-- Cashier mode: staff, the till's open card screens, purchases, redemptions, refunds, flags.

ALTER TABLE program_settings
    -- At most this percent of a purchase may be paid with points.
    ADD COLUMN max_redeem_share NUMERIC(5, 2) NOT NULL DEFAULT 50.00
        CHECK (max_redeem_share >= 0 AND max_redeem_share <= 100),
    -- How long the customer has to confirm a redemption.
    ADD COLUMN redeem_timeout_secs INTEGER NOT NULL DEFAULT 120 CHECK (redeem_timeout_secs > 0),
    -- More operations than this on one card in one day are flagged to the owners.
    ADD COLUMN daily_ops_flag_limit INTEGER NOT NULL DEFAULT 10 CHECK (daily_ops_flag_limit > 0);

CREATE TABLE staff_invites (
    id          BIGSERIAL PRIMARY KEY,
    token       TEXT NOT NULL UNIQUE,
    store       TEXT NOT NULL,
    created_by  BIGINT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_by     BIGINT,
    used_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT staff_invites_used CHECK ((used_by IS NULL) = (used_at IS NULL))
);

CREATE TABLE cashiers (
    id          BIGSERIAL PRIMARY KEY,
    tg_user_id  BIGINT NOT NULL UNIQUE,
    chat_id     BIGINT NOT NULL,
    first_name  TEXT NOT NULL,
    store       TEXT NOT NULL,
    invite_id   BIGINT REFERENCES staff_invites (id),
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at  TIMESTAMPTZ
);

-- A staff member's open card screen (one at a time), in Postgres so that replicas share it.
CREATE TABLE till_sessions (
    staff_tg_id  BIGINT PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    awaiting     TEXT NOT NULL DEFAULT 'amount' CHECK (awaiting IN ('amount', 'redeem')),
    expires_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE redemptions (
    id                  BIGSERIAL PRIMARY KEY,
    customer_id         BIGINT NOT NULL REFERENCES customers (id),
    staff_tg_id         BIGINT NOT NULL,
    staff_chat_id       BIGINT NOT NULL,
    staff_language      TEXT NOT NULL DEFAULT 'en',
    store               TEXT NOT NULL,
    points              BIGINT NOT NULL CHECK (points > 0),
    purchase_amount     NUMERIC(12, 2),
    hold_id             BIGINT NOT NULL UNIQUE REFERENCES holds (id),
    status              TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'confirmed', 'declined', 'expired')),
    customer_message_id BIGINT,
    staff_message_id    BIGINT,
    expires_at          TIMESTAMPTZ NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX redemptions_pending ON redemptions (expires_at) WHERE status = 'pending';

CREATE TABLE purchases (
    id              BIGSERIAL PRIMARY KEY,           -- the receipt number
    idempotency_key TEXT NOT NULL UNIQUE,
    customer_id     BIGINT NOT NULL REFERENCES customers (id),
    staff_tg_id     BIGINT NOT NULL,
    store           TEXT NOT NULL,
    amount          NUMERIC(12, 2) NOT NULL CHECK (amount > 0),
    points          BIGINT NOT NULL CHECK (points >= 0),
    entry_id        BIGINT REFERENCES journal_entries (id),
    -- Points spent on this purchase (a confirmed redemption on the same card screen).
    redemption_id   BIGINT UNIQUE REFERENCES redemptions (id),
    undone_at       TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT purchases_entry_when_points CHECK ((points = 0) = (entry_id IS NULL))
);
CREATE INDEX purchases_customer ON purchases (customer_id, created_at);
CREATE INDEX purchases_staff ON purchases (staff_tg_id, created_at);

CREATE TABLE refunds (
    id                 BIGSERIAL PRIMARY KEY,
    purchase_id        BIGINT NOT NULL UNIQUE REFERENCES purchases (id),  -- once per receipt
    amount             NUMERIC(12, 2) NOT NULL CHECK (amount > 0),
    points_clawed_back BIGINT NOT NULL CHECK (points_clawed_back >= 0),
    -- Earned points the customer had already spent: written off, never taken below zero.
    points_written_off BIGINT NOT NULL CHECK (points_written_off >= 0),
    points_returned    BIGINT NOT NULL CHECK (points_returned >= 0),
    entry_id           BIGINT REFERENCES journal_entries (id),
    staff_tg_id        BIGINT NOT NULL,
    store              TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Anti-fraud signals for the owners.
CREATE TABLE fraud_flags (
    id          BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    staff_tg_id BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    day         DATE NOT NULL,
    detail      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (customer_id, kind, day)
);
