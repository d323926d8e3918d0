-- Owners edit the programme with /settings: every saved change leaves an audit row, and the
-- dialogue that leads to it lives in Postgres so a restart (or another replica) can carry on.

-- Who changed what and when, as the owner saw it (old and new values as canonical text).
CREATE TABLE settings_audit (
    id          BIGSERIAL PRIMARY KEY,
    changed_by  BIGINT NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    setting     TEXT NOT NULL,
    old_value   TEXT NOT NULL,
    new_value   TEXT NOT NULL,
    -- The dialogue that was saved: one dialogue is saved at most once, whatever the taps.
    draft_id    BIGINT NOT NULL UNIQUE
);
CREATE INDEX settings_audit_recent ON settings_audit (changed_at DESC, id DESC);

-- One open dialogue per owner. `step`: waiting for a typed value (input) or for Save / Cancel
-- under a preview (preview, with the parsed value in `value`). Buttons carry `id`, so a button
-- from an older dialogue never acts on a newer one.
CREATE TABLE settings_drafts (
    id          BIGSERIAL PRIMARY KEY,
    owner_tg_id BIGINT NOT NULL UNIQUE,
    chat_id     BIGINT NOT NULL,
    language    TEXT NOT NULL DEFAULT 'en',
    setting     TEXT NOT NULL,
    step        TEXT NOT NULL CHECK (step IN ('input', 'preview')),
    value       TEXT,
    message_id  BIGINT,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT settings_drafts_preview_has_value CHECK (step = 'input' OR value IS NOT NULL)
);

-- What the points of a redemption were worth in money when the cashier asked (point_value may
-- change later; the cashier deducts what they were told). NULL on rows from before this.
ALTER TABLE redemptions ADD COLUMN money_value NUMERIC(14, 2);
