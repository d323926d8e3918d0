-- One saved conversation state per private chat (issue #13): what the bot asked last and is
-- waiting for, as a typed enum serialized to JSON by the chat layer (`telegram::dialogue`).
-- The question asked last replaces the one before; a command ends it; past `expires_at` it is
-- as if there were none. Kept in Postgres so a restart or another replica carries on.
CREATE TABLE chat_states (
    chat_id    BIGINT PRIMARY KEY,
    state      JSONB NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
