-- 0016: sequestro as a movement of the special account (issue 17 §3; money-movements.md R7.9). The
-- money taken by sequestro (ADCT 104 I, CF §27 II) "enters the special/judicial account and is
-- distributed like a deposit (origem: SEQUESTRO)": a SEQUESTRO credit of ENTRADA, then the same
-- RATEIO_OUT and SPLIT rows as a deposit. Only the two checks of 0014 change.
alter table special_account_entries drop constraint special_account_entries_kind_check;
alter table special_account_entries add constraint special_account_entries_kind_check
  check (kind in ('DEPOSITO', 'SEQUESTRO', 'RATEIO_OUT', 'SPLIT', 'PAGAMENTO', 'ACORDO', 'TRANSFERENCIA'));
alter table special_account_entries drop constraint special_account_entry_shape;
alter table special_account_entries add constraint special_account_entry_shape check (
  (kind in ('DEPOSITO', 'SEQUESTRO') and account = 'ENTRADA' and direction = 'credito')
  or (kind = 'RATEIO_OUT' and account = 'ENTRADA' and direction = 'debito' and destino is not null)
  or (kind = 'SPLIT' and ((account = 'ENTRADA' and direction = 'debito') or (account in ('CRONOLOGICA', 'ACORDO') and direction = 'credito')))
  or (kind = 'PAGAMENTO' and account = 'CRONOLOGICA' and direction = 'debito')
  or (kind = 'ACORDO' and account = 'ACORDO' and direction = 'debito')
  or (kind = 'TRANSFERENCIA' and account in ('CRONOLOGICA', 'ACORDO'))
);
