-- The organisers' console: team members of campaigns, sign-in links by e-mail, browser sessions.

-- People the owner of a campaign invited by e-mail, as editor or viewer (org.groundswell.team).
CREATE TABLE campaign_member (
    campaign_id BIGINT       NOT NULL REFERENCES campaign (id),
    email       VARCHAR(254) NOT NULL,
    role        VARCHAR(10)  NOT NULL CHECK (role IN ('EDITOR', 'VIEWER')),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, email)
);
CREATE INDEX campaign_member_email_idx ON campaign_member (email);

-- One-time sign-in links (org.groundswell.console): only the SHA-256 hash of the token is kept. The keyed hashes
-- of the mailbox and of the client's address count the links mailed, for the limits.
CREATE TABLE sign_in_link (
    token_hash   VARCHAR(64)  PRIMARY KEY,
    email        VARCHAR(254) NOT NULL,
    mailbox_hash VARCHAR(64)  NOT NULL,
    client_hash  VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    expires_at   TIMESTAMPTZ  NOT NULL,
    used_at      TIMESTAMPTZ
);
CREATE INDEX sign_in_link_mailbox_idx ON sign_in_link (mailbox_hash, created_at);
CREATE INDEX sign_in_link_client_idx ON sign_in_link (client_hash, created_at);

-- Console sessions (org.groundswell.security): the SHA-256 hash of the id in the cookie, shared by the replicas.
CREATE TABLE console_session (
    id_hash      VARCHAR(64)  PRIMARY KEY,
    email        VARCHAR(254) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    last_seen_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX console_session_email_idx ON console_session (email);
