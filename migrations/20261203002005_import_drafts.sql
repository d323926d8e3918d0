-- Money integrity (issue #12), fifth part: /import shows a preview and posts only after the
-- owner confirms. The file waits here between the two (and is dropped once answered).
CREATE TABLE import_drafts (
    id          BIGSERIAL PRIMARY KEY,
    owner_tg_id BIGINT NOT NULL,
    file        BYTEA,
    status      TEXT NOT NULL DEFAULT 'preview'
                CHECK (status IN ('preview', 'confirmed', 'cancelled')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    answered_at TIMESTAMPTZ,
    CONSTRAINT import_drafts_file CHECK ((status = 'preview') = (file IS NOT NULL))
);
