-- 0001: the registry. Money is NUMERIC(18,2) (never float); calendar dates are `date`; the
-- presentation instant is `timestamptz`. Same SQL for PGlite and PostgreSQL.

create table entes (
  id          text primary key,
  nome        text not null,
  esfera      text not null check (esfera in ('uniao', 'estadual', 'municipal')),
  regime      text not null check (regime in ('geral', 'especial')),
  -- Bumped by every write that can move a position in this ente's lists (cache key for reads).
  version     bigint not null default 1
);

-- R4.2: the ente's own RPV laws over time.
create table rpv_laws (
  ente_id     text not null references entes (id) on delete cascade,
  valid_from  date not null,
  kind        text not null check (kind in ('salarios-minimos', 'valor-fixo', 'teto-rgps')),
  amount      numeric(18, 4),
  legal_basis text not null,
  primary key (ente_id, valid_from),
  check ((kind = 'teto-rgps') = (amount is null))
);

-- Payment funding per ente (issue 6 uses it): annual budget, monthly deposits or % of RCL.
create table funding (
  ente_id     text not null references entes (id) on delete cascade,
  valid_from  date not null,
  kind        text not null check (kind in ('dotacao-anual', 'deposito-mensal', 'percentual-rcl')),
  amount      numeric(18, 2) not null check (amount >= 0),
  chronological_share numeric(5, 4) not null default 1 check (chronological_share between 0.5 and 1),
  legal_basis text not null default '',
  primary key (ente_id, valid_from, kind)
);

create table precatorios (
  numero            text primary key,
  ente_id           text not null references entes (id),
  regime            text not null check (regime in ('geral', 'especial')),
  natureza          text not null check (natureza in ('alimentar', 'comum')),
  tributario        boolean not null default false,
  -- Exactly one of: the court's own receipt instant, or a published list position + budget year.
  apresentado_em    timestamptz,
  ordem_publicada   integer check (ordem_publicada > 0),
  orcamento_publicado integer,
  expedido_em       date,
  data_base         text check (data_base ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  valor_requisitado numeric(18, 2) not null check (valor_requisitado >= 0),
  processo_origem   text,
  status            text not null check (status in ('ativo', 'suspenso', 'pago', 'cancelado')),
  -- Hash of what the last import wrote: re-importing the same row changes nothing.
  import_hash       text,
  version           bigint not null default 1,
  check ((apresentado_em is not null and ordem_publicada is null and orcamento_publicado is null)
      or (apresentado_em is null and ordem_publicada is not null and orcamento_publicado is not null))
);
create index precatorios_ente on precatorios (ente_id);

create table beneficiarios (
  precatorio_numero text not null references precatorios (numero) on delete cascade,
  id                text not null,
  credor_id         text not null,
  titularidade      text not null check (titularidade in ('originario', 'herdeiro', 'cessionario')),
  valor             numeric(18, 2) not null check (valor >= 0),
  pago              numeric(18, 2) not null default 0 check (pago >= 0 and pago <= valor),
  superpreferencia_paga numeric(18, 2) not null default 0 check (superpreferencia_paga >= 0 and superpreferencia_paga <= pago),
  -- Personal data: never leaves the server unmasked on public endpoints.
  nome              text,
  cpf               text,
  nascimento        date,
  primary key (precatorio_numero, id)
);
create index beneficiarios_credor on beneficiarios (credor_id);

-- R3.4: serious illness / disability recognised by a decision (age is checked de ofício).
create table superpreference_grants (
  id                bigserial primary key,
  precatorio_numero text not null,
  beneficiario_id   text not null,
  ground            text not null check (ground in ('doenca-grave', 'deficiencia')),
  granted_on        date not null,
  revoked_on        date,
  decided_by        text not null,
  foreign key (precatorio_numero, beneficiario_id) references beneficiarios (precatorio_numero, id) on delete cascade,
  check (revoked_on is null or revoked_on >= granted_on)
);
-- R3.4 §7: at most one active grant per beneficiary.
create unique index superpreference_grants_active on superpreference_grants (precatorio_numero, beneficiario_id) where revoked_on is null;

create table payments (
  id                bigserial primary key,
  precatorio_numero text not null,
  beneficiario_id   text not null,
  paid_on           date not null,
  amount            numeric(18, 2) not null check (amount > 0),
  kind              text not null check (kind in ('cronologica', 'superpreferencia', 'acordo')),
  actor             text not null,
  foreign key (precatorio_numero, beneficiario_id) references beneficiarios (precatorio_numero, id) on delete cascade
);
create index payments_precatorio on payments (precatorio_numero);

-- R7.1 / R7.3: cessões and penhoras keep the position; a cessão drops the superpreference.
create table cessoes (
  id                bigserial primary key,
  precatorio_numero text not null,
  cedente_id        text not null,
  cessionario_id    text not null,
  amount            numeric(18, 2) not null check (amount > 0),
  on_date           date not null,
  actor             text not null
);
create table penhoras (
  id                bigserial primary key,
  precatorio_numero text not null references precatorios (numero) on delete cascade,
  beneficiario_id   text not null,
  amount            numeric(18, 2) not null check (amount > 0),
  on_date           date not null,
  origem            text not null,
  actor             text not null
);

-- Index series, `month → rate in percent` (unit in the column name).
create table index_series (
  series    text not null,
  month     text not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  rate_pct  numeric(14, 8) not null,
  primary key (series, month)
);

-- Append-only log of every write: who, when, what, before/after.
create table events (
  id                bigserial primary key,
  at                timestamptz not null default now(),
  actor             text not null,
  kind              text not null,
  ente_id           text,
  precatorio_numero text,
  before            jsonb,
  after             jsonb
);
create index events_precatorio on events (precatorio_numero, id);

create function events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'o registro de eventos é somente de inclusão (% proibido)', tg_op;
end
$$;
create trigger events_no_update before update or delete on events for each row execute function events_append_only();
create trigger events_no_truncate before truncate on events for each statement execute function events_append_only();
