-- The POS API (issue #16): owners' API keys, Idempotency-Key records, and which redemptions a
-- POS asked for (the customer confirms them in Telegram as at the till; no staff chat to update).

CREATE TABLE api_keys (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    -- SHA-256 of the whole key: the key itself is shown once and never stored.
    key_hash     BYTEA NOT NULL UNIQUE,
    -- The last 4 characters, so an owner can tell keys apart in /apikey.
    key_hint     TEXT NOT NULL,
    created_by   BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

-- One row per (key, Idempotency-Key): `status` is NULL while the first request runs, then the
-- HTTP status and body it answered, replayed to retries. Rows are deleted after 48 hours.
CREATE TABLE api_idempotency (
    api_key_id  BIGINT NOT NULL REFERENCES api_keys (id),
    key         TEXT NOT NULL,
    -- SHA-256 of method, path and the canonical JSON body: the same key with another body is refused.
    fingerprint BYTEA NOT NULL,
    status      SMALLINT,
    body        TEXT,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (api_key_id, key),
    CONSTRAINT api_idempotency_finished CHECK ((status IS NULL) = (body IS NULL))
);
CREATE INDEX api_idempotency_started ON api_idempotency (started_at);

ALTER TABLE redemptions ADD COLUMN api_key_id BIGINT REFERENCES api_keys (id);
