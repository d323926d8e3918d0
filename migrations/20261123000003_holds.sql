-- Two-phase spending (TigerBeetle-style pending transfers): a hold reserves points on a
-- customer account (accounts.pending) until it is settled into a posted entry or voided.
CREATE TABLE holds (
    id              BIGSERIAL PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    account_id      BIGINT NOT NULL REFERENCES accounts (id),
    -- Where the points go when the hold is settled (e.g. the `redeemed` account).
    to_account_id   BIGINT NOT NULL REFERENCES accounts (id),
    points          BIGINT NOT NULL CHECK (points > 0),
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'posted', 'voided')),
    expires_at      TIMESTAMPTZ NOT NULL,
    -- The entry that settled it (exactly when posted).
    entry_id        BIGINT UNIQUE REFERENCES journal_entries (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_at       TIMESTAMPTZ,
    CONSTRAINT holds_posted_has_entry CHECK ((status = 'posted') = (entry_id IS NOT NULL)),
    CONSTRAINT holds_closed_at CHECK ((status = 'pending') = (closed_at IS NULL))
);
CREATE INDEX holds_pending_expiry ON holds (expires_at) WHERE status = 'pending';
CREATE INDEX holds_account_pending ON holds (account_id) WHERE status = 'pending';
