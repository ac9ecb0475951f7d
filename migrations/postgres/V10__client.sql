-- Client accounts managed with `passerelle client add|list|disable|enable|rotate-secret`
-- (docs/SECURITY.md). The secret is never stored: `secret_hash` is an Argon2id PHC
-- string. `services` is the space-separated list of rights (`Port`, `Port.operation`
-- or `*`). Config-file clients of the same name take precedence. `updated` changes
-- on every modification. Timestamps are text RFC 3339 UTC.
CREATE TABLE client (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
    secret_hash TEXT         NOT NULL,
    services    TEXT         NOT NULL DEFAULT '',
    pj_read     INTEGER      NOT NULL DEFAULT 0 CHECK (pj_read IN (0, 1)),
    enabled     INTEGER      NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    cert_cn     VARCHAR(255),
    created     TEXT         NOT NULL,
    updated     TEXT         NOT NULL
);
