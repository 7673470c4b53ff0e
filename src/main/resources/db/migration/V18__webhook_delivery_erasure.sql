-- Erasure reaches webhook bodies (org.groundswell.webhooks): a signature.confirmed delivery names its signature, so an
-- erasure finds the bodies that carry the supporter's data through an index rather than by reading every body.
ALTER TABLE webhook_delivery ADD COLUMN signature_id bigint;
-- when its body was reduced to the event's type because the supporter's data was erased (a pending one is then CANCELLED)
ALTER TABLE webhook_delivery ADD COLUMN erased_at timestamptz;
UPDATE webhook_delivery
SET signature_id = CAST(substring(CAST(payload AS jsonb) #>> '{data,identifiers,0}' FROM '^groundswell:([0-9]+)$') AS bigint)
WHERE event_type = 'signature.confirmed';
CREATE INDEX webhook_delivery_signature ON webhook_delivery (signature_id) WHERE signature_id IS NOT NULL;
