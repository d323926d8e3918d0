-- One conversation state per chat (issue #13): the four places that waited for typed input move
-- into `chat_states`. What is open now moves there (the question asked last wins where a chat
-- had several); the feature tables keep their data and lose their "awaiting" columns.

-- The till: an open card screen waits for an amount, or for the points after Redeem.
INSERT INTO chat_states (chat_id, state, expires_at, updated_at)
SELECT staff_tg_id,
       jsonb_build_object('kind', CASE awaiting WHEN 'redeem' THEN 'redeem_points' ELSE 'till_amount' END,
                          'customer', customer_id),
       expires_at, expires_at - interval '5 minutes'
FROM till_sessions WHERE expires_at > now()
ON CONFLICT (chat_id) DO NOTHING;
ALTER TABLE till_sessions DROP COLUMN awaiting;

-- Promotions: a draft's open question (15 minutes).
INSERT INTO chat_states (chat_id, state, expires_at, updated_at)
SELECT DISTINCT ON (created_by) created_by,
       jsonb_build_object('kind', 'promo_answer', 'broadcast', id, 'question', awaiting),
       awaiting_since + interval '15 minutes', awaiting_since
FROM broadcasts
WHERE awaiting IS NOT NULL AND status = 'draft' AND awaiting_since > now() - interval '15 minutes'
ORDER BY created_by, awaiting_since DESC
ON CONFLICT (chat_id) DO UPDATE
SET state = EXCLUDED.state, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
WHERE chat_states.updated_at < EXCLUDED.updated_at;
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_awaiting_since;
ALTER TABLE broadcasts DROP COLUMN awaiting, DROP COLUMN awaiting_since;

-- A customer's birthday or feedback comment (15 minutes).
INSERT INTO chat_states (chat_id, state, expires_at, updated_at)
SELECT COALESCE(c.chat_id, c.tg_user_id),
       CASE p.kind WHEN 'birthday' THEN jsonb_build_object('kind', 'birthday')
            ELSE jsonb_build_object('kind', 'feedback_comment', 'purchase', p.purchase_id) END,
       p.expires_at, p.expires_at - interval '15 minutes'
FROM pending_inputs p JOIN customers c ON c.id = p.customer_id
WHERE p.expires_at > now() AND COALESCE(c.chat_id, c.tg_user_id) IS NOT NULL
ON CONFLICT (chat_id) DO UPDATE
SET state = EXCLUDED.state, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
WHERE chat_states.updated_at < EXCLUDED.updated_at;
DROP TABLE pending_inputs;

-- /settings: an open dialogue (30 minutes) takes the owner's typed value. Whether it shows a
-- preview is its data: `value` is set once previewed, so `step` goes.
INSERT INTO chat_states (chat_id, state, expires_at, updated_at)
SELECT chat_id, jsonb_build_object('kind', 'settings_value'),
       updated_at + interval '30 minutes', updated_at
FROM settings_drafts WHERE updated_at > now() - interval '30 minutes'
ON CONFLICT (chat_id) DO UPDATE
SET state = EXCLUDED.state, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
WHERE chat_states.updated_at < EXCLUDED.updated_at;
ALTER TABLE settings_drafts DROP CONSTRAINT settings_drafts_preview_has_value;
ALTER TABLE settings_drafts DROP COLUMN step;
