//! `loyalty-bot ledger check`: proves the invariants of the books from the raw tables.
//! Tests run the same function after every scenario.
//!
//! System accounts are proven twice: their balance (roll-up plus queued lines) equals their
//! lines, and, separately, the roll-up alone equals exactly the lines that are not queued while
//! every queued row mirrors one line of a system account, once. So a line lost between the
//! queue and the roll-up, or counted in both, is found.

use std::fmt;

use sqlx::PgPool;

use super::LedgerError;

/// What the check found: counts for the summary, and every violation in words.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub accounts: i64,
    pub entries: i64,
    pub lines: i64,
    pub outstanding_points: i64,
    pub violations: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "ledger: {} accounts, {} journal entries, {} lines, {} points outstanding",
            self.accounts, self.entries, self.lines, self.outstanding_points
        )?;
        if self.is_ok() {
            write!(f, "ledger check: OK (all invariants hold)")
        } else {
            for v in &self.violations {
                writeln!(f, "VIOLATION: {v}")?;
            }
            write!(
                f,
                "ledger check: FAILED ({} violations)",
                self.violations.len()
            )
        }
    }
}

/// Each query returns rows only when an invariant is broken; the label says which.
const INVARIANTS: &[(&str, &str)] = &[
    (
        "journal entry does not sum to zero",
        "SELECT 'entry ' || entry_id || ' sums to ' || SUM(amount)
         FROM journal_lines GROUP BY entry_id HAVING SUM(amount) <> 0",
    ),
    (
        "journal entry without lines",
        "SELECT 'entry ' || e.id FROM journal_entries e
         WHERE NOT EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id)",
    ),
    (
        "stored balance differs from the sum of its lines",
        "SELECT 'account ' || a.id || ' stores ' || a.balance || ' but lines sum to '
                || COALESCE(s.total, 0)
         FROM account_balances a
         LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM journal_lines GROUP BY account_id) s
           ON s.account_id = a.id
         WHERE a.balance <> COALESCE(s.total, 0)",
    ),
    (
        "system account's roll-up differs from its lines outside the queue",
        "SELECT 'account ' || a.code || ' rolls up ' || a.balance || ' but its lines not queued sum to '
                || COALESCE(s.total, 0)
         FROM accounts a
         LEFT JOIN (SELECT l.account_id, SUM(l.amount) AS total FROM journal_lines l
                    WHERE NOT EXISTS (SELECT 1 FROM ledger_rollup_queue q WHERE q.line_id = l.id)
                    GROUP BY l.account_id) s
           ON s.account_id = a.id
         WHERE a.kind = 'system' AND a.balance <> COALESCE(s.total, 0)",
    ),
    (
        "roll-up queue does not match the journal",
        "SELECT 'queued line ' || q.line_id || ' (account ' || q.account_id || ', ' || q.amount || ')'
         FROM ledger_rollup_queue q
         LEFT JOIN journal_lines l ON l.id = q.line_id
         LEFT JOIN accounts a ON a.id = q.account_id
         WHERE l.id IS NULL OR l.account_id <> q.account_id OR l.amount <> q.amount
            OR a.kind IS DISTINCT FROM 'system'
         UNION ALL
         SELECT 'line ' || line_id || ' queued x' || COUNT(*) FROM ledger_rollup_queue
         GROUP BY line_id HAVING COUNT(*) > 1",
    ),
    (
        "customer balance below zero",
        "SELECT 'account ' || id || ' balance ' || balance || ' pending ' || pending
         FROM accounts WHERE NOT allow_negative AND (balance < 0 OR balance - pending < 0)",
    ),
    (
        "idempotency key used more than once",
        "SELECT idempotency_key || ' x' || COUNT(*) FROM journal_entries
         GROUP BY idempotency_key HAVING COUNT(*) > 1",
    ),
    (
        "entry reversed more than once",
        "SELECT 'entry ' || reverses || ' x' || COUNT(*) FROM journal_entries
         WHERE reverses IS NOT NULL GROUP BY reverses HAVING COUNT(*) > 1",
    ),
    (
        "reversal does not mirror the entry it undoes",
        "SELECT 'reversal ' || r.id || ' of entry ' || r.reverses
         FROM journal_entries r
         JOIN journal_lines rl ON rl.entry_id = r.id
         LEFT JOIN journal_lines ol ON ol.entry_id = r.reverses AND ol.account_id = rl.account_id
         WHERE r.kind = 'reversal' AND COALESCE(ol.amount, 0) <> -rl.amount",
    ),
    (
        "claw-back takes more than the entry it takes back gave",
        "SELECT 'claw-back ' || r.id || ' of entry ' || COALESCE(r.reverses::TEXT, '-')
         FROM journal_entries r
         JOIN journal_lines rl ON rl.entry_id = r.id
         LEFT JOIN journal_lines ol ON ol.entry_id = r.reverses AND ol.account_id = rl.account_id
         WHERE r.kind = 'clawback'
           AND (ol.amount IS NULL OR sign(ol.amount) = sign(rl.amount) OR abs(rl.amount) > abs(ol.amount))",
    ),
    (
        "undone purchase keeps its points",
        "SELECT 'receipt ' || p.id FROM purchases p
         WHERE p.undone_at IS NOT NULL AND p.entry_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses = p.entry_id)
           AND p.undo_written_off <> p.points",
    ),
    (
        "undone or fully refunded purchase keeps a bonus it caused",
        "SELECT 'receipt ' || p.id || ' bonus entry ' || b.entry_id || ' (' || b.kind || ')'
         FROM purchase_bonuses b JOIN purchases p ON p.id = b.purchase_id
         WHERE b.taken_back_at IS NULL
           AND (p.undone_at IS NOT NULL
                OR EXISTS (SELECT 1 FROM refunds f WHERE f.purchase_id = p.id AND f.amount >= p.amount))",
    ),
    (
        "bonus taken back and written off do not add up to what it paid",
        "SELECT 'bonus entry ' || b.entry_id || ' paid ' || paid.points || ', took back '
                || COALESCE(took.points, 0) || ', wrote off ' || b.written_off
         FROM purchase_bonuses b
         CROSS JOIN LATERAL (
             SELECT COALESCE(SUM(l.amount), 0) AS points FROM journal_lines l
             JOIN accounts a ON a.id = l.account_id
             WHERE l.entry_id = b.entry_id AND NOT a.allow_negative) paid
         LEFT JOIN LATERAL (
             SELECT -SUM(l.amount) AS points FROM journal_lines l
             JOIN accounts a ON a.id = l.account_id
             WHERE l.entry_id = b.taken_back_by AND NOT a.allow_negative) took ON TRUE
         WHERE b.taken_back_at IS NOT NULL
           AND paid.points <> COALESCE(took.points, 0) + b.written_off",
    ),
    (
        "held points differ from the sum of pending holds",
        "SELECT 'account ' || a.id || ' holds ' || a.pending || ' but pending holds sum to '
                || COALESCE(h.total, 0)
         FROM accounts a
         LEFT JOIN (SELECT account_id, SUM(points) AS total FROM holds
                    WHERE status = 'pending' GROUP BY account_id) h ON h.account_id = a.id
         WHERE a.pending <> COALESCE(h.total, 0)",
    ),
    (
        "hold settled without a matching redemption entry",
        "SELECT 'hold ' || h.id FROM holds h
         LEFT JOIN journal_lines l ON l.entry_id = h.entry_id AND l.account_id = h.account_id
         WHERE h.status = 'posted' AND COALESCE(l.amount, 0) <> -h.points",
    ),
    (
        "expiry lots do not add up to the customer balance",
        "SELECT 'account ' || a.id || ' balance ' || a.balance || ' but lots hold '
                || COALESCE(l.total, 0)
         FROM accounts a
         LEFT JOIN (SELECT account_id, SUM(remaining) AS total FROM point_lots GROUP BY account_id) l
           ON l.account_id = a.id
         WHERE a.kind = 'customer' AND a.balance <> COALESCE(l.total, 0)",
    ),
    (
        "balances of all accounts do not sum to zero",
        "SELECT 'total ' || SUM(balance) FROM account_balances HAVING SUM(balance) <> 0",
    ),
];

/// Verifies every invariant; database errors are errors, broken invariants are violations.
/// All queries read one snapshot, so postings and roll-ups running meanwhile cannot make the
/// books look inconsistent.
pub async fn check(pool: &PgPool) -> Result<CheckReport, LedgerError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let mut report = CheckReport::default();
    let (accounts, entries, lines, outstanding): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM accounts),
                (SELECT COUNT(*) FROM journal_entries),
                (SELECT COUNT(*) FROM journal_lines),
                (SELECT COALESCE(SUM(balance), 0)::BIGINT FROM accounts WHERE kind = 'customer')",
    )
    .fetch_one(&mut *tx)
    .await?;
    report.accounts = accounts;
    report.entries = entries;
    report.lines = lines;
    report.outstanding_points = outstanding;
    for (label, sql) in INVARIANTS {
        let found: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut *tx).await?;
        report
            .violations
            .extend(found.into_iter().map(|detail| format!("{label}: {detail}")));
    }
    tx.commit().await?;
    Ok(report)
}
