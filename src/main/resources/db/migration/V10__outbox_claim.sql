-- The dispatcher round that claimed a mail (a random token per round): a round renews its short lease only on
-- the mails it still holds, never on one another round took over after the lease ran out.
ALTER TABLE outbox_message ADD COLUMN claim BIGINT;
