-- Keyed one-way fingerprints (HMAC with the card secret) of Telegram ids erased by /delete_me:
-- a person who erases their data and registers again gets a new card but no second welcome or
-- invitation bonus. Nothing else about them is kept.
CREATE TABLE erased_identities (
    fingerprint BYTEA PRIMARY KEY,
    erased_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
