-- Outbound webhooks (issue #16): endpoints owners register, events written in the same
-- transaction as the change they describe, and one delivery per event and endpoint.

CREATE TABLE webhook_endpoints (
    id              BIGSERIAL PRIMARY KEY,
    url             TEXT NOT NULL,
    -- `whsec_` + base64: needed in clear to sign each send; shown to the owner once.
    secret          TEXT NOT NULL,
    created_by      BIGINT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_success_at TIMESTAMPTZ,
    last_failure_at TIMESTAMPTZ,
    -- Since when every attempt failed (NULL after a success).
    failing_since   TIMESTAMPTZ,
    last_error      TEXT,
    disabled_at     TIMESTAMPTZ,
    removed_at      TIMESTAMPTZ
);
CREATE INDEX webhook_endpoints_live ON webhook_endpoints (id)
    WHERE disabled_at IS NULL AND removed_at IS NULL;

CREATE TABLE webhook_events (
    id         BIGSERIAL PRIMARY KEY,
    -- The `webhook-id` header: the same on every retry, so receivers can drop duplicates.
    msg_id     TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    -- The exact body sent, fixed when the event happened.
    payload    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    event_id        BIGINT NOT NULL REFERENCES webhook_events (id),
    endpoint_id     BIGINT NOT NULL REFERENCES webhook_endpoints (id),
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A sender has claimed it until then.
    lease_until     TIMESTAMPTZ,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    TIMESTAMPTZ,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
