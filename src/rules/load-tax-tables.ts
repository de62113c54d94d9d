import { isoDate } from '../domain/dates.ts';
import { Dec, type Money, money } from '../domain/money.ts';
import { type IrrfBand, type IrrfMonthlyReduction, type IrrfTable, PJ_REGIMES, type PjRegime, type TaxTables, irrfTableProblem } from '../domain/rules/irrf.ts';
import { type Dated, type Timeline, timeline } from '../domain/rules/timeline.ts';
import { type RuleRow, readRuleRows } from './rule-rows.ts';

type Row = RuleRow;

const WHERE = '\u0000where';
const whereOf = (row: Row): string => row[WHERE]!;

/** Rows with `where` = file and line (header is line 1), so every message points at the row to fix. */
function readRows(dir: string, file: string): Row[] {
  return readRuleRows(dir, file).map((row, i) => ({ ...row, [WHERE]: `${file} linha ${i + 2}` }));
}

/** A tax table's value is law: one out of its range stops the load, naming the file, line and column. */
function amountOf(row: Row, column: string, where: string): Money {
  const text = row[column] ?? '';
  if (!/^\d+(\.\d{1,2})?$/.test(text)) throw new Error(`data/rules ${where}: ${column}: "${text}" não é um valor em reais (ex.: 2428.80)`);
  return money(text);
}

function rateOf(row: Row, column: string, where: string): Dec {
  const text = row[column] ?? '';
  if (!/^0(\.\d+)?$/.test(text)) throw new Error(`data/rules ${where}: ${column}: "${text}" não é uma alíquota de 0 a 1 (ex.: 0.275)`);
  return new Dec(text);
}

function basisOf(row: Row, where: string): string {
  const text = row['legal_basis'];
  if (!text?.trim()) throw new Error(`data/rules ${where}: legal_basis: vazio`);
  return text;
}

function datedRows<T>(rows: Row[], readValue: (row: Row, where: string) => T): Dated<T>[] {
  return rows.map((row) => {
    const where = whereOf(row);
    return { validFrom: isoDate(row['valid_from'] ?? ''), value: readValue(row, where), legalBasis: basisOf(row, where) };
  });
}

/** Bands sharing a valid_from form one table (R6.9); each table is checked for rising, continuous bands. */
function irrfMonthly(dir: string): Timeline<IrrfTable> {
  const file = 'irrf-monthly-bands.csv';
  const byStart = new Map<string, { bands: IrrfBand[]; basis: string }>();
  for (const row of readRows(dir, file)) {
    const where = whereOf(row);
    const start = isoDate(row['valid_from'] ?? '');
    const table = byStart.get(start) ?? { bands: [], basis: basisOf(row, where) };
    table.bands.push({
      upTo: row['up_to_brl'] === '' ? undefined : amountOf(row, 'up_to_brl', where),
      rate: rateOf(row, 'rate', where),
      deduction: amountOf(row, 'deduction_brl', where),
    });
    byStart.set(start, table);
  }
  return timeline(
    [...byStart].map(([start, { bands, basis }]) => {
      const problem = irrfTableProblem(bands);
      if (problem) throw new Error(`data/rules ${file}: tabela de ${start}: ${problem}`);
      return { validFrom: isoDate(start), value: bands, legalBasis: basis };
    }),
  );
}

function byKey<K extends string, T>(rows: Row[], readValue: (row: Row, where: string) => T): Map<K, Timeline<T>> {
  const groups = new Map<K, Row[]>();
  for (const row of rows) groups.set(row['regime'] as K, [...(groups.get(row['regime'] as K) ?? []), row]);
  return new Map([...groups].map(([k, list]) => [k, timeline(datedRows(list, readValue))]));
}

export function loadTaxTables(dir: string): TaxTables {
  const reductionFile = 'irrf-monthly-reduction.csv';
  const monthlyReduction = timeline(
    datedRows<IrrfMonthlyReduction>(readRows(dir, reductionFile), (row, where) => ({
      fullUpTo: amountOf(row, 'full_up_to_brl', where),
      fullMax: amountOf(row, 'full_max_brl', where),
      phaseOutUpTo: amountOf(row, 'phase_out_up_to_brl', where),
      phaseOutConstant: amountOf(row, 'phase_out_constant_brl', where),
      phaseOutRate: rateOf(row, 'phase_out_rate', where),
    })),
  );
  const descontoFile = 'irrf-desconto-simplificado.csv';
  const pjFile = 'irrf-pj-rates.csv';
  const pj = byKey<string, Dec>(readRows(dir, pjFile), (row, where) => rateOf(row, 'rate', where));
  const unknown = [...pj.keys()].find((k) => !(PJ_REGIMES as readonly string[]).includes(k));
  if (unknown) throw new Error(`data/rules ${pjFile}: regime: "${unknown}" não é um de ${PJ_REGIMES.join(', ')}`);
  const pjRates = Object.fromEntries(
    PJ_REGIMES.map((r) => {
      const rates = pj.get(r);
      if (!rates) throw new Error(`data/rules ${pjFile}: falta o regime ${r}`);
      return [r, rates];
    }),
  ) as Record<PjRegime, Timeline<Dec>>;
  const previdenciaFile = 'previdencia-rates.csv';
  return {
    irrfMonthly: irrfMonthly(dir),
    descontoSimplificado: timeline(datedRows(readRows(dir, descontoFile), (row, where) => amountOf(row, 'value_brl', where))),
    monthlyReduction,
    pjRates,
    previdenciaRates: byKey(readRows(dir, previdenciaFile), (row, where) => rateOf(row, 'rate', where)),
  };
}
