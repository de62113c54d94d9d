-- A debtor's precatórios in número order, read in pages (api/ente-sources.ts): an import prepares
-- the lists it changes page by page inside its transaction, so that the first read after its
-- COMMIT does not rebuild them (issue 15 §3). Keyset pages (`ente_id = $1 and numero > $2 order by
-- numero limit n`) need this order in the index; with (ente_id) alone each page sorted the whole
-- debtor. The new index serves every lookup the old one did (its first column), so that one goes.
create index precatorios_ente_numero on precatorios (ente_id, numero);
drop index precatorios_ente;
