-- Money integrity (issue #12), first part: the settings that bound refunds and referrals.

ALTER TABLE program_settings
    -- A cashier may refund receipts of their own store for this many days (owners: any).
    ADD COLUMN refund_window_days INTEGER NOT NULL DEFAULT 14
        CHECK (refund_window_days >= 1 AND refund_window_days <= 3650),
    -- A referred friend's purchase pays the referral bonus only from this amount on (a 0.01
    -- purchase must not mint two bonuses).
    ADD COLUMN referral_min_amount NUMERIC(12, 2) NOT NULL DEFAULT 1.00
        CHECK (referral_min_amount > 0);

-- A refund screen is answered with Confirm; refunds look receipts up by store and age.
CREATE INDEX purchases_store ON purchases (store, created_at);
