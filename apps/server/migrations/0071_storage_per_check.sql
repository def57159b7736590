-- Storage per check and bloat (issue 15 items 2 and 4; apps/server/bench/README.md).
--
-- 1. The tenant index ascending. Rows arrive in time order; a DESC B-tree is filled at its
--    leftmost leaf, which splits in half every time (72.8 B per row measured), while an ascending
--    one splits at its rightmost leaf and keeps pages full (40.6 B). `ORDER BY created_at DESC`
--    reads it backwards at the same cost. The connection index is the table's unique key and
--    grows inside each connection's range either way (80 B); it stays as the spec has it.
DROP INDEX health_checks_tenant_created_idx;
CREATE INDEX health_checks_tenant_created_idx ON health_checks (tenant_id, created_at);

-- 2. Room on each page for the per-check row versions of a connection (claim, result): the new
--    version stays on its page, and page pruning reclaims the old one without a VACUUM. The
--    updates cannot be HOT (next_check_at and last_health_check_at are indexed: due order and
--    the summary's order), so the scheduler also vacuums on PGlite (src/scheduler/maintenance.ts).
ALTER TABLE connections SET (fillfactor = 70);
-- Rollup rows are rewritten by every pass that moves a check of their hour: none of the updated
-- columns is indexed, so with room on the page these updates are HOT.
ALTER TABLE health_rollups SET (fillfactor = 80);
ALTER TABLE health_rollups_tenant SET (fillfactor = 50);
