import { fileURLToPath } from 'node:url';
import { isoDate, makeIsoDate } from '../domain/dates.ts';
import type { EnteDevedor, Esfera, Regime } from '../domain/ente.ts';
import { Dec, money } from '../domain/money.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import type { BudgetYearRule, RequisitionMoment } from '../domain/rules/budget-year.ts';
import type { RpvLaw } from '../domain/rules/rpv.ts';
import { type Dated, type Timeline, timeline } from '../domain/rules/timeline.ts';
import { loadInterestRates } from './load-interest-rates.ts';
import { loadTaxTables } from './load-tax-tables.ts';
import { type RuleRow, readRuleRows } from './rule-rows.ts';

/** The project's typed legal tables (data/rules). Tests and the CLI may pass another folder. */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../data/rules/', import.meta.url));

type Row = RuleRow;
const readRows = readRuleRows;

function monthDay(text: string): { month: number; day: number } {
  const [month, day] = text.split('-').map(Number);
  return { month: month!, day: day! };
}

/** A typed table's value is law: one out of its range stops the load, naming the file and column. */
function wholeNumberIn(text: string, where: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new Error(`data/rules ${where}: "${text}" não é um inteiro de ${min} a ${max}`);
  return value;
}

function fractionIn(text: string, where: string): InstanceType<typeof Dec> {
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(text)) throw new Error(`data/rules ${where}: "${text}" não é uma fração de 0 a 1`);
  return new Dec(text);
}

function nonEmpty(text: string | undefined, where: string): string {
  if (!text?.trim()) throw new Error(`data/rules ${where}: vazio`);
  return text;
}

function rpvLawOf(row: Row): RpvLaw {
  switch (row['kind']) {
    case 'salarios-minimos':
      return { kind: 'salarios-minimos', multiple: new Dec(row['amount']!) };
    case 'valor-fixo':
      return { kind: 'valor-fixo', amountBrl: money(row['amount']!) };
    case 'teto-rgps':
      return { kind: 'teto-rgps' };
    default:
      throw new Error(`tipo de lei de RPV desconhecido: ${row['kind']}`);
  }
}

function datedTimelines<K extends string, T>(rows: Row[], keyColumn: string, valueOfRow: (row: Row) => T): Map<K, Timeline<T>> {
  const byKey = new Map<K, Dated<T>[]>();
  for (const row of rows) {
    const key = row[keyColumn] as K;
    const list = byKey.get(key) ?? [];
    list.push({ validFrom: isoDate(row['valid_from']!), value: valueOfRow(row), legalBasis: row['legal_basis']! });
    byKey.set(key, list);
  }
  return new Map([...byKey].map(([k, v]) => [k, timeline(v)]));
}

export function loadRuleBook(dir: string = DEFAULT_RULES_DIR): RuleBook {
  const budgetYearRules = timeline<BudgetYearRule>(
    readRows(dir, 'budget-year-rules.csv').map((row) => ({
      validFrom: isoDate(row['valid_from']!),
      legalBasis: row['legal_basis']!,
      value:
        row['kind'] === 'fixed-budget-year'
          ? { kind: 'fixed-budget-year', budgetYear: Number(row['budget_year']) }
          : { kind: 'annual-cutoff', cutoffMonth: monthDay(row['cutoff_month_day']!).month, cutoffDay: monthDay(row['cutoff_month_day']!).day },
    })),
  );
  const requisitionMoments = timeline<RequisitionMoment>(
    readRows(dir, 'requisition-moments.csv').map((row) => ({
      validFrom: makeIsoDate(Number(row['first_budget_year']), 1, 1),
      legalBasis: row['legal_basis']!,
      value: monthDay(row['month_day']!),
    })),
  );
  const amounts = (file: string) =>
    timeline(readRows(dir, file).map((row) => ({ validFrom: isoDate(row['valid_from']!), value: money(row['value_brl']!), legalBasis: row['legal_basis']! })));
  const rpvDefaults = datedTimelines<Esfera, RpvLaw>(readRows(dir, 'rpv-defaults.csv'), 'esfera', rpvLawOf);
  const multipliers = datedTimelines<Regime, InstanceType<typeof Dec>>(
    readRows(dir, 'superpreference-multipliers.csv'),
    'regime',
    (row) => new Dec(row['multiplier']!),
  );
  const superpreferenceAgeYears = timeline(
    readRows(dir, 'superpreference-age.csv').map((row) => ({
      validFrom: isoDate(row['valid_from']!),
      value: wholeNumberIn(row['age_years']!, 'superpreference-age.csv: age_years', 1, 130),
      legalBasis: row['legal_basis']!,
    })),
  );
  const chronologicalShareMinimum = timeline(
    readRows(dir, 'chronological-share-minimum.csv').map((row) => ({
      validFrom: isoDate(row['valid_from']!),
      value: {
        share: fractionIn(row['minimum_share']!, 'chronological-share-minimum.csv: minimum_share'),
        citation: nonEmpty(row['citation'], 'chronological-share-minimum.csv: citation'),
      },
      legalBasis: row['legal_basis']!,
    })),
  );
  const parcelamentoCf20 = timeline(
    readRows(dir, 'parcelamento-cf20.csv').map((row) => ({
      validFrom: isoDate(row['valid_from']!),
      value: {
        thresholdShare: fractionIn(row['threshold_share']!, 'parcelamento-cf20.csv: threshold_share'),
        entradaShare: fractionIn(row['entrada_share']!, 'parcelamento-cf20.csv: entrada_share'),
        parcels: wholeNumberIn(row['parcels']!, 'parcelamento-cf20.csv: parcels', 1, 30),
      },
      legalBasis: nonEmpty(row['legal_basis'], 'parcelamento-cf20.csv: legal_basis'),
    })),
  );
  const need = <K, T>(map: Map<K, T>, key: K, what: string): T => {
    const found = map.get(key);
    if (!found) throw new Error(`data/rules: falta ${what} para ${String(key)}`);
    return found;
  };
  return {
    budgetYearRules,
    requisitionMoments,
    salarioMinimo: amounts('salario-minimo.csv'),
    tetoRgps: amounts('teto-rgps.csv'),
    rpvDefaults: {
      uniao: need(rpvDefaults, 'uniao', 'RPV padrão'),
      estadual: need(rpvDefaults, 'estadual', 'RPV padrão'),
      municipal: need(rpvDefaults, 'municipal', 'RPV padrão'),
    },
    superpreferenceMultipliers: { geral: need(multipliers, 'geral', 'múltiplo'), especial: need(multipliers, 'especial', 'múltiplo') },
    superpreferenceAgeYears,
    chronologicalShareMinimum,
    tax: loadTaxTables(dir),
    ec136InterestPctPerYear: loadInterestRates(dir).ec136PctPerYear,
    parcelamentoCf20,
  };
}

/** RPV laws per ente id (data/rules/rpv-laws.csv). */
export function loadRpvLaws(dir: string = DEFAULT_RULES_DIR): Map<string, Timeline<RpvLaw>> {
  return datedTimelines<string, RpvLaw>(readRows(dir, 'rpv-laws.csv'), 'ente_id', rpvLawOf);
}

/** Attaches each ente's own RPV laws, when the rules folder has them. */
export function withRpvLaws(entes: readonly EnteDevedor[], laws: Map<string, Timeline<RpvLaw>>): EnteDevedor[] {
  return entes.map((e) => ({ ...e, rpvLaws: laws.get(e.id) ?? e.rpvLaws }));
}
