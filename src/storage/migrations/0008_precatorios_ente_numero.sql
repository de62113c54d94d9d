-- A debtor's precatórios in número order, read in pages (app/ente-source-cache.ts): an import prepares
-- the lists it changes page by page inside its transaction, so that the first read after its
-- COMMIT does not rebuild them (issue 15 §3). Keyset pages (`ente_id = $1 and numero > $2 order by
-- numero limit n`) need this order in the index; with (ente_id) alone each page sorted the whole
-- debtor. The new index serves every lookup the old one did (its first column), so that one goes.
--
-- `numero collate "C"`: the pages compare and order in "C" (registry-store.ts), and the index can
-- then never serve a bare `numero = $1` — the foreign-key checks of every beneficiary row an import
-- writes. With (ente_id, numero) in the default collation the planner took it for those checks (a
-- whole-index scan each: quadratic) whenever autovacuum, running beside the import, had left
-- precatorios at reltuples = 0; a crash test on PostgreSQL crawled at ~2 rows/s that way.
create index precatorios_ente_numero on precatorios (ente_id, numero collate "C");
drop index precatorios_ente;
