-- Where the members of Congress were last imported from, and how fresh they are (org.groundswell.congress.
-- LegislatorRefresh): one row. The validators (ETag, Last-Modified) of the source's answer that was imported make
-- the daily refresh a conditional GET; confirmed_at is when the data was last imported or found current; the
-- replica whose UPDATE moves next_check_at forward is the one that asks the source.

CREATE TABLE legislator_refresh (
    id            SMALLINT      PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    -- The configured source (a URL, file: or classpath:), or 'upload' after an admin import or the command.
    source        VARCHAR(2000),
    etag          VARCHAR(1000),
    last_modified VARCHAR(100),
    confirmed_at  TIMESTAMPTZ,
    next_check_at TIMESTAMPTZ   NOT NULL DEFAULT '-infinity',
    last_error    VARCHAR(1000)
);

INSERT INTO legislator_refresh (id) VALUES (1);

-- A database that already holds members got them from an import at some time: as old as its newest row.
UPDATE legislator_refresh SET confirmed_at = (SELECT max(updated_at) FROM legislator);
