-- The command menu each private chat was last given (setMyCommands with a chat scope), so a
-- menu is set again only when the person's role or language changed, not on every update.
CREATE TABLE chat_menus (
    chat_id  BIGINT PRIMARY KEY,
    role     TEXT NOT NULL CHECK (role IN ('customer', 'cashier', 'owner')),
    language TEXT NOT NULL,
    set_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
