-- 0004 (issue 15 §1): what the registry says about itself.

-- Facts about the registry as a whole, one row per key. `demonstracao`: the registry was made from
-- the fictitious demo (written in the transaction that loaded it; stays after real imports on top,
-- since the demo's people and amounts are still in it). Part of a full backup, so a restored demo
-- is still marked.
create table registry_meta (
  chave       text primary key,
  valor       jsonb not null,
  gravado_em  timestamptz not null default now()
);

-- Counts and sums the store keeps about itself, checked against the tables when `servir` starts
-- (storage/self-check.ts): a file cut short, rows lost in a damaged folder or written past the
-- application show as a disagreement. Kept by triggers (one place, both backends, every writer),
-- each appending a row of deltas — statement-level for inserts and deletes (a million-row import
-- adds one small row per batch), row-level for the few updates that change a tracked value — so
-- there is no single row every write would update: concurrent writers on PostgreSQL never wait on
-- each other here. The check sums the rows (and compacts them).
-- Not part of a backup (derived; a restore rebuilds it through the same triggers).
create table store_totals (
  precatorios         bigint not null default 0,
  precatorios_valor   numeric not null default 0,
  beneficiarios       bigint not null default 0,
  beneficiarios_valor numeric not null default 0,
  beneficiarios_pago  numeric not null default 0,
  payments            bigint not null default 0,
  payments_valor      numeric not null default 0,
  events              bigint not null default 0
);

-- A registry migrated with rows already in it starts from what it holds.
insert into store_totals
select (select count(*) from precatorios), (select coalesce(sum(valor_requisitado), 0) from precatorios),
       (select count(*) from beneficiarios), (select coalesce(sum(valor), 0) from beneficiarios), (select coalesce(sum(pago), 0) from beneficiarios),
       (select count(*) from payments), (select coalesce(sum(amount), 0) from payments),
       (select count(*) from events);

create function store_totals_precatorios() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into store_totals (precatorios, precatorios_valor) select count(*), coalesce(sum(valor_requisitado), 0) from new_rows having count(*) > 0;
  elsif tg_op = 'DELETE' then
    insert into store_totals (precatorios, precatorios_valor) select -count(*), -coalesce(sum(valor_requisitado), 0) from old_rows having count(*) > 0;
  else
    insert into store_totals (precatorios, precatorios_valor) select -count(*), -coalesce(sum(valor_requisitado), 0) from precatorios;
  end if;
  return null;
end
$$;

create function store_totals_beneficiarios() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into store_totals (beneficiarios, beneficiarios_valor, beneficiarios_pago) select count(*), coalesce(sum(valor), 0), coalesce(sum(pago), 0) from new_rows having count(*) > 0;
  elsif tg_op = 'DELETE' then
    insert into store_totals (beneficiarios, beneficiarios_valor, beneficiarios_pago) select -count(*), -coalesce(sum(valor), 0), -coalesce(sum(pago), 0) from old_rows having count(*) > 0;
  else
    insert into store_totals (beneficiarios, beneficiarios_valor, beneficiarios_pago) select -count(*), -coalesce(sum(valor), 0), -coalesce(sum(pago), 0) from beneficiarios;
  end if;
  return null;
end
$$;

create function store_totals_payments() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into store_totals (payments, payments_valor) select count(*), coalesce(sum(amount), 0) from new_rows having count(*) > 0;
  elsif tg_op = 'DELETE' then
    insert into store_totals (payments, payments_valor) select -count(*), -coalesce(sum(amount), 0) from old_rows having count(*) > 0;
  else
    insert into store_totals (payments, payments_valor) select -count(*), -coalesce(sum(amount), 0) from payments;
  end if;
  return null;
end
$$;

-- Updates: row-level, fired only when a tracked value changes (the WHEN runs without calling the
-- function). Most updates do not (a version bump, an import hash, a status), and an UPDATE with
-- transition tables would copy every updated row twice: a re-import that replaced 20 000
-- precatórios took ~2× as long with statement-level update triggers.
create function store_totals_precatorios_row() returns trigger language plpgsql as $$
begin
  insert into store_totals (precatorios_valor) values (new.valor_requisitado - old.valor_requisitado);
  return null;
end
$$;

create function store_totals_beneficiarios_row() returns trigger language plpgsql as $$
begin
  insert into store_totals (beneficiarios_valor, beneficiarios_pago) values (new.valor - old.valor, new.pago - old.pago);
  return null;
end
$$;

create function store_totals_payments_row() returns trigger language plpgsql as $$
begin
  insert into store_totals (payments_valor) values (new.amount - old.amount);
  return null;
end
$$;

-- events is append-only (0001 refuses UPDATE, DELETE and TRUNCATE): only inserts count.
create function store_totals_events() returns trigger language plpgsql as $$
begin
  insert into store_totals (events) select count(*) from new_rows having count(*) > 0;
  return null;
end
$$;

create trigger store_totals_ins after insert on precatorios referencing new table as new_rows for each statement execute function store_totals_precatorios();
create trigger store_totals_del after delete on precatorios referencing old table as old_rows for each statement execute function store_totals_precatorios();
create trigger store_totals_upd after update on precatorios for each row when (old.valor_requisitado is distinct from new.valor_requisitado) execute function store_totals_precatorios_row();
create trigger store_totals_trunc before truncate on precatorios for each statement execute function store_totals_precatorios();

create trigger store_totals_ins after insert on beneficiarios referencing new table as new_rows for each statement execute function store_totals_beneficiarios();
create trigger store_totals_del after delete on beneficiarios referencing old table as old_rows for each statement execute function store_totals_beneficiarios();
create trigger store_totals_upd after update on beneficiarios for each row when (old.valor is distinct from new.valor or old.pago is distinct from new.pago) execute function store_totals_beneficiarios_row();
create trigger store_totals_trunc before truncate on beneficiarios for each statement execute function store_totals_beneficiarios();

create trigger store_totals_ins after insert on payments referencing new table as new_rows for each statement execute function store_totals_payments();
create trigger store_totals_del after delete on payments referencing old table as old_rows for each statement execute function store_totals_payments();
create trigger store_totals_upd after update on payments for each row when (old.amount is distinct from new.amount) execute function store_totals_payments_row();
create trigger store_totals_trunc before truncate on payments for each statement execute function store_totals_payments();

create trigger store_totals_ins after insert on events referencing new table as new_rows for each statement execute function store_totals_events();

-- One row the health check writes (and commits) to prove that writes reach the disk. Not in a backup.
create table store_probe (
  id         boolean primary key default true check (id),
  escrito_em timestamptz not null
);
