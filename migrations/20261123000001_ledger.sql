-- The points ledger: accounts, append-only journal entries and their lines.
-- Only src/ledger/ writes to these tables.

CREATE TABLE accounts (
    id             BIGSERIAL PRIMARY KEY,
    -- 'customer' accounts hold a customer's points; 'system' accounts are the other side of
    -- every posting (issued:welcome, earned:purchases, redeemed, expired, ...).
    kind           TEXT NOT NULL CHECK (kind IN ('customer', 'system')),
    code           TEXT UNIQUE,
    -- System accounts that issue points go negative by design; customer accounts never do.
    allow_negative BOOLEAN NOT NULL DEFAULT FALSE,
    -- Maintained in the same transaction as the lines that change it (O(1) reads).
    balance        BIGINT NOT NULL DEFAULT 0,
    -- Points held by pending redemptions: spendable = balance - pending.
    pending        BIGINT NOT NULL DEFAULT 0 CHECK (pending >= 0),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT accounts_non_negative CHECK (allow_negative OR balance - pending >= 0),
    CONSTRAINT accounts_system_code CHECK ((kind = 'system') = (code IS NOT NULL))
);

CREATE TABLE journal_entries (
    id               BIGSERIAL PRIMARY KEY,
    -- Derived from the outside event (Telegram update, callback id, ...): a retry is a no-op.
    idempotency_key  TEXT NOT NULL UNIQUE,
    -- Hash of the request's content: the same key with different content is refused.
    request_hash     TEXT NOT NULL,
    kind             TEXT NOT NULL,
    -- A reversal points at the entry it undoes; UNIQUE makes "reverse at most once" a fact.
    reverses         BIGINT UNIQUE REFERENCES journal_entries (id),
    memo             JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE journal_lines (
    id         BIGSERIAL PRIMARY KEY,
    entry_id   BIGINT NOT NULL REFERENCES journal_entries (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    amount     BIGINT NOT NULL CHECK (amount <> 0)
);
CREATE INDEX journal_lines_account ON journal_lines (account_id, entry_id DESC);
CREATE INDEX journal_lines_entry ON journal_lines (entry_id);

-- History is append-only: corrections are reversal entries, never edits.
CREATE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger history is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER journal_lines_append_only BEFORE UPDATE OR DELETE ON journal_lines
    FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();

-- Defence in depth: the code builds balanced entries, the database refuses unbalanced ones at
-- commit time (deferred, so all lines of an entry are in place when it runs).
CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total BIGINT;
BEGIN
    SELECT COALESCE(SUM(amount), 0) INTO total FROM journal_lines WHERE entry_id = NEW.entry_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'journal entry % does not balance (sum %)', NEW.entry_id, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced();

INSERT INTO accounts (kind, code, allow_negative) VALUES
    ('system', 'issued:welcome', TRUE),
    ('system', 'issued:referral', TRUE),
    ('system', 'earned:purchases', TRUE),
    ('system', 'redeemed', TRUE),
    ('system', 'expired', TRUE),
    ('system', 'adjustments', TRUE);
