-- The call journal (docs/JOURNAL.md): one row per SOAP call, accepted or
-- faulted, including calls refused before dispatch (unreadable XML, 401, 403,
-- limits). No personal data: the business key (codOpiIntEpo, codEtu, codEtp…)
-- is the only value of the request kept; a fault's reason has the values it
-- quoted removed. `at` is UTC, RFC 3339 with microseconds (fixed width, so
-- text order is time order). `outcome` is `ok` or the fault code.
CREATE TABLE journal (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             VARCHAR(32) NOT NULL CHECK (length(at) <= 32),
    client         VARCHAR(100) CHECK (length(client) <= 100),
    service        VARCHAR(64) NOT NULL CHECK (length(service) <= 64),
    operation      VARCHAR(100) CHECK (length(operation) <= 100),
    outcome        VARCHAR(200) NOT NULL CHECK (length(outcome) <= 200),
    http_status    INTEGER NOT NULL,
    duration_us    BIGINT NOT NULL,
    request_bytes  BIGINT NOT NULL,
    business_key   VARCHAR(100) CHECK (length(business_key) <= 100),
    field_path     VARCHAR(300) CHECK (length(field_path) <= 300),
    reason         VARCHAR(500) CHECK (length(reason) <= 500)
);
CREATE INDEX journal_at ON journal (at);
CREATE INDEX journal_key ON journal (business_key);
