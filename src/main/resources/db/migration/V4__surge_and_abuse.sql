-- Launch day: signatures held by the abuse limits, keyed hashes for limits and review, mail priorities.

-- HELD: over a limit (stored, not mailed, not counted); INVALIDATED: removed by review (not counted, not exported).
ALTER TABLE signature DROP CONSTRAINT signature_status_check;
ALTER TABLE signature ALTER COLUMN status TYPE VARCHAR(12);
ALTER TABLE signature ADD CONSTRAINT signature_status_check
    CHECK (status IN ('PENDING', 'CONFIRMED', 'HELD', 'INVALIDATED'));
-- Keyed hashes (HMAC-SHA-256, base64url): of the client's address, never the address itself, and of the
-- mailbox (lower case, +tag removed) for the per-mailbox mail limit.
ALTER TABLE signature ADD COLUMN client_hash  VARCHAR(64);
ALTER TABLE signature ADD COLUMN mailbox_hash VARCHAR(64);
-- Which limit held it: ADDRESS_BURST, ADDRESS_SUSTAINED or MAILBOX.
ALTER TABLE signature ADD COLUMN held_reason  VARCHAR(20);

CREATE INDEX signature_client_idx ON signature (campaign_id, client_hash, created_at);
CREATE INDEX signature_mailbox_idx ON signature (mailbox_hash);
CREATE INDEX signature_held_idx ON signature (campaign_id, created_at) WHERE status = 'HELD';

-- Confirmations go before steps mails, and both before bulk mail (updates): 0 first.
ALTER TABLE outbox_message ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox_message ADD COLUMN signature_id BIGINT;
DROP INDEX outbox_message_due_idx;
CREATE INDEX outbox_message_due_idx ON outbox_message (priority, next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX outbox_message_signature_idx ON outbox_message (signature_id) WHERE signature_id IS NOT NULL;
-- Mails sent per minute, shared by the replicas: the operator's circuit breaker on confirmation mail.
CREATE TABLE mail_rate (
    minute        TIMESTAMPTZ PRIMARY KEY,
    confirmations INTEGER NOT NULL
);

-- When a campaign was closed (retention of its signers counts from here).
ALTER TABLE campaign ADD COLUMN closed_at TIMESTAMPTZ;
UPDATE campaign SET closed_at = updated_at WHERE status = 'CLOSED';

-- RFC 8058 one-click unsubscribe: the URL of the List-Unsubscribe header of a mail to a supporter.
ALTER TABLE outbox_message ADD COLUMN list_unsubscribe VARCHAR(500);
