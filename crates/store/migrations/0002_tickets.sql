-- Tickets the portal opened, so the subscriber can find their protocols again: the contract
-- has no ticket list. Times are Unix seconds.
CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    protocol TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    subject TEXT NOT NULL,
    -- The type of service asked for, by its name when it was opened.
    kind TEXT NOT NULL,
    -- The service it is about, by its name; empty for none.
    service TEXT NOT NULL
);

CREATE INDEX tickets_by_customer ON tickets (customer, created_at);

CREATE TABLE ticket_attachments (
    ticket_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, position)
);
