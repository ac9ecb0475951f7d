-- The journal's business-key index (V9) is dropped: every journalled call paid
-- one more B-tree insert for it (issue 9, the per-request journal row), and no
-- query of Passerelle uses it. `passerelle journal list --key` and
-- /admin/journal?cle= match a key *containing* the text (`LIKE '%…%'`), which
-- no index serves: the rows are read newest first through journal_at (EXPLAIN
-- QUERY PLAN, on both back-ends). Kept: journal_at (time bounds, newest-first
-- order, the retention purge) and journal_request_id (a quoted request id's
-- row). An ad-hoc `WHERE business_key = …` on the table or the `audit` view
-- now reads the period it is bounded to (`at`).
DROP INDEX journal_key;
