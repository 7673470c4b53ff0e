-- Keys no longer live in the database in the clear (a backup or WAL archive held them all): the master secret comes
-- from the environment (GROUNDSWELL_SECRET_KEY); link and form-stamp keys are derived from it. The keys of stored
-- identifier hashes (mailbox, client address) must outlive any rotation (a suppressed mailbox's hash must match
-- for ever), so they stay, encrypted (AES-GCM) under a key derived from the master, one copy per master secret.
CREATE TABLE wrapped_key (
    name       VARCHAR(60)  NOT NULL,
    key_id     VARCHAR(16)  NOT NULL,
    value      VARCHAR(200) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (name, key_id)
);
-- The identifier keys in use are kept (their hashes, the suppression list among them, still match); the service
-- wraps them under its master at its next start and deletes these plain copies. The links and form-stamp keys go:
-- links mailed before this upgrade no longer verify (whoever read a backup could forge them).
INSERT INTO wrapped_key (name, key_id, value)
SELECT name, 'legacy', value FROM service_secret WHERE name IN ('mailbox', 'client-address');
DROP TABLE service_secret;
