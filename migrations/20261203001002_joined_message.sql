-- The /start message that registered a customer (in their private chat, whose id is theirs).
-- When the same update is handled again (a worker died after registering but before recording
-- the update as handled), enrolment recognises its own registration and the customer still
-- gets the welcome and the card, instead of "welcome back".
ALTER TABLE customers ADD COLUMN joined_message BIGINT;
