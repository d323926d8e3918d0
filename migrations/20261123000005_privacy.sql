-- /delete_me: a customer's personal data is erased but the ledger keeps the anonymous account.
ALTER TABLE customers ADD COLUMN erased_at TIMESTAMPTZ;
