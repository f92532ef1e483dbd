-- Sign-up submissions by idempotency key (hashed with the form's digest): the first
-- gateway to claim a key creates the prospect and leaves its answer here for any retry,
-- on any gateway. An empty answer means the creation is under way. Unix seconds.
CREATE TABLE idempotency (
    key TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    answer TEXT NOT NULL
);

CREATE INDEX idempotency_by_age ON idempotency (created_at);
