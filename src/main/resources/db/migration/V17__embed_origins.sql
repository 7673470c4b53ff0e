-- The origins that may frame a campaign's signing widget (/c/{slug}/embed), as the campaign service validated and
-- normalised them: bare origins (https://host[:port], or http:// on localhost for development), separated by single
-- spaces, at most 20. Empty: any https: origin may frame it. Only ever read into a Content-Security-Policy.
ALTER TABLE campaign ADD COLUMN embed_origins VARCHAR(2000) NOT NULL DEFAULT ''
    CHECK (embed_origins !~ '[^a-z0-9:/.\[\] -]');
