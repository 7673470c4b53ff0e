-- Closing the ways around the abuse limits: every limit a held signature met, one signature per campaign and
-- canonical mailbox, budgets per IPv6 /48 and per campaign, capped releases.

-- Every limit a held signature met (AbuseLimits checks them all), not only the first.
ALTER TABLE signature ADD COLUMN held_reasons VARCHAR(20)[];
UPDATE signature SET held_reasons = ARRAY[held_reason] WHERE held_reason IS NOT NULL;
ALTER TABLE signature DROP COLUMN held_reason;

-- When review released a held signature: releases per campaign and day are capped.
ALTER TABLE signature ADD COLUMN released_at TIMESTAMPTZ;
CREATE INDEX signature_released_idx ON signature (campaign_id, released_at) WHERE released_at IS NOT NULL;

-- The keyed hash of an IPv6 client's /48 (NULL for IPv4), counted per campaign beside the /64's client_hash.
ALTER TABLE signature ADD COLUMN network_hash VARCHAR(64);
CREATE INDEX signature_network_idx ON signature (campaign_id, network_hash, created_at) WHERE network_hash IS NOT NULL;

-- New signatures per campaign and minute, for the campaign's budget; a few rows per minute (shard) so that
-- concurrent batches of one campaign do not queue on one row. Old minutes are deleted by the service.
CREATE TABLE signing_rate (
    campaign_id BIGINT      NOT NULL,
    minute      TIMESTAMPTZ NOT NULL,
    shard       SMALLINT    NOT NULL,
    signatures  INTEGER     NOT NULL,
    PRIMARY KEY (campaign_id, minute, shard)
);

-- Canonical mailboxes (EmailAddresses.mailbox: lower case, +tag removed, and Gmail's dots removed, googlemail.com
-- as gmail.com). The hash is keyed by the service's own key, so the service recomputes it, in the background after
-- start (MailboxHashBackfill), for every row marked here or without a hash.
ALTER TABLE signature ADD COLUMN mailbox_rehash BOOLEAN;
-- Rows whose canonical mailbox is not what their hash was made of: Gmail addresses with a dot, googlemail.com.
UPDATE signature SET mailbox_rehash = true
WHERE email IS NOT NULL
  AND (split_part(email, '@', 2) = 'googlemail.com'
       OR (split_part(email, '@', 2) = 'gmail.com' AND strpos(split_part(email, '@', 1), '.') > 0));
-- One signature per campaign and mailbox: rows that are +tag variants of another row of the same campaign (the
-- hashes made so far already left the tag out) give up their hash and are marked, all but the one ranked first;
-- the backfill then finds each one's twin and keeps one of the two (a confirmed one before a pending one, before a
-- held one, before an invalidated one; else the older), deleting the other and taking it out of the count if it
-- was counted.
UPDATE signature s SET mailbox_hash = NULL, mailbox_rehash = true
FROM (SELECT id, row_number() OVER (PARTITION BY campaign_id, mailbox_hash
                                    ORDER BY CASE status WHEN 'CONFIRMED' THEN 0 WHEN 'PENDING' THEN 1 WHEN 'HELD' THEN 2 ELSE 3 END, id) AS n
      FROM signature
      WHERE (campaign_id, mailbox_hash) IN (SELECT campaign_id, mailbox_hash FROM signature WHERE mailbox_hash IS NOT NULL
                                            GROUP BY campaign_id, mailbox_hash HAVING count(*) > 1)) AS d
WHERE s.id = d.id AND d.n > 1;
CREATE INDEX signature_mailbox_todo_idx ON signature (id) WHERE email IS NOT NULL AND (mailbox_hash IS NULL OR mailbox_rehash);

-- The per-mailbox reads (its limit, suppression, erasure) and the uniqueness use one index.
DROP INDEX signature_mailbox_idx;
CREATE UNIQUE INDEX signature_mailbox_campaign_uidx ON signature (mailbox_hash, campaign_id);
