-- "Send to N supporters": N is counted at every view of the updates page. Without this index the count read every
-- confirmed signature of the campaign from the table (a parallel scan of all its pages: 0.7 to 1.1 s with a million
-- signatures); with it, the count is an index-only scan of a small partial index that holds only the signatures an
-- update goes to (one entry per supporter, deduplicated under one campaign id: 3 MB for 440,000 of them), and the
-- suppressed mailboxes are subtracted by their (mailbox_hash, campaign_id) key. The predicate is the one of
-- UpdateRepository.WANTS_UPDATES, with the status written out (a partial index only serves a literal).
CREATE INDEX signature_update_audience_idx ON signature (campaign_id)
    WHERE status = 'CONFIRMED' AND consent_to_updates AND unsubscribed_at IS NULL AND email IS NOT NULL;
