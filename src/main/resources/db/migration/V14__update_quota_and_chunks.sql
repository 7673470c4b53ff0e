-- Updates are queued in chunks, each its own transaction, so that no transaction holds a mail per supporter of a
-- large campaign: the update row records how far its recipients were queued, so queuing resumes after a crash.
--   last_signature_id: the campaign's newest signature when the update was posted (its recipients are the
--                      campaign's supporters then; NULL: none, or a test send to the organiser)
--   queued_through:    every signature id up to this one has had its mail queued (0 before the first chunk)
--   queued_at:         when the last chunk was queued (NULL while queuing goes on)
ALTER TABLE campaign_update ADD COLUMN last_signature_id BIGINT;
ALTER TABLE campaign_update ADD COLUMN queued_through BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaign_update ADD COLUMN queued_at TIMESTAMPTZ;
-- Updates from before this migration were queued whole when posted.
UPDATE campaign_update SET queued_at = created_at;

-- The queuing job finds the updates still queuing; the quota finds a campaign's latest real update.
CREATE INDEX campaign_update_queuing_idx ON campaign_update (id) WHERE queued_at IS NULL;
CREATE INDEX campaign_update_campaign_idx ON campaign_update (campaign_id, created_at) WHERE NOT test;
