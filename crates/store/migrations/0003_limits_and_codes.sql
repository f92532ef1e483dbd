-- Limits and sign-in codes, shared by every gateway on this database. Keys are keyed hashes
-- (of a document or an address), never the value itself. Times are Unix seconds.

-- Events counted by a limit (failed sign-ins, codes sent…), one row per limit, key and
-- time slice, so a flood adds to a count instead of adding rows; old slices are purged.
CREATE TABLE limit_counts (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    bucket BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (name, key, bucket)
);

CREATE INDEX limit_counts_by_bucket ON limit_counts (bucket);

-- The code waiting to be typed for a document: only its HMAC, at most one per document.
CREATE TABLE codes (
    document TEXT PRIMARY KEY,
    tag TEXT NOT NULL,
    -- Unix milliseconds: codes may live only seconds in tests.
    issued_at BIGINT NOT NULL,
    tries_left BIGINT NOT NULL
);

CREATE INDEX codes_by_issue ON codes (issued_at);
