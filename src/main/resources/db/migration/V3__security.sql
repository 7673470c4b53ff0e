-- The admin can disable an organiser: the token stops working, the campaigns stay.
ALTER TABLE organiser ADD COLUMN disabled_at TIMESTAMPTZ;

-- Keys the service generates once and every replica shares (the first replica to start inserts them):
-- the form stamp's HMAC key, the key of the client-address hashes, the key of the mailbox hashes and links.
CREATE TABLE service_secret (
    name       VARCHAR(60) PRIMARY KEY,
    value      VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
