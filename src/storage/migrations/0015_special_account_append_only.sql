-- 0015: the special-account ledger is append-only at the database level, like the event log (0001).
-- Its balances are sums of its rows (R7.2: Σ deposits − Σ debits = balance at every event), so an
-- UPDATE or DELETE would rewrite published art. 82 balances (R7.4) without an event; a correction is
-- a new movement, never an edit.
create function special_account_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'o razão da conta especial é somente de inclusão (% proibido)', tg_op;
end
$$;
create trigger special_account_no_update before update or delete on special_account_entries for each row execute function special_account_append_only();
create trigger special_account_no_truncate before truncate on special_account_entries for each statement execute function special_account_append_only();
