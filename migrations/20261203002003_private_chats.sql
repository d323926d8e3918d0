-- Money integrity (issue #12), third part: the bot talks only in private chats. A customer or
-- cashier who registered with /start in a group had the group stored as their chat, so their
-- receipts and card went there; a private chat's id is the user's id, so point them back.
UPDATE customers SET chat_id = tg_user_id
WHERE tg_user_id IS NOT NULL AND chat_id IS DISTINCT FROM tg_user_id;
UPDATE cashiers SET chat_id = tg_user_id WHERE chat_id <> tg_user_id;
