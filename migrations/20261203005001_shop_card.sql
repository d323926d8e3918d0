-- The card picture looks like the shop's card (issue #15): the shop's name on a band in the
-- shop's colour. Both are settings (/settings), audited like the others. The colour is
-- '#rrggbb'; white text must stay readable on it (checked where it is typed).
ALTER TABLE program_settings
    ADD COLUMN shop_name   TEXT NOT NULL DEFAULT '' CHECK (char_length(shop_name) <= 40),
    ADD COLUMN shop_colour TEXT NOT NULL DEFAULT '#2b6cb0' CHECK (shop_colour ~ '^#[0-9a-f]{6}$');
