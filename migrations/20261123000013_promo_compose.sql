-- Promotions, composed: an optional photo and URL button on a broadcast, the owner's pending typed
-- input while composing (kept here so a restart mid-compose loses nothing), and scheduling.
-- Audiences stay in broadcasts.audience (JSONB, see src/broadcast/audience.rs).

ALTER TABLE broadcasts
    -- Telegram file_id of the photo the owner sent with /promo: sent with sendPhoto, the text
    -- becoming its caption (at most 1024 characters once rendered).
    ADD COLUMN photo_file_id TEXT,
    -- One inline URL button under the promotion.
    ADD COLUMN button_label TEXT CHECK (button_label IS NULL OR length(button_label) BETWEEN 1 AND 64),
    ADD COLUMN button_url TEXT CHECK (button_url IS NULL OR button_url ~ '^https?://'),
    -- What the owner's next text message answers ('points', 'inactive', 'spent', 'button',
    -- 'schedule'), and since when: an old question no longer captures what they type.
    ADD COLUMN awaiting TEXT CHECK (awaiting IN ('points', 'inactive', 'spent', 'button', 'schedule')),
    ADD COLUMN awaiting_since TIMESTAMPTZ,
    ADD CONSTRAINT broadcasts_button_whole CHECK ((button_label IS NULL) = (button_url IS NULL)),
    ADD CONSTRAINT broadcasts_awaiting_since CHECK ((awaiting IS NULL) = (awaiting_since IS NULL));

-- 'scheduled': waits for scheduled_at; the job (src/broadcast/schedule.rs) flips it to 'sending'
-- in the transaction that writes its outbox rows.
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_status_check;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_status_check
    CHECK (status IN ('draft', 'scheduled', 'sending', 'paused', 'cancelled', 'done'));
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_scheduled_at
    CHECK (status <> 'scheduled' OR scheduled_at IS NOT NULL);
CREATE INDEX broadcasts_due ON broadcasts (scheduled_at) WHERE status = 'scheduled';
-- The owner's draft waiting for their typed answer.
CREATE INDEX broadcasts_awaiting ON broadcasts (created_by) WHERE awaiting IS NOT NULL;
