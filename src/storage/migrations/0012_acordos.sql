-- 0012: acordos diretos (money-movements.md R7.6, R7.7; issue 17 §2). An edital per ente opens a
-- habilitação period with a deságio limit (≤ 40 %, ADCT 102 §1); a creditor (precatório +
-- beneficiário) is habilitado with the deságio they accept; the call in list order pays them from
-- the ACORDO account (special_account_entries, 0014) and marks each habilitação paid with its payment.
-- Every change is an event (events, 0001).
create table acordo_editais (
  id           bigserial primary key,
  ente_id      text not null references entes (id),
  numero       text not null check (length(numero) between 1 and 100),
  abertura     date not null,
  encerramento date not null,
  desagio_max  numeric(7, 6) not null check (desagio_max >= 0 and desagio_max <= 0.4),
  parcela_acordos numeric(7, 6) check (parcela_acordos >= 0 and parcela_acordos <= 0.5),
  fundamento   text not null default '',
  actor        text not null,
  event_id     bigint not null references events (id),
  created_at   timestamptz not null default now(),
  check (encerramento >= abertura),
  unique (ente_id, numero)
);
create table acordo_habilitacoes (
  id                bigserial primary key,
  edital_id         bigint not null references acordo_editais (id),
  precatorio_numero text not null references precatorios (numero),
  beneficiario_id   text not null,
  desagio           numeric(7, 6) not null check (desagio >= 0 and desagio <= 0.4),
  habilitado_em     date not null,
  status            text not null default 'habilitado' check (status in ('habilitado', 'pago')),
  payment_id        bigint,
  actor             text not null,
  event_id          bigint not null references events (id),
  created_at        timestamptz not null default now(),
  unique (edital_id, precatorio_numero, beneficiario_id),
  check ((status = 'pago') = (payment_id is not null))
);
-- An acordo payment extinguishes the whole credit: owed = paid + renounced (R7.7 2), nothing open.
-- The renounced part is recorded on the payment; only an acordo may renounce.
alter table payments add column renounced numeric(18, 2) check (renounced >= 0);
alter table payments drop constraint payments_liquidation_whole;
alter table payments add constraint payments_liquidation_whole check (
  (calc_month is null and owed is null and principal is null and juros_mora is null and selic is null and juros_ec136 is null
     and open_principal is null and open_juros_mora is null and open_selic is null and open_juros_ec136 is null and face_extinguished is null)
  or (calc_month is not null and owed is not null and principal is not null and juros_mora is not null and selic is not null
     and juros_ec136 is not null and open_principal is not null and open_juros_mora is not null and open_selic is not null
     and open_juros_ec136 is not null and face_extinguished is not null
     and principal + juros_mora + selic + juros_ec136 = amount
     and amount + open_principal + open_juros_mora + open_selic + open_juros_ec136 + coalesce(renounced, 0) = owed)
);
alter table payments add constraint payments_renounced_only_acordo check (renounced is null or kind = 'acordo');
