-- The audit trail of issue 8 (docs/SECURITY.md, docs/JOURNAL.md): every call,
-- who made it, what it was about and how it ended, without personal data. It is
-- the call journal (V9) seen through the audit's columns; its retention is the
-- journal's (`journal.retention_days`), its CLI `passerelle journal list`.
CREATE VIEW audit AS
SELECT at             AS called_at,
       client,
       service,
       operation,
       outcome,
       http_status,
       duration_us,
       request_bytes,
       business_key
FROM journal;
