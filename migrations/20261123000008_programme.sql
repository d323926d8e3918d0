-- Owner mode, the shared part of the schema: programme settings every feature reads, tiers and
-- the customer columns that audiences and the card screen use. Feature-private tables (audit,
-- stamps, promo rules, coupons, feedback, scheduled broadcasts) live in their own migrations.

ALTER TABLE program_settings
    -- points: earn and spend points; discount: a discount card; both: the two together.
    ADD COLUMN programme_type TEXT NOT NULL DEFAULT 'points'
        CHECK (programme_type IN ('points', 'discount', 'both')),
    -- fixed: everyone gets discount_percent; progressive: by total spend (discount_levels).
    ADD COLUMN discount_mode TEXT NOT NULL DEFAULT 'fixed'
        CHECK (discount_mode IN ('fixed', 'progressive')),
    ADD COLUMN discount_percent NUMERIC(5, 2) NOT NULL DEFAULT 5.00
        CHECK (discount_percent >= 0 AND discount_percent <= 100),
    -- What one point is worth in money when it pays for a purchase.
    ADD COLUMN point_value NUMERIC(12, 2) NOT NULL DEFAULT 1.00 CHECK (point_value > 0),
    -- referral_bonus is what the invited friend gets; referrer_bonus is what the inviter gets.
    ADD COLUMN referrer_bonus BIGINT NOT NULL DEFAULT 100 CHECK (referrer_bonus >= 0),
    -- Tiers are computed from spend over this many days back (a rolling period).
    ADD COLUMN tier_period_days INTEGER NOT NULL DEFAULT 365 CHECK (tier_period_days > 0),
    -- Stamp card: every Nth purchase of at least stamp_min_amount earns the gift. NULL: off.
    ADD COLUMN stamp_every INTEGER CHECK (stamp_every IS NULL OR (stamp_every >= 2 AND stamp_every <= 20)),
    ADD COLUMN stamp_min_amount NUMERIC(12, 2) NOT NULL DEFAULT 0 CHECK (stamp_min_amount >= 0),
    -- Points credited with a full stamp card (0: the gift is only the text below, handed over).
    ADD COLUMN stamp_gift_points BIGINT NOT NULL DEFAULT 0 CHECK (stamp_gift_points >= 0),
    ADD COLUMN stamp_gift TEXT CHECK (stamp_gift IS NULL OR length(stamp_gift) <= 100),
    -- Points credited on the customer's birthday, once a year. 0: off.
    ADD COLUMN birthday_bonus BIGINT NOT NULL DEFAULT 0 CHECK (birthday_bonus >= 0),
    -- Points for rating a visit, at most once per purchase. 0: off.
    ADD COLUMN feedback_bonus BIGINT NOT NULL DEFAULT 0 CHECK (feedback_bonus >= 0);
UPDATE program_settings SET referrer_bonus = referral_bonus;

-- Progressive discount card: the highest level whose threshold the customer's total spend
-- (all time) has reached applies.
CREATE TABLE discount_levels (
    id          BIGSERIAL PRIMARY KEY,
    min_spend   NUMERIC(12, 2) NOT NULL UNIQUE CHECK (min_spend >= 0),
    percent     NUMERIC(5, 2) NOT NULL CHECK (percent >= 0 AND percent <= 100)
);

-- Tiers: the highest tier whose min_spend the customer's spend in the last tier_period_days
-- has reached. A customer below every tier is on the base level (program_settings.earn_rate).
CREATE TABLE tiers (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 32),
    min_spend   NUMERIC(12, 2) NOT NULL UNIQUE CHECK (min_spend > 0),
    earn_rate   NUMERIC(5, 2) NOT NULL CHECK (earn_rate >= 0 AND earn_rate <= 100),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE customers
    -- The customer's current tier (NULL: base), kept by the tier job and at each purchase.
    ADD COLUMN tier_id BIGINT REFERENCES tiers (id) ON DELETE SET NULL,
    ADD COLUMN tier_changed_at TIMESTAMPTZ,
    -- Given once by the customer, not editable by them afterwards.
    ADD COLUMN birthday DATE;
CREATE INDEX customers_tier ON customers (tier_id);
CREATE INDEX customers_birthday ON customers ((EXTRACT(MONTH FROM birthday)), (EXTRACT(DAY FROM birthday)))
    WHERE birthday IS NOT NULL;
