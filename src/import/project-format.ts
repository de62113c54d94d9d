import type { EnteDevedor, Esfera, Regime } from '../domain/ente.ts';
import { type Money, ZERO } from '../domain/money.ts';
import type { Beneficiario, Natureza, Precatorio, StatusPrecatorio, Titularidade } from '../domain/precatorio.ts';
import type { SupportedDates } from '../domain/supported-dates.ts';
import { validatePrecatorio } from '../domain/validate-precatorio.ts';
import type { HonorariosContratuais } from '../domain/precatorio.ts';
import {
  parseBoolean,
  parseCpf,
  parseNumero,
  parseChoice,
  parseDate,
  parseNonNegativeAmount,
  parsePercentFraction,
  parseTimestamp,
  parseYearMonth,
} from './fields.ts';
import { RowReader } from './row-reader.ts';
import { readTaxFacts } from './tax-fact-columns.ts';
import { type CsvRecord, type RowError, cellOf } from './types.ts';

/** Precatório columns after the ente's; with `ente_id`, every row of one número repeats them (`HEADER_FIELDS`). */
const PRECATORIO_COLUMNS = [
  'regime',
  'natureza',
  'tributario',
  'apresentado_em',
  'expedido_em',
  'data_base',
  'valor_requisitado',
  'status',
  'processo_origem',
] as const;

/**
 * The project's own CSV format: one row per beneficiary (optional tax-fact columns:
 * PROJECT_TAX_COLUMNS, import/tax-fact-columns.ts); rows with the same `numero` form one
 * precatório and must agree on every precatório column. Documented in README ("Formato CSV").
 */
export const PROJECT_COLUMNS = [
  'numero',
  'ente_id',
  'ente_nome',
  'esfera',
  ...PRECATORIO_COLUMNS,
  'beneficiario_id',
  'credor_id',
  'titularidade',
  'valor_beneficiario',
  'pago',
  'superpreferencia_paga',
  'nascimento',
  'doenca_grave_desde',
  'deficiencia_desde',
  'nome',
  'cpf',
] as const;

/**
 * Optional columns of the same format, read when the header has them: the titular's honorários
 * contratuais destacados (R6.14) — a percentage or an amount of this beneficiary's share — and the
 * lawyer (PF or a sociedade de advogados, PJ), whose name and document are personal data; and
 * `honorarios_sucumbenciais` (sim/não, R6.15), a precatório-level flag: the row is the lawyer's own
 * requisition, alimentar by SV 47.
 */
export const HONORARIOS_COLUMNS = [
  'honorarios_sucumbenciais',
  'honorarios_contratuais_percentual',
  'honorarios_contratuais_valor',
  'advogado_tipo',
  'advogado_nome',
  'advogado_documento',
] as const;

export const PROJECT_REQUIRED = ['numero', 'ente_id', 'esfera', 'regime', 'natureza', 'apresentado_em', 'valor_requisitado'] as const;

const NATUREZA: Record<string, Natureza> = { alimentar: 'alimentar', alimenticia: 'alimentar', comum: 'comum' };
const REGIME: Record<string, Regime> = { geral: 'geral', especial: 'especial' };
const ESFERA: Record<string, Esfera> = {
  uniao: 'uniao',
  federal: 'uniao',
  estadual: 'estadual',
  estado: 'estadual',
  municipal: 'municipal',
  municipio: 'municipal',
};
const STATUS: Record<string, StatusPrecatorio> = { ativo: 'ativo', suspenso: 'suspenso', pago: 'pago', cancelado: 'cancelado' };
const TITULARIDADE: Record<string, Titularidade> = { originario: 'originario', herdeiro: 'herdeiro', cessionario: 'cessionario' };

const parseNatureza = (t: string) => parseChoice(t, NATUREZA, 'uma natureza');
const parseRegime = (t: string) => parseChoice(t, REGIME, 'um regime');
const parseEsfera = (t: string) => parseChoice(t, ESFERA, 'uma esfera');
const parseStatus = (t: string) => parseChoice(t, STATUS, 'um status');
const parseTitularidade = (t: string) => parseChoice(t, TITULARIDADE, 'uma titularidade');
const ADVOGADO_TIPO: Record<string, 'PF' | 'PJ'> = { pf: 'PF', PF: 'PF', pj: 'PJ', PJ: 'PJ', 'sociedade de advogados': 'PJ' };
const parseCnpjDigits = (t: string) => {
  const digits = t.replace(/[.\-/\s]/g, '');
  return /^\d{14}$/.test(digits) ? ({ ok: true, value: digits } as const) : ({ ok: false, error: 'CNPJ deve ter 14 dígitos' } as const);
};
const parseAdvogadoTipo = (t: string) => parseChoice(t, ADVOGADO_TIPO, 'um tipo de advogado');

/** R6.14 destaque of one row: percentage xor amount, with the lawyer's type; each bad cell reported by name. */
function readContratuais(r: RowReader, valorBeneficiario: Money | undefined): HonorariosContratuais | undefined {
  const pct = r.optional('honorarios_contratuais_percentual', parsePercentFraction);
  const valor = r.optional('honorarios_contratuais_valor', parseNonNegativeAmount);
  const tipo = r.optional('advogado_tipo', parseAdvogadoTipo);
  const given = r.cell('honorarios_contratuais_percentual').trim() !== '' || r.cell('honorarios_contratuais_valor').trim() !== '';
  if (!given) {
    for (const field of ['advogado_tipo', 'advogado_nome', 'advogado_documento'] as const)
      if (r.cell(field).trim() !== '') r.fail(field, 'advogado informado sem honorários contratuais (percentual ou valor)');
    return undefined;
  }
  if (r.cell('honorarios_contratuais_percentual').trim() !== '' && r.cell('honorarios_contratuais_valor').trim() !== '') {
    r.fail('honorarios_contratuais_valor', 'informe o percentual ou o valor dos honorários contratuais, não os dois');
    return undefined;
  }
  if (r.cell('advogado_tipo').trim() === '')
    r.fail('advogado_tipo', 'honorários contratuais exigem o tipo do advogado (PF ou PJ), que decide a retenção (R6.14)');
  if (valor && (valor.isZero() || (valorBeneficiario && valor.greaterThanOrEqualTo(valorBeneficiario)))) {
    r.fail('honorarios_contratuais_valor', 'o valor dos honorários contratuais deve ser maior que zero e menor que o valor do beneficiário');
  }
  // A PF lawyer's document is a CPF (check digits); a sociedade's a CNPJ (14 digits).
  const documento = tipo === 'PJ' ? r.optional('advogado_documento', parseCnpjDigits) : r.optional('advogado_documento', parseCpf);
  if (!tipo || (!pct && !valor)) return undefined;
  return {
    destaque: pct ? { kind: 'percentual', share: pct } : { kind: 'valor', amountBrl: valor! },
    advogado: { tipo, nome: r.cell('advogado_nome').trim() || undefined, documento },
  };
}

interface ParsedRow {
  readonly line: number;
  readonly precatorio: Omit<Precatorio, 'beneficiarios'>;
  readonly ente: EnteDevedor;
  readonly beneficiario: Beneficiario;
}

/** Parses one row; every bad field is reported, not only the first. */
export function parseProjectRow(record: CsvRecord): { row?: ParsedRow; errors: RowError[] } {
  const r = new RowReader(record);
  for (const name of PROJECT_REQUIRED) {
    if (r.cell(name).trim() === '') r.fail(name, 'campo obrigatório vazio');
  }
  if (r.errors.length > 0) return { errors: r.errors };

  const numero = r.cell('numero').trim();
  r.field('numero', parseNumero);
  const enteId = r.cell('ente_id').trim();
  const natureza = r.field('natureza', parseNatureza);
  const regime = r.field('regime', parseRegime);
  const esfera = r.field('esfera', parseEsfera);
  const tributario = r.field('tributario', parseBoolean);
  const apresentadoEm = r.field('apresentado_em', parseTimestamp);
  const expedidoEm = r.optional('expedido_em', parseDate);
  const dataBase = r.optional('data_base', parseYearMonth);
  const valorRequisitado = r.field('valor_requisitado', parseNonNegativeAmount);
  const status = r.cell('status').trim() === '' ? 'ativo' : r.field('status', parseStatus);
  const titularidade = r.cell('titularidade').trim() === '' ? 'originario' : r.field('titularidade', parseTitularidade);
  const valorBeneficiario = r.cell('valor_beneficiario').trim() === '' ? valorRequisitado : r.field('valor_beneficiario', parseNonNegativeAmount);
  const pago = r.optional('pago', parseNonNegativeAmount) ?? ZERO;
  const superpreferenciaPaga = r.optional('superpreferencia_paga', parseNonNegativeAmount) ?? ZERO;
  const nascimento = r.optional('nascimento', parseDate);
  const doencaGraveDesde = r.optional('doenca_grave_desde', parseDate);
  const deficienciaDesde = r.optional('deficiencia_desde', parseDate);
  const cpf = r.optional('cpf', parseCpf);
  const contratuais = readContratuais(r, valorBeneficiario);
  const sucumbenciais = r.optional('honorarios_sucumbenciais', parseBoolean) === true;
  if (sucumbenciais && natureza !== undefined && natureza !== 'alimentar')
    r.fail('honorarios_sucumbenciais', 'honorários sucumbenciais são verba alimentar (SV 47, R6.15): a natureza do precatório deve ser alimentar');
  const tax = readTaxFacts(r, valorBeneficiario);
  if (r.errors.length > 0) return { errors: r.errors };

  const beneficiarioId = r.cell('beneficiario_id').trim() || `${numero}#1`;
  return {
    errors: r.errors,
    row: {
      line: record.line,
      ente: { id: enteId, nome: r.cell('ente_nome').trim() || enteId, esfera: esfera!, regime: regime! },
      precatorio: {
        numero,
        enteId,
        regime: regime!,
        natureza: natureza!,
        tributario: tributario!,
        apresentacao: { kind: 'registrada', apresentadoEm: apresentadoEm! },
        expedidoEm,
        dataBase,
        valorRequisitadoBrl: valorRequisitado!,
        status: status!,
        processoOrigem: r.cell('processo_origem').trim() || undefined,
        ...(sucumbenciais ? { honorariosSucumbenciais: true } : {}),
      },
      beneficiario: {
        id: beneficiarioId,
        credorId: r.cell('credor_id').trim() || beneficiarioId,
        titularidade: titularidade!,
        valorBrl: valorBeneficiario!,
        pagoBrl: pago,
        superpreferenciaPagaBrl: superpreferenciaPaga,
        nascimento,
        doencaGraveDesde,
        deficienciaDesde,
        nome: r.cell('nome').trim() || undefined,
        cpf,
        contratuais,
        tax,
      },
    },
  };
}

/** Precatório-level columns that every row of one número must repeat identically. */
const HEADER_FIELDS = ['ente_id', ...PRECATORIO_COLUMNS, 'honorarios_sucumbenciais'] as const;

/** One precatório's rows while they are being read. */
interface OpenGroup {
  readonly numero: string;
  readonly first: CsvRecord;
  readonly rows: ParsedRow[];
  failed: boolean;
}

/**
 * Streams rows into precatórios. Rows of one número must be consecutive (court exports list a
 * precatório's creditors together): a group closes when the número changes, is validated whole, and
 * comes out as a precatório or as rejected rows — a precatório with any bad row is rejected with
 * all its rows, so nothing is half-imported. A número that comes back after its group closed makes
 * the whole file unusable (`NonConsecutiveRowsError`): guessing would risk a half-written precatório.
 */
export class ProjectAssembler {
  /** `dates`: the ranges supported on the import's day (supported-dates.ts); rows outside are refused. */
  constructor(private readonly dates: SupportedDates) {}

  readonly #closed = new Map<string, number>();
  readonly #entes = new Map<string, EnteDevedor>();
  #open: OpenGroup | undefined;

  /**
   * Adds a row; returns what it completed (the previous group) and any rejected rows. A row the
   * CSV reader could not read (`unreadable`: wrong cell count, control character) fails its group
   * with those errors, like a bad field.
   */
  add(record: CsvRecord, unreadable?: readonly RowError[]): { precatorios: Precatorio[]; rejected: RowError[] } {
    const numero = cellOf(record, 'numero').trim();
    const out = numero === this.#open?.numero ? { precatorios: [], rejected: [] } : this.#close();
    const firstLine = this.#closed.get(numero);
    if (firstLine !== undefined && numero !== '') throw new NonConsecutiveRowsError(numero, firstLine, record.line);
    this.#open ??= { numero, first: record, rows: [], failed: false };
    const group = this.#open;
    const { row, errors } = unreadable ? { row: undefined, errors: unreadable } : parseProjectRow(record);
    if (!row) {
      out.rejected.push(...errors);
      group.failed = true;
      return out;
    }
    // The group's first row is its own reference: nothing to compare.
    const mismatch = record === group.first ? undefined : HEADER_FIELDS.find((name) => cellOf(record, name).trim() !== cellOf(group.first, name).trim());
    const known = this.#entes.get(row.ente.id);
    if (mismatch) {
      out.rejected.push({ line: record.line, field: mismatch, reason: `difere da linha ${group.first.line} do mesmo precatório ${numero}` });
      group.failed = true;
    } else if (known && (known.esfera !== row.ente.esfera || known.regime !== row.ente.regime)) {
      out.rejected.push({ line: record.line, field: 'ente_id', reason: `ente ${row.ente.id} declarado com esfera/regime diferentes em outra linha` });
      group.failed = true;
    } else {
      this.#entes.set(row.ente.id, known ?? row.ente);
      group.rows.push(row);
    }
    return out;
  }

  /** Closes the last group at the end of the file. */
  finish(): { precatorios: Precatorio[]; rejected: RowError[] } {
    return this.#close();
  }

  entes(): EnteDevedor[] {
    return [...this.#entes.values()];
  }

  #close(): { precatorios: Precatorio[]; rejected: RowError[] } {
    const group = this.#open;
    this.#open = undefined;
    const out: { precatorios: Precatorio[]; rejected: RowError[] } = { precatorios: [], rejected: [] };
    if (!group) return out;
    if (group.numero !== '') this.#closed.set(group.numero, group.first.line);
    if (group.failed) {
      for (const row of group.rows)
        out.rejected.push({ line: row.line, field: 'numero', reason: `precatório ${group.numero} rejeitado por erro em outra linha` });
      return out;
    }
    const first = group.rows[0];
    if (!first) return out;
    const valid = validatePrecatorio({ ...first.precatorio, beneficiarios: group.rows.map((r) => r.beneficiario) }, this.dates);
    if (valid.ok) out.precatorios.push(valid.value);
    else for (const e of valid.error) out.rejected.push(rowErrorOf(e, group.rows));
    return out;
  }
}

/** The CSV column of each beneficiary field the validator names. */
const BENEFICIARY_COLUMN: Record<string, string> = { id: 'beneficiario_id', valor: 'valor_beneficiario' };

/** A validation error on the line and column it comes from: `beneficiarios[i].x` is row i's column x. */
function rowErrorOf(e: { field: string; reason: string }, rows: readonly ParsedRow[]): RowError {
  const m = /^beneficiarios\[(\d+)\]\.(.+)$/.exec(e.field);
  const row = m ? rows[Number(m[1])] : undefined;
  if (!m || !row) return { line: rows[0]!.line, field: e.field, reason: e.reason };
  return { line: row.line, field: BENEFICIARY_COLUMN[m[2]!] ?? m[2]!, reason: e.reason };
}

export class NonConsecutiveRowsError extends Error {
  constructor(numero: string, firstLine: number, line: number) {
    super(`as linhas do precatório ${numero} não são consecutivas (linha ${firstLine} e linha ${line}): ordene o arquivo por número; nada foi importado`);
    this.name = 'NonConsecutiveRowsError';
  }
}

/** All rows at once (tests and small files): the same assembler, collected. */
export function assembleProjectRows(
  records: readonly CsvRecord[],
  dates: SupportedDates,
): { precatorios: Precatorio[]; entes: EnteDevedor[]; rejected: RowError[] } {
  const assembler = new ProjectAssembler(dates);
  const precatorios: Precatorio[] = [];
  const rejected: RowError[] = [];
  for (const record of [...records, undefined]) {
    const out = record ? assembler.add(record) : assembler.finish();
    precatorios.push(...out.precatorios);
    rejected.push(...out.rejected);
  }
  return { precatorios, entes: assembler.entes(), rejected: rejected.sort((a, b) => a.line - b.line) };
}
