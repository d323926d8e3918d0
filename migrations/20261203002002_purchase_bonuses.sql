-- Money integrity (issue #12), second part: every bonus a purchase caused is linked to it, so
-- that an undo or a full refund takes each one back in the same transaction.

CREATE TABLE purchase_bonuses (
    -- The bonus entry (its idempotency key says which: referral:, promo:, stamp:, feedback:).
    entry_id      BIGINT PRIMARY KEY REFERENCES journal_entries (id),
    purchase_id   BIGINT NOT NULL REFERENCES purchases (id),
    kind          TEXT NOT NULL CHECK (kind IN ('referral', 'promo', 'stamp', 'feedback')),
    -- Set once, when the purchase was undone or fully refunded. taken_back_by is the entry
    -- that took the bonus back (a reversal, or a claw-back capped at the balance), NULL when
    -- nothing was left to take; written_off is what the customers had already spent.
    taken_back_at TIMESTAMPTZ,
    taken_back_by BIGINT UNIQUE REFERENCES journal_entries (id),
    written_off   BIGINT NOT NULL DEFAULT 0 CHECK (written_off >= 0),
    CONSTRAINT purchase_bonuses_taken_back
        CHECK (taken_back_at IS NOT NULL OR (taken_back_by IS NULL AND written_off = 0))
);
CREATE INDEX purchase_bonuses_purchase ON purchase_bonuses (purchase_id);

-- An undo takes the purchase's points back capped at the balance, like a refund: what the
-- customer had already spent is written off here.
ALTER TABLE purchases
    ADD COLUMN undo_written_off BIGINT NOT NULL DEFAULT 0 CHECK (undo_written_off >= 0);
