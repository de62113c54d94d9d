-- 0014: the special account of each regime-especial ente as an append-only ledger (money-movements.md
-- R7.2; issue 17 §1). A deposit lands in ENTRADA and leaves it in the same movement (RATEIO_OUT to the
-- TRT/TRF lists, R7.3; SPLIT into the chronological and acordo accounts, R7.5); payments, acordos and
-- transfers debit their account. Balances are SUMs of this table (never stored); that no balance goes
-- below zero at any date is checked by the writer under a per-ente lock (app/special-account.ts),
-- since a check constraint cannot see other rows. One movement = one event (`event_id`).
create table special_account_entries (
  id          bigserial primary key,
  ente_id     text not null references entes (id),
  account     text not null check (account in ('ENTRADA', 'CRONOLOGICA', 'ACORDO')),
  kind        text not null check (kind in ('DEPOSITO', 'RATEIO_OUT', 'SPLIT', 'PAGAMENTO', 'ACORDO', 'TRANSFERENCIA')),
  direction   text not null check (direction in ('credito', 'debito')),
  entry_date  date not null,
  amount      numeric(18, 2) not null check (amount > 0),
  document    text not null check (length(document) between 1 and 500),
  destino     text check (destino in ('TRT', 'TRF')),
  precatorio_numero text,
  actor       text not null,
  event_id    bigint not null references events (id),
  created_at  timestamptz not null default now(),
  -- Which kinds may touch which account in which direction (the ledger's grammar, R7.2).
  constraint special_account_entry_shape check (
    (kind = 'DEPOSITO' and account = 'ENTRADA' and direction = 'credito')
    or (kind = 'RATEIO_OUT' and account = 'ENTRADA' and direction = 'debito' and destino is not null)
    or (kind = 'SPLIT' and ((account = 'ENTRADA' and direction = 'debito') or (account in ('CRONOLOGICA', 'ACORDO') and direction = 'credito')))
    or (kind = 'PAGAMENTO' and account = 'CRONOLOGICA' and direction = 'debito')
    or (kind = 'ACORDO' and account = 'ACORDO' and direction = 'debito')
    or (kind = 'TRANSFERENCIA' and account in ('CRONOLOGICA', 'ACORDO'))
  ),
  constraint special_account_destino_only_rateio check ((destino is null) = (kind <> 'RATEIO_OUT'))
);
create index special_account_entries_ente on special_account_entries (ente_id, entry_date, id);
