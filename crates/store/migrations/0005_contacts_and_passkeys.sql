-- What the customer proved to the portal: contacts a code sent to them was typed back from,
-- and passkeys. Times are Unix seconds.
CREATE TABLE contacts (
    -- The document's digits.
    customer TEXT NOT NULL,
    -- email or whatsapp: one verified contact per channel.
    channel TEXT NOT NULL,
    -- The address or the number's digits, as the code was sent to it.
    address TEXT NOT NULL,
    verified_at BIGINT NOT NULL,
    PRIMARY KEY (customer, channel)
);

CREATE TABLE passkeys (
    -- The credential id, base64url: what the authenticator names at sign-in.
    credential_id TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    -- The customer's own name for it ("Celular da Ana").
    name TEXT NOT NULL,
    -- The public key and counters (JSON), never a secret.
    passkey TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT NOT NULL
);

CREATE INDEX passkeys_by_customer ON passkeys (customer);

-- A passkey registration or sign-in under way: the challenge issued by one gateway and
-- answered through any other. Used once, purged once expired.
CREATE TABLE ceremonies (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX ceremonies_by_expiry ON ceremonies (expires_at);
