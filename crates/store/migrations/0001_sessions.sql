-- Sessions held by the portal: the browser's cookie carries only a random id, whose SHA-256
-- is the key here, so a copy of this table opens no session. Times are Unix seconds.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    -- Shown in "Meus acessos" and used to end one session from another; not a secret.
    public_id TEXT NOT NULL UNIQUE,
    -- The customer the session belongs to (the document's digits), to list or end them all.
    customer TEXT NOT NULL,
    -- What the gateway keeps of the session (JSON): never read by the store.
    data TEXT NOT NULL,
    device TEXT NOT NULL,
    place TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL,
    -- The earlier of the idle and the absolute limit, moved on each use.
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_by_customer ON sessions (customer);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
