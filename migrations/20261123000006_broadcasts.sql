-- Promotions: a broadcast is composed once by an owner; at send time one outbox row per
-- recipient is written in the same transaction that flips the broadcast to 'sending'. The
-- sender (src/broadcast/sender.rs) delivers the rows; see src/broadcast/mod.rs for the
-- exactly-once design.

-- Set when Telegram says the customer blocked the bot (403); later broadcasts skip them.
-- Cleared when the customer writes to the bot again.
ALTER TABLE customers ADD COLUMN unreachable BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE broadcasts (
    id                  BIGSERIAL PRIMARY KEY,
    -- Telegram user id of the owner who composed it.
    created_by          BIGINT NOT NULL,
    -- Telegram HTML, validated (or escaped) when composed.
    text                TEXT NOT NULL,
    -- {"kind": "all"} or {"kind": "language", "language": "ru"}.
    audience            JSONB NOT NULL DEFAULT '{"kind": "all"}',
    -- The owner's language: progress and buttons are shown in it.
    language            TEXT NOT NULL CHECK (language IN ('en', 'ru', 'uk')),
    status              TEXT NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft', 'sending', 'paused', 'cancelled', 'done')),
    -- The one message whose text shows live progress (edited, never re-sent).
    progress_chat_id    BIGINT,
    progress_message_id INTEGER,
    -- The last progress shown is the final one (done or cancelled): nothing left to edit.
    progress_final      BOOLEAN NOT NULL DEFAULT FALSE,
    -- What the progress message shows now: edit only when it would change.
    progress_shown      TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    scheduled_at        TIMESTAMPTZ
);
CREATE INDEX broadcasts_active ON broadcasts (status) WHERE NOT progress_final;

CREATE TABLE broadcast_outbox (
    id              BIGSERIAL PRIMARY KEY,
    broadcast_id    BIGINT NOT NULL REFERENCES broadcasts (id),
    customer_id     BIGINT NOT NULL REFERENCES customers (id),
    chat_id         BIGINT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked', 'skipped')),
    -- Delivery attempts that reached Telegram and failed transiently (429s do not count).
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A sender holds the row until then: a pending row is claimed, a sending row is in flight.
    lease_until     TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    error           TEXT,
    UNIQUE (broadcast_id, customer_id)
);
CREATE INDEX broadcast_outbox_due ON broadcast_outbox (next_attempt_at, id)
    WHERE status IN ('pending', 'sending');
-- Rows a crash left in flight, found by the sender when their lease has run out.
CREATE INDEX broadcast_outbox_in_flight ON broadcast_outbox (lease_until) WHERE status = 'sending';
CREATE INDEX broadcast_outbox_by_broadcast ON broadcast_outbox (broadcast_id, status);
