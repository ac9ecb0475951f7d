-- The request id of each journalled call (docs/JOURNAL.md): the X-Request-Id
-- the client sent (1–64 characters of [A-Za-z0-9._:-]) or the one Passerelle
-- drew (`<node 8 hex>-<counter 8 hex>`), the same id as in the response
-- header, the log lines and a fault's detail (lastErrorMsg). A registrar who
-- quotes it finds the row: `passerelle journal list --request-id ID`, or
-- /admin/journal?requete=ID. NULL for rows written before this migration.
-- (Written on a branch beside V12, the re-keyed laissez-passer; both are applied in order.)
ALTER TABLE journal ADD COLUMN request_id VARCHAR(64);
CREATE INDEX journal_request_id ON journal (request_id);

-- The audit view (V11) lists its columns: recreated with the request id.
DROP VIEW audit;
CREATE VIEW audit AS
SELECT at             AS called_at,
       client,
       service,
       operation,
       outcome,
       http_status,
       duration_us,
       request_bytes,
       business_key,
       request_id
FROM journal;
