-- Customers, their cards and the programme settings.

CREATE TABLE program_settings (
    id              SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    welcome_bonus   BIGINT NOT NULL DEFAULT 50 CHECK (welcome_bonus >= 0),
    referral_bonus  BIGINT NOT NULL DEFAULT 100 CHECK (referral_bonus >= 0),
    -- Percent of the purchase amount earned as points, e.g. 5.00.
    earn_rate       NUMERIC(5, 2) NOT NULL DEFAULT 5.00 CHECK (earn_rate >= 0 AND earn_rate <= 100),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO program_settings DEFAULT VALUES;

CREATE TABLE customers (
    id             BIGSERIAL PRIMARY KEY,
    tg_user_id     BIGINT UNIQUE,
    chat_id        BIGINT,
    first_name     TEXT,
    language       TEXT NOT NULL CHECK (language IN ('en', 'ru', 'uk')),
    account_id     BIGINT NOT NULL UNIQUE REFERENCES accounts (id),
    -- Public code in the customer's invite link (t.me/<bot>?start=r_<code>).
    referral_code  TEXT NOT NULL UNIQUE,
    referred_by    BIGINT REFERENCES customers (id),
    promos_enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT customers_no_self_referral CHECK (referred_by IS NULL OR referred_by <> id)
);
CREATE INDEX customers_referred_by ON customers (referred_by);

CREATE TABLE cards (
    id          BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    -- 11 random digits + a Luhn check digit.
    number      TEXT NOT NULL UNIQUE CHECK (number ~ '^[0-9]{12}$'),
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    issued_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cards_one_active_per_customer ON cards (customer_id) WHERE active;
