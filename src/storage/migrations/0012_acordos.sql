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
