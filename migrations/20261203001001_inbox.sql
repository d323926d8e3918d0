-- The durable update inbox (src/serve/inbox.rs). Every update Telegram sends is stored here
-- before Telegram is told it arrived (the next getUpdates offset, or the webhook's 200), so a
-- crash or a database outage can delay an update but never lose it. Workers on every replica
-- take the oldest open update of a chat (one chat at a time, in order; many chats at once).
CREATE TABLE inbox (
    update_id   BIGINT PRIMARY KEY,
    -- The chat the update belongs to (the user for updates without a chat): the ordering key.
    chat_id     BIGINT NOT NULL,
    payload     JSONB NOT NULL,
    -- pending: waiting for a worker; working: a worker holds it until lease_until;
    -- done: handled; dead: gave up after repeated failures (the user was told);
    -- dropped: part of a flood from one chat, not handled (the user was told once).
    state       TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'working', 'done', 'dead', 'dropped')),
    attempts    INT NOT NULL DEFAULT 0,
    not_before  TIMESTAMPTZ NOT NULL DEFAULT now(),
    worker      BIGINT,
    lease_until TIMESTAMPTZ,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    last_error  TEXT,
    CHECK ((state = 'working') = (worker IS NOT NULL AND lease_until IS NOT NULL))
);

-- The open queue, by chat and order: the claim reads the head of each chat from here.
CREATE INDEX inbox_open ON inbox (chat_id, update_id) WHERE state IN ('pending', 'working');
-- Pruning finished rows by age.
CREATE INDEX inbox_finished ON inbox (finished_at) WHERE finished_at IS NOT NULL;
-- The dead letters, counted by /metrics.
CREATE INDEX inbox_dead ON inbox (update_id) WHERE state = 'dead';
