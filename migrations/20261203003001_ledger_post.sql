-- One round trip per posting (issue #14). `ledger::post` used to send eight statements inside a
-- savepoint (SAVEPOINT, the entry, one UPDATE per account, the lots, the lines, RELEASE); this
-- function does the same work in one call. Only src/ledger/post.rs calls it.
--
-- Nothing is written unless the whole posting succeeds: every check that can refuse (unknown
-- account, too few points, the key already used, the entry already reversed) runs before the
-- first write or is the first write itself (the entry insert with ON CONFLICT DO NOTHING), so
-- a refusal needs no savepoint and leaves the caller's transaction usable.
--
-- p_accounts/p_deltas: the net change per account, accounts sorted by id, no zero deltas
-- (built by `Posting::deltas`). Returns one row:
--   ('posted', entry, NULL) | ('replayed', entry, NULL) | ('conflict', entry, NULL)
--   | ('reversed', NULL, NULL) | ('insufficient', NULL, account) | ('unknown', NULL, account)
CREATE FUNCTION ledger_post(
    p_key TEXT, p_hash TEXT, p_kind TEXT, p_reverses BIGINT, p_memo JSONB,
    p_accounts BIGINT[], p_deltas BIGINT[],
    OUT outcome TEXT, OUT entry BIGINT, OUT account BIGINT
) LANGUAGE plpgsql
-- Plans are kept per session; without this, plpgsql re-plans every statement on every call
-- (it judges the array parameters' generic plans too dear), which doubled the server's CPU.
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_found BIGINT;
    v_customers BIGINT[];
    v_debit BOOLEAN;
    v_credit BOOLEAN;
    v_hash TEXT;
BEGIN
    -- Lock the touched accounts in id order (two postings never wait on each other in a
    -- cycle), and check them under the lock: all exist, no customer goes below zero.
    SELECT count(*), array_agg(a.id) FILTER (WHERE NOT a.allow_negative),
           min(a.id) FILTER (WHERE NOT a.allow_negative AND a.balance + d.delta - a.pending < 0),
           bool_or(d.delta < 0) FILTER (WHERE NOT a.allow_negative),
           bool_or(d.delta > 0) FILTER (WHERE NOT a.allow_negative)
    INTO v_found, v_customers, account, v_debit, v_credit
    FROM (SELECT a.id, a.allow_negative, a.balance, a.pending FROM accounts a
          WHERE a.id = ANY (p_accounts) ORDER BY a.id FOR UPDATE) a
    JOIN unnest(p_accounts, p_deltas) AS d (id, delta) ON d.id = a.id;
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

    -- The first write. A conflict on the key (maybe a concurrent copy of this very request,
    -- which we waited for) or on `reverses` writes nothing.
    INSERT INTO journal_entries (idempotency_key, request_hash, kind, reverses, memo)
    VALUES (p_key, p_hash, p_kind, p_reverses, p_memo)
    ON CONFLICT DO NOTHING
    RETURNING id INTO entry;
    IF entry IS NULL THEN
        SELECT e.id, e.request_hash INTO entry, v_hash
        FROM journal_entries e WHERE e.idempotency_key = p_key;
        outcome := CASE WHEN NOT FOUND THEN 'reversed'
                        WHEN v_hash = p_hash THEN 'replayed'
                        ELSE 'conflict' END;
        RETURN;
    END IF;

    UPDATE accounts a SET balance = a.balance + d.delta
    FROM unnest(p_accounts, p_deltas) AS d (id, delta)
    WHERE a.id = d.id;

    -- Customer accounts' expiry lots follow every change: a credit opens a lot, a debit
    -- consumes the lots that expire first (see src/ledger/lots.rs).
    IF v_credit THEN
        INSERT INTO point_lots (account_id, entry_id, points, remaining, expires_at)
        SELECT d.id, entry, d.delta, d.delta,
               CASE WHEN s.expiry_months IS NULL THEN NULL
                    ELSE now() + make_interval(months => s.expiry_months) END
        FROM unnest(p_accounts, p_deltas) AS d (id, delta)
        CROSS JOIN program_settings s
        WHERE s.id = 1 AND d.delta > 0 AND d.id = ANY (v_customers);
    END IF;
    IF v_debit THEN
        UPDATE point_lots p SET remaining = p.remaining - LEAST(p.remaining, c.need - c.before)
        FROM (
            SELECT l.id, n.need,
                   SUM(l.remaining) OVER (PARTITION BY l.account_id
                                          ORDER BY l.expires_at NULLS LAST, l.id) - l.remaining
                       AS before
            FROM point_lots l
            JOIN (SELECT d.id, -d.delta AS need
                  FROM unnest(p_accounts, p_deltas) AS d (id, delta)
                  WHERE d.delta < 0 AND d.id = ANY (v_customers)) n ON n.id = l.account_id
            WHERE l.remaining > 0
        ) c
        WHERE p.id = c.id AND c.before < c.need;
    END IF;

    INSERT INTO journal_lines (entry_id, account_id, amount)
    SELECT entry, d.id, d.delta FROM unnest(p_accounts, p_deltas) AS d (id, delta);
    outcome := 'posted';
END $$;

-- The till counts a card's operations per day and looks for a confirmed redemption on every
-- purchase; both filter redemptions by customer, which had no index (a full scan each time).
CREATE INDEX redemptions_customer ON redemptions (customer_id, created_at);
