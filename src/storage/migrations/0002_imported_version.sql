-- 0002: an import never overwrites what staff wrote (issue 9, "Concurrency and load").
-- `imported_version` is the version the last import left on the row. Staff writes bump `version`
-- only, so `version <> imported_version` (or null) means staff changed the precatório since it was
-- imported: a later import reports it instead of replacing its beneficiaries, which would drop
-- payments, cessões and grants (payments reference beneficiarios ON DELETE CASCADE).
alter table precatorios add column imported_version bigint default 1;

-- Rows imported before this migration: untouched ones are as imported; any with a staff event is
-- marked as changed by staff (null never equals a version), the safe side.
update precatorios p set imported_version = case
  when exists (select 1 from events e where e.precatorio_numero = p.numero and e.kind not in ('importado', 'reimportado')) then null
  else p.version end;
