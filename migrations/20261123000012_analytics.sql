-- Analytics for owners: /stats, /export, /import of opening balances.

-- Where imported opening balances come from: like the other issuing accounts it goes negative
-- by design, so the liability report (minus the issuing accounts) includes imported points.
INSERT INTO accounts (kind, code, allow_negative) VALUES ('system', 'issued:import', TRUE);

-- /stats reads periods of the journal, of purchases and of sign-ups by time.
CREATE INDEX journal_entries_created ON journal_entries (created_at);
CREATE INDEX purchases_created ON purchases (created_at) WHERE undone_at IS NULL;
CREATE INDEX customers_created ON customers (created_at);

-- Opening balances imported by phone number: we store no customer phone numbers, so the points
-- wait here until the customer shares their own contact with the bot, then post through the
-- ledger under the key `import:phone:<digits>` (a second claim replays, never pays twice).
CREATE TABLE import_phone_balances (
    -- Digits only, country code first (E.164 without the '+').
    phone       TEXT PRIMARY KEY CHECK (phone ~ '^[0-9]{7,15}$'),
    points      BIGINT NOT NULL CHECK (points > 0),
    imported_by BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    customer_id BIGINT REFERENCES customers (id),
    entry_id    BIGINT REFERENCES journal_entries (id),
    claimed_at  TIMESTAMPTZ,
    CONSTRAINT import_phone_claimed CHECK (
        (claimed_at IS NULL) = (customer_id IS NULL) AND (claimed_at IS NULL) = (entry_id IS NULL)
    )
);
