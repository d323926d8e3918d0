-- No hot row in the hot path (issue #14). Every purchase used to update the one
-- `earned:purchases` balance row and hold its lock until commit, so postings queued on it. A
-- system account (an issuer or a sink, allowed below zero) needs no lock: nothing is checked
-- against its balance. So a posting now appends its lines only, and for each line on a system
-- account a row in `ledger_rollup_queue`; the job loop (`ledger::roll_up`) folds the queue into
-- `accounts.balance` in batches. A system account's balance is `accounts.balance` (its
-- roll-up) plus its queued lines, exactly, at every moment: a queued row becomes visible with
-- the posting's commit and leaves the queue in the same transaction that adds it to the
-- roll-up. `ledger check` proves both halves from the lines.
--
-- Customer accounts keep their O(1) balance row, locked, checked and updated in the posting,
-- with the non-negative CHECK.

-- Lines of system accounts not yet in their account's roll-up. No index and no foreign key:
-- every posting appends here, and the roll-up reads it whole.
CREATE TABLE ledger_rollup_queue (
    line_id    BIGINT NOT NULL,
    account_id BIGINT NOT NULL,
    amount     BIGINT NOT NULL
);

-- The ledger relies on it: only customer accounts are checked against a floor.
ALTER TABLE accounts
    ADD CONSTRAINT accounts_system_unbounded CHECK (kind = 'customer' OR allow_negative);

-- As in 20261203003001, except that system accounts are neither locked nor updated: their
-- lines are queued for the roll-up.
CREATE OR REPLACE FUNCTION ledger_post(
    p_key TEXT, p_hash TEXT, p_kind TEXT, p_reverses BIGINT, p_memo JSONB,
    p_accounts BIGINT[], p_deltas BIGINT[],
    OUT outcome TEXT, OUT entry BIGINT, OUT account BIGINT
) LANGUAGE plpgsql
-- Plans are kept per session and generic: otherwise plpgsql re-plans every statement on every
-- call (it judges the array parameters' generic plans too dear), which doubled the server's
-- CPU. A generic plan on a small table would scan it (it cannot know that the arrays hold two
-- or three ids), so scans are off: the ledger only ever touches rows by key.
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
AS $$
DECLARE
    v_found BIGINT;
    v_customers BIGINT[];
    v_debit BOOLEAN;
    v_hash TEXT;
BEGIN
    -- Lock the touched customer accounts in id order (two postings never wait on each other
    -- in a cycle) and check them under the lock; system accounts are only counted (all must
    -- exist).
    WITH locked AS (
        SELECT a.id, a.balance, a.pending FROM accounts a
        WHERE a.id = ANY (p_accounts) AND a.kind = 'customer'
        ORDER BY a.id FOR UPDATE
    )
    SELECT (SELECT count(*) FROM accounts a WHERE a.id = ANY (p_accounts)),
           array_agg(l.id),
           min(l.id) FILTER (WHERE l.balance + d.delta - l.pending < 0),
           bool_or(d.delta < 0)
    INTO v_found, v_customers, account, v_debit
    FROM locked l JOIN unnest(p_accounts, p_deltas) AS d (id, delta) ON d.id = l.id;
    IF v_found < cardinality(p_accounts) THEN
        SELECT d.id INTO account FROM unnest(p_accounts) AS d (id)
        WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = d.id) LIMIT 1;
        outcome := 'unknown';
        RETURN;
    END IF;
    IF account IS NOT NULL THEN
        -- A replay of a posting that was affordable when it was written is still a replay, and
        -- a second reversal is refused as such (the first one spent the points).
        SELECT e.id, e.request_hash INTO entry, v_hash
        FROM journal_entries e WHERE e.idempotency_key = p_key;
        IF FOUND THEN
            account := NULL;
            outcome := CASE WHEN v_hash = p_hash THEN 'replayed' ELSE 'conflict' END;
        ELSIF EXISTS (SELECT 1 FROM journal_entries e WHERE e.reverses = p_reverses) THEN
            account := NULL;
            outcome := 'reversed';
        ELSE
            outcome := 'insufficient';
        END IF;
        RETURN;
    END IF;

    -- Every write in one statement (one executor start instead of five). The entry comes
    -- first: when its key (maybe a concurrent copy of this very request, which we waited for)
    -- or its `reverses` is taken, `e` is empty and nothing else is written.
    WITH e AS (
        INSERT INTO journal_entries (idempotency_key, request_hash, kind, reverses, memo)
        VALUES (p_key, p_hash, p_kind, p_reverses, p_memo)
        ON CONFLICT DO NOTHING
        RETURNING id
    ), d AS (
        SELECT e.id AS entry, u.id, u.delta, u.id = ANY (COALESCE(v_customers, '{}')) AS customer
        FROM e CROSS JOIN unnest(p_accounts, p_deltas) AS u (id, delta)
    ), balances AS (
        UPDATE accounts a SET balance = a.balance + d.delta
        FROM d WHERE a.id = d.id AND d.customer
    ), opened AS (
        -- Customer accounts' expiry lots follow every change: a credit opens a lot, a debit
        -- consumes the lots that expire first (see src/ledger/lots.rs).
        INSERT INTO point_lots (account_id, entry_id, points, remaining, expires_at)
        SELECT d.id, d.entry, d.delta, d.delta,
               CASE WHEN s.expiry_months IS NULL THEN NULL
                    ELSE now() + make_interval(months => s.expiry_months) END
        FROM d CROSS JOIN program_settings s
        WHERE s.id = 1 AND d.customer AND d.delta > 0
    ), consumed AS (
        UPDATE point_lots p SET remaining = p.remaining - LEAST(p.remaining, c.need - c.before)
        FROM (
            SELECT l.id, n.need,
                   SUM(l.remaining) OVER (PARTITION BY l.account_id
                                          ORDER BY l.expires_at NULLS LAST, l.id) - l.remaining
                       AS before
            FROM point_lots l
            JOIN (SELECT d.id, -d.delta AS need FROM d WHERE d.customer AND d.delta < 0) n
              ON n.id = l.account_id
            WHERE l.remaining > 0 AND v_debit
        ) c
        WHERE p.id = c.id AND c.before < c.need
    ), lines AS (
        INSERT INTO journal_lines (entry_id, account_id, amount)
        SELECT d.entry, d.id, d.delta FROM d
        RETURNING id, account_id, amount
    ), queued AS (
        -- The system accounts' lines, queued for their roll-up.
        INSERT INTO ledger_rollup_queue (line_id, account_id, amount)
        SELECT l.id, l.account_id, l.amount FROM lines l
        WHERE l.account_id <> ALL (COALESCE(v_customers, '{}'))
    )
    SELECT e.id INTO entry FROM e;
    IF entry IS NULL THEN
        SELECT e.id, e.request_hash INTO entry, v_hash
        FROM journal_entries e WHERE e.idempotency_key = p_key;
        outcome := CASE WHEN NOT FOUND THEN 'reversed'
                        WHEN v_hash = p_hash THEN 'replayed'
                        ELSE 'conflict' END;
        RETURN;
    END IF;
    outcome := 'posted';
END $$;

-- Folds every committed queued line into its account's roll-up; returns how many. Safe to run
-- from several processes at once: a row deleted by one is skipped by the other.
CREATE FUNCTION ledger_roll_up() RETURNS BIGINT LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM ledger_rollup_queue RETURNING account_id, amount
    ), totals AS (
        SELECT account_id, SUM(amount) AS total, COUNT(*) AS lines FROM moved GROUP BY account_id
    ), rolled AS (
        UPDATE accounts a SET balance = a.balance + t.total
        FROM totals t WHERE a.id = t.account_id
        RETURNING t.lines
    )
    SELECT COALESCE(SUM(lines), 0)::BIGINT FROM rolled
$$;

-- Every account's balance as the ledger means it: for a system account, its roll-up plus its
-- queued lines (the queue is read only for system accounts). `ledger check` and
-- `ledger::balance` read this, never `accounts.balance` alone.
CREATE VIEW account_balances AS
SELECT a.id, a.kind, a.code, a.allow_negative,
       a.balance + CASE WHEN a.kind = 'system'
                        THEN (SELECT COALESCE(SUM(q.amount), 0) FROM ledger_rollup_queue q
                              WHERE q.account_id = a.id)::BIGINT
                        ELSE 0 END AS balance,
       a.pending
FROM accounts a;
