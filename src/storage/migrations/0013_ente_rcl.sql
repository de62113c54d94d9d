-- 0013: the RCL of each debtor per year with its source (issue 17 §3; money-movements.md R7.8). The
-- EC 136 limit of year Y reads the row of exercício Y − 1 ("receita corrente líquida apurada no
-- exercício financeiro anterior") and, when staff recorded it, the stock in mora on 1 Jan Y as
-- published (all tribunals, R7.8 `stockScope`); without it the plan uses the registry's own stock.
-- Staff writes only (app/ec136-plan.ts), one event per change with before and after.
create table ente_rcl (
  ente_id      text not null references entes (id),
  exercicio    integer not null check (exercicio between 1988 and 2200),
  rcl          numeric(18, 2) not null check (rcl > 0),
  estoque_mora numeric(18, 2) check (estoque_mora >= 0),
  fonte        text not null check (length(fonte) between 1 and 500),
  actor        text not null,
  updated_at   timestamptz not null default now(),
  primary key (ente_id, exercicio)
);
