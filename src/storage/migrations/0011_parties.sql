-- 0011: who is paid out of one beneficiary's credit (money-movements.md §6.3–§6.4, R6.14–R6.18, R6.21).

-- R6.14: honorários contratuais destacados are a deduction inside the titular's own ofício (same
-- position, nature and budget year; no RPV, superpreference or queue entry of their own), so they
-- are columns of the titular's beneficiary row: a percentage of every component or an amount of
-- the face share, and the lawyer (a PF or a sociedade de advogados, §3), whose income they are.
alter table beneficiarios add column contratuais_pct numeric(9, 8) check (contratuais_pct > 0 and contratuais_pct < 1);
alter table beneficiarios add column contratuais_valor numeric(18, 2) check (contratuais_valor > 0 and contratuais_valor <= valor);
alter table beneficiarios add column advogado_nome text;
alter table beneficiarios add column advogado_documento text;
alter table beneficiarios add column advogado_tipo text check (advogado_tipo in ('PF', 'PJ'));
alter table beneficiarios add constraint beneficiarios_contratuais_whole check (
  (contratuais_pct is null or contratuais_valor is null)
  and ((contratuais_pct is null and contratuais_valor is null) = (advogado_tipo is null))
);

-- R6.15: honorários sucumbenciais are the lawyer's own credit — an own requisition (own number,
-- own apresentação), alimentar by SV 47, classified RPV or precatório by its own amount like any
-- other. The flag says whose credit it is, for the lookup and the lawyer's tax (R6.14 regime).
alter table precatorios add column honorarios_sucumbenciais boolean not null default false;
alter table precatorios add constraint precatorios_sucumbenciais_alimentar check (not honorarios_sucumbenciais or natureza = 'alimentar');

-- R6.16: a cessão by fraction of the cedente's original total, with its instrument and the
-- protocol date (efficácia). It stays on the cedente's beneficiary row: taxes follow the cedente's
-- regime (R6.13) and the cessionário receives its fraction of the cedente's net at each release
-- (R6.21). Rows written before this migration (an amount moved to a new cessionário beneficiary)
-- keep `amount` and have no fraction.
alter table cessoes alter column amount drop not null;
-- `fracao` as the instrument states it, of the cedente's original total (TJPR-DJ86 art. 16 §3);
-- `fracao_do_aberto` the share of every later release it takes: fracao × valor ÷ what was open then.
alter table cessoes add column fracao numeric check (fracao > 0 and fracao <= 1);
alter table cessoes add column fracao_do_aberto numeric check (fracao_do_aberto > 0 and fracao_do_aberto <= 1);
alter table cessoes add column instrumento text check (instrumento in ('escritura', 'particular'));
alter table cessoes add column instrumento_ref text;
alter table cessoes add column lavrada_em date;
alter table cessoes add column cessionario_nome text;
alter table cessoes add column cessionario_cpf text;
alter table cessoes add constraint cessoes_amount_or_fraction check (
  (amount is null) <> (fracao is null) and ((fracao is null) = (instrumento is null)) and ((fracao is null) = (lavrada_em is null))
  and ((fracao is null) = (fracao_do_aberto is null)) and (lavrada_em is null or lavrada_em <= on_date)
);
create index cessoes_cedente on cessoes (precatorio_numero, cedente_id);

-- R6.18: a penhora reserves up to its limit out of the titular's net, in the order the juízo set
-- (Res. 303 art. 37; default: averbação date), and is remitted to the juízo penhorante.
alter table penhoras add column processo text;
alter table penhoras add column ordem integer check (ordem > 0);
create unique index penhoras_ordem on penhoras (precatorio_numero, beneficiario_id, ordem);

-- R6.17: habilitação of heirs decided by the origin court: each heir becomes a beneficiary
-- (titularidade 'herdeiro', own birth date: superpreference by the heir's own condition, R3.2) with
-- the quinhão of what was still open of the deceased's share.
create table habilitacoes (
  id                bigserial primary key,
  precatorio_numero text not null,
  falecido_id       text not null,
  herdeiro_id       text not null,
  quinhao           numeric not null check (quinhao > 0 and quinhao <= 1),
  valor             numeric(18, 2) not null check (valor >= 0),
  decidido_em       date not null,
  actor             text not null,
  foreign key (precatorio_numero, herdeiro_id) references beneficiarios (precatorio_numero, id) on delete cascade
);

-- R6.20/R6.21: the money lines of a liquidated payment. Σ liquido of the lines + the payment's IRRF
-- and previdência + the lawyer's IRRF = the payment's gross (checked by the writer, domain/liquidation/parties.ts).
create table payment_lines (
  payment_id  bigint not null references payments (id) on delete cascade,
  line_no     integer not null check (line_no > 0),
  papel       text not null check (papel in ('titular', 'advogado-contratual', 'cessionario', 'juizo-penhora')),
  cessao_id   bigint references cessoes (id),
  penhora_id  bigint references penhoras (id),
  bruto       numeric(18, 2) not null check (bruto >= 0),
  irrf        numeric(18, 2) not null check (irrf >= 0),
  liquido     numeric(18, 2) not null check (liquido >= 0),
  remeter_ao_juizo boolean not null default false,
  primary key (payment_id, line_no),
  check ((papel = 'cessionario') = (cessao_id is not null)),
  check ((papel = 'juizo-penhora') = (penhora_id is not null) and remeter_ao_juizo = (papel = 'juizo-penhora')),
  check (liquido = bruto - irrf)
);
create index payment_lines_penhora on payment_lines (penhora_id) where penhora_id is not null;
