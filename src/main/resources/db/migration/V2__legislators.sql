-- Members of Congress from the congress-legislators file (legislators-current.yaml): one row per member,
-- holding their current (last) term. Rows are never deleted: a member missing from a newer file is retired.

CREATE TABLE legislator (
    bioguide       VARCHAR(10)  PRIMARY KEY,
    chamber        VARCHAR(3)   NOT NULL CHECK (chamber IN ('sen', 'rep')),
    state          VARCHAR(2)   NOT NULL,
    -- House only; 0 is an at-large seat (and the delegates of DC and the territories).
    district       INTEGER      CHECK (district BETWEEN 0 AND 99),
    party          VARCHAR(60),
    full_name      VARCHAR(200) NOT NULL,
    last_name      VARCHAR(100) NOT NULL,
    phone          VARCHAR(40),
    office_address VARCHAR(500),
    contact_form   VARCHAR(500),
    url            VARCHAR(500),
    active         BOOLEAN      NOT NULL DEFAULT true,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CHECK ((chamber = 'rep') = (district IS NOT NULL))
);

CREATE INDEX legislator_place_idx ON legislator (state, chamber, district) WHERE active;
