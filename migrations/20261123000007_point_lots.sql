-- Points expire first-in-first-out by the lot they were earned in.
-- NULL: points never expire (the default).
ALTER TABLE program_settings
    ADD COLUMN expiry_months INTEGER CHECK (expiry_months IS NULL OR expiry_months > 0);

-- Every credit to a customer account opens a lot; every debit consumes the oldest-expiring lots
-- first. A lot's `remaining` is derived bookkeeping (the ledger lines stay the truth), so it is
-- updated in place; `ledger check` proves that the lots of an account add up to its balance.
CREATE TABLE point_lots (
    id          BIGSERIAL PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    entry_id    BIGINT NOT NULL REFERENCES journal_entries (id),
    points      BIGINT NOT NULL CHECK (points > 0),
    remaining   BIGINT NOT NULL CHECK (remaining >= 0 AND remaining <= points),
    expires_at  TIMESTAMPTZ,
    -- When the customer was told that this lot is about to expire.
    warned_at   TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX point_lots_open ON point_lots (account_id, expires_at NULLS LAST, id) WHERE remaining > 0;
CREATE INDEX point_lots_due ON point_lots (expires_at) WHERE remaining > 0;

-- Balances from before lots existed become one lot each that never expires.
INSERT INTO point_lots (account_id, entry_id, points, remaining, expires_at)
SELECT a.id, (SELECT MAX(l.entry_id) FROM journal_lines l WHERE l.account_id = a.id), a.balance, a.balance, NULL
FROM accounts a
WHERE a.kind = 'customer' AND a.balance > 0;
