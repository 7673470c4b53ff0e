-- Signed webhooks (org.groundswell.webhooks): a campaign's endpoints and the durable queue of their deliveries.
-- A delivery row is written in the transaction of its event, so it exists exactly when the event does.
CREATE TABLE webhook_endpoint (
    id                       bigserial PRIMARY KEY,
    campaign_id              bigint       NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    url                      varchar(2000) NOT NULL,
    -- the event types it receives, as ",signature.confirmed,update.sent," (matched with LIKE '%,type,%')
    events                   varchar(200) NOT NULL,
    -- the signing secret, encrypted (AES-256-GCM) under the master named by secret_key_id
    secret_key_id            varchar(20)  NOT NULL,
    secret_wrapped           text         NOT NULL,
    -- after a rotation, the secret before, still signing until previous_secret_until
    previous_secret_key_id   varchar(20),
    previous_secret_wrapped  text,
    previous_secret_until    timestamptz,
    enabled                  boolean      NOT NULL DEFAULT true,
    disabled_reason          varchar(500),
    disabled_at              timestamptz,
    created_at               timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoint_campaign ON webhook_endpoint (campaign_id) WHERE enabled;

CREATE TABLE webhook_delivery (
    id               bigserial PRIMARY KEY,
    endpoint_id      bigint       NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    -- webhook-id: the same for every attempt of this delivery
    message_id       varchar(40)  NOT NULL UNIQUE,
    event_type       varchar(40)  NOT NULL,
    payload          text         NOT NULL,
    status           varchar(20)  NOT NULL,
    attempts         integer      NOT NULL DEFAULT 0,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz  NOT NULL DEFAULT now(),
    -- the round that holds it under a lease; an outcome is recorded only by the round whose claim it still is
    claim_token      uuid,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       varchar(1000),
    delivered_at     timestamptz
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, id);
