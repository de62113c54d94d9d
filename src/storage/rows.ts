import { type CourtTimestamp, type IsoDate, type YearMonth, toCourtTimestamp } from '../domain/dates.ts';
import type { EnteDevedor } from '../domain/ente.ts';
import { Dec, type Money, money } from '../domain/money.ts';
import type { TaxRegime, Vinculo } from '../domain/liquidation/withholding.ts';
import type { Beneficiario, BeneficiaryTaxFacts, HonorariosContratuais, Precatorio } from '../domain/precatorio.ts';
import type { RpvLaw } from '../domain/rules/rpv.ts';
import { type Dated, timeline } from '../domain/rules/timeline.ts';

/** The only place that knows column names: rows ⇄ domain values. Dates arrive cast to text. */

export interface PrecatorioRow {
  numero: string;
  ente_id: string;
  regime: Precatorio['regime'];
  natureza: Precatorio['natureza'];
  tributario: boolean;
  apresentado_em: string | null;
  ordem_publicada: number | null;
  orcamento_publicado: number | null;
  expedido_em: string | null;
  data_base: string | null;
  valor_requisitado: string;
  processo_origem: string | null;
  status: Precatorio['status'];
  honorarios_sucumbenciais: boolean;
  version: string;
}

export interface BeneficiarioRow {
  precatorio_numero: string;
  id: string;
  credor_id: string;
  titularidade: Beneficiario['titularidade'];
  valor: string;
  pago: string;
  superpreferencia_paga: string;
  nome: string | null;
  cpf: string | null;
  nascimento: string | null;
  doenca_grave_desde: string | null;
  deficiencia_desde: string | null;
  tax_regime: string | null;
  rra_months: string | null;
  vinculo: string | null;
  previdencia_indicada: string | null;
  previdencia_regime: string | null;
  non_taxable_share: string | null;
  contratuais: ContratuaisArray | null;
}

/**
 * R6.14 honorários contratuais of a beneficiary (migration 0011) as one nullable JSON array, so a
 * beneficiary without them (nearly all) costs one null in every read: [tipo, pct, valor, nome, documento].
 */
export const CONTRATUAIS_JSON = `case when b.advogado_tipo is null then null else json_build_array(b.advogado_tipo, b.contratuais_pct::text,
  b.contratuais_valor::text, b.advogado_nome, b.advogado_documento) end`;
export type ContratuaisArray = [tipo: 'PF' | 'PJ', pct: string | null, valor: string | null, nome: string | null, documento: string | null];

export function contratuaisFromArray(a: ContratuaisArray | null): HonorariosContratuais | undefined {
  if (!a) return undefined;
  const [tipo, pct, valor, nome, documento] = a;
  return {
    destaque: pct !== null ? { kind: 'percentual', share: new Dec(pct) } : { kind: 'valor', amountBrl: money(valor!) },
    advogado: { tipo, nome: nome ?? undefined, documento: documento ?? undefined },
  };
}

/** The columns an import writes for the contratuais (registry-store BENEFICIARIO_COLUMNS_WRITTEN order). */
export function contratuaisCells(c: HonorariosContratuais | undefined): (string | null)[] {
  if (!c) return [null, null, null, null, null];
  const d = c.destaque;
  return [
    d.kind === 'percentual' ? d.share.toString() : null,
    d.kind === 'valor' ? d.amountBrl.toFixed(2) : null,
    c.advogado.tipo,
    c.advogado.nome ?? null,
    c.advogado.documento ?? null,
  ];
}

/** The beneficiary's tax-fact columns (migration 0010), in the order the import writes them. */
export const TAX_FACT_COLUMNS = ['tax_regime', 'rra_months', 'vinculo', 'previdencia_indicada', 'previdencia_regime', 'non_taxable_share'] as const;

/** The import's cells for TAX_FACT_COLUMNS (money in centavos, fractions as written). */
export function taxFactCells(t: BeneficiaryTaxFacts | undefined): (string | undefined)[] {
  return [t?.regime, t?.rraMonths?.toString(), t?.vinculo, t?.previdenciaIndicadaBrl?.toFixed(2), t?.previdenciaRegime, t?.nonTaxableShare?.toString()];
}

/** Tax facts from their columns; none at all → undefined (the default rule applies, payee-facts.ts). */
export function taxFactsFromRow(row: Pick<BeneficiarioRow, (typeof TAX_FACT_COLUMNS)[number]>): BeneficiaryTaxFacts | undefined {
  if (TAX_FACT_COLUMNS.every((c) => row[c] === null)) return undefined;
  return {
    regime: (row.tax_regime ?? undefined) as TaxRegime | undefined,
    rraMonths: row.rra_months === null ? undefined : new Dec(row.rra_months),
    vinculo: (row.vinculo ?? undefined) as Vinculo | undefined,
    previdenciaIndicadaBrl: row.previdencia_indicada === null ? undefined : money(row.previdencia_indicada),
    previdenciaRegime: row.previdencia_regime ?? undefined,
    nonTaxableShare: row.non_taxable_share === null ? undefined : new Dec(row.non_taxable_share),
  };
}

export const PRECATORIO_COLUMNS = `p.numero, p.ente_id, p.regime, p.natureza, p.tributario, p.apresentado_em::text as apresentado_em,
  p.ordem_publicada, p.orcamento_publicado, p.expedido_em::text as expedido_em, p.data_base,
  p.valor_requisitado::text as valor_requisitado, p.processo_origem, p.status, p.version::text as version, p.honorarios_sucumbenciais`;

/** Beneficiaries with their active grants folded into the two dates the core reads (R3.2). */
export const BENEFICIARIO_COLUMNS = `b.precatorio_numero, b.id, b.credor_id, b.titularidade, b.valor::text as valor, b.pago::text as pago,
  b.superpreferencia_paga::text as superpreferencia_paga, b.nome, b.cpf, b.nascimento::text as nascimento,
  (select min(g.granted_on)::text from superpreference_grants g where g.precatorio_numero = b.precatorio_numero
     and g.beneficiario_id = b.id and g.ground = 'doenca-grave' and g.revoked_on is null) as doenca_grave_desde,
  (select min(g.granted_on)::text from superpreference_grants g where g.precatorio_numero = b.precatorio_numero
     and g.beneficiario_id = b.id and g.ground = 'deficiencia' and g.revoked_on is null) as deficiencia_desde,
  b.tax_regime, b.rra_months::text as rra_months, b.vinculo, b.previdencia_indicada::text as previdencia_indicada, b.previdencia_regime,
  b.non_taxable_share::text as non_taxable_share,
  ${CONTRATUAIS_JSON} as contratuais`;

/**
 * The same beneficiary columns as one JSON array per row, for reading many at once
 * (precatoriosWithVersions): positional arrays are a third of the text of keyed objects, and the
 * active grants come from one grouped join instead of two subqueries per beneficiary — together
 * the read of a precatório with 64 000 beneficiaries went from ~1.1 s to ~0.3 s on PGlite (issue
 * 15). `g` must be joined as in BENEFICIARIO_GRANTS_JOIN. Order: BeneficiarioArray.
 */
export const BENEFICIARIO_ARRAY = `json_build_array(b.id, b.credor_id, b.titularidade, b.valor::text, b.pago::text, b.superpreferencia_paga::text,
  b.nome, b.cpf, b.nascimento::text, g.doenca_grave_desde::text, g.deficiencia_desde::text, ${CONTRATUAIS_JSON})`;

/** Active grants of the beneficiaries of precatório `p`, one row per beneficiary (R3.2). */
export const BENEFICIARIO_GRANTS_JOIN = `left join (select g.beneficiario_id, min(g.granted_on) filter (where g.ground = 'doenca-grave') as doenca_grave_desde,
    min(g.granted_on) filter (where g.ground = 'deficiencia') as deficiencia_desde
  from superpreference_grants g where g.precatorio_numero = p.numero and g.revoked_on is null group by g.beneficiario_id) g on g.beneficiario_id = b.id`;

export type BeneficiarioArray = [
  id: string,
  credorId: string,
  titularidade: Beneficiario['titularidade'],
  valor: string,
  pago: string,
  superpreferenciaPaga: string,
  nome: string | null,
  cpf: string | null,
  nascimento: string | null,
  doencaGraveDesde: string | null,
  deficienciaDesde: string | null,
  contratuais: ContratuaisArray | null,
];

/**
 * Parses amounts, sharing one Decimal per distinct text (Decimals are immutable): most shares of a
 * large precatório repeat a few values ("0.00" paid), and parsing was a sixth of its read.
 */
export function amountReader(limit = 10_000): (text: string) => Money {
  const seen = new Map<string, Money>();
  return (text) => {
    let amount = seen.get(text);
    if (amount === undefined) {
      amount = money(text);
      if (seen.size < limit) seen.set(text, amount);
    }
    return amount;
  };
}

/**
 * Shares one string per distinct text among the low-variety columns of a read (ente, regime,
 * status, titularidade, dates, the import's history line): each row of the database comes with its
 * own copies, and a server keeps every precatório of a debtor in memory — a 1 M-row import put
 * 690 000 of them in a heap of 2.5 GB whose marking held the event loop for seconds (issue 15 §3).
 * Bounded like amountReader: past `limit` distinct texts, the rest is kept as read.
 */
export function textPool(limit = 10_000): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    const shared = seen.get(text);
    if (shared !== undefined) return shared;
    if (seen.size < limit) seen.set(text, text);
    return text;
  };
}

const asRead = (text: string) => text;

/** Amounts and repeated texts shared across one read of many rows (amountReader, textPool). */
export interface RowReader {
  readonly amount: (text: string) => Money;
  readonly text: (text: string) => string;
}

export function rowReader(): RowReader {
  return { amount: amountReader(), text: textPool() };
}

export function beneficiarioFromArray(
  [id, credorId, titularidade, valor, pago, superpreferenciaPaga, nome, cpf, nascimento, doenca, deficiencia, contratuais]: BeneficiarioArray,
  amount: (text: string) => Money = money,
  text: (text: string) => string = asRead,
): Beneficiario {
  const date = (d: string | null) => (d === null ? undefined : (text(d) as IsoDate));
  return {
    id,
    credorId,
    titularidade: text(titularidade) as Beneficiario['titularidade'],
    valorBrl: amount(valor),
    pagoBrl: amount(pago),
    superpreferenciaPagaBrl: amount(superpreferenciaPaga),
    nascimento: date(nascimento),
    doencaGraveDesde: date(doenca),
    deficienciaDesde: date(deficiencia),
    nome: nome ?? undefined,
    cpf: cpf ?? undefined,
    contratuais: contratuaisFromArray(contratuais),
  };
}

/** PostgreSQL prints timestamptz as '2024-04-02 10:15:00-03' (session zone America/Belem). */
export function courtTimestampFromDb(text: string): CourtTimestamp {
  const withMinutes = /[+-]\d{2}$/.test(text) ? `${text}:00` : text;
  const ts = toCourtTimestamp(withMinutes.replace(' ', 'T'));
  if (!ts) throw new Error(`timestamp inesperado do banco: ${text}`);
  return ts;
}

export function beneficiarioFromRow(row: BeneficiarioRow): Beneficiario {
  return {
    id: row.id,
    credorId: row.credor_id,
    titularidade: row.titularidade,
    valorBrl: money(row.valor),
    pagoBrl: money(row.pago),
    superpreferenciaPagaBrl: money(row.superpreferencia_paga),
    nascimento: (row.nascimento ?? undefined) as IsoDate | undefined,
    doencaGraveDesde: (row.doenca_grave_desde ?? undefined) as IsoDate | undefined,
    deficienciaDesde: (row.deficiencia_desde ?? undefined) as IsoDate | undefined,
    nome: row.nome ?? undefined,
    cpf: row.cpf ?? undefined,
    contratuais: contratuaisFromArray(row.contratuais),
    tax: taxFactsFromRow(row),
  };
}

export function precatorioFromRow(row: PrecatorioRow, beneficiarios: Beneficiario[], reader?: RowReader): Precatorio {
  const text = reader?.text ?? asRead;
  return {
    numero: row.numero,
    enteId: text(row.ente_id),
    regime: text(row.regime) as Precatorio['regime'],
    natureza: text(row.natureza) as Precatorio['natureza'],
    tributario: row.tributario,
    apresentacao: row.apresentado_em
      ? { kind: 'registrada', apresentadoEm: courtTimestampFromDb(row.apresentado_em) }
      : { kind: 'ordem-publicada', ordem: row.ordem_publicada!, budgetYear: row.orcamento_publicado! },
    expedidoEm: (row.expedido_em === null ? undefined : text(row.expedido_em)) as IsoDate | undefined,
    dataBase: (row.data_base === null ? undefined : text(row.data_base)) as YearMonth | undefined,
    valorRequisitadoBrl: (reader?.amount ?? money)(row.valor_requisitado),
    processoOrigem: row.processo_origem ?? undefined,
    status: text(row.status) as Precatorio['status'],
    ...(row.honorarios_sucumbenciais ? { honorariosSucumbenciais: true } : {}),
    beneficiarios,
  };
}

export interface RpvLawRow {
  valid_from: string;
  kind: RpvLaw['kind'];
  amount: string | null;
  legal_basis: string;
}

export function rpvLawsFromRows(rows: RpvLawRow[]): EnteDevedor['rpvLaws'] {
  if (rows.length === 0) return undefined;
  return timeline(
    rows.map(
      (r): Dated<RpvLaw> => ({
        validFrom: r.valid_from as IsoDate,
        legalBasis: r.legal_basis,
        value:
          r.kind === 'salarios-minimos'
            ? { kind: r.kind, multiple: new Dec(r.amount!) }
            : r.kind === 'valor-fixo'
              ? { kind: r.kind, amountBrl: money(r.amount!) }
              : { kind: 'teto-rgps' },
      }),
    ),
  );
}

export function rpvLawAmount(law: RpvLaw): string | null {
  return law.kind === 'salarios-minimos' ? law.multiple.toString() : law.kind === 'valor-fixo' ? law.amountBrl.toFixed(2) : null;
}

/**
 * What an event records of a precatório: the fields that explain its place and its balance — no
 * names, CPFs, birth or health dates (the log is read to explain positions).
 */
export function precatorioSnapshot(p: Precatorio): Record<string, unknown> {
  return {
    status: p.status,
    natureza: p.natureza,
    apresentacao: p.apresentacao,
    valorRequisitado: p.valorRequisitadoBrl.toFixed(2),
    beneficiarios: p.beneficiarios.map((b) => ({
      id: b.id,
      titularidade: b.titularidade,
      valor: b.valorBrl.toFixed(2),
      pago: b.pagoBrl.toFixed(2),
      superpreferenciaPaga: b.superpreferenciaPagaBrl.toFixed(2),
    })),
  };
}
