import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { type YearMonth, isoDate, yearMonth } from '../domain/dates.ts';
import { Dec } from '../domain/money.ts';
import {
  CORRECTION_TABLES,
  type CorrectionPeriod,
  type CorrectionRules,
  type CorrectionTableName,
  type GraceCorrection,
  type MixedMonthMethod,
  type PeriodCorrection,
  type PeriodInterest,
} from '../domain/correction/periods.ts';
import { type Dated, timeline } from '../domain/rules/timeline.ts';
import { DEFAULT_RULES_DIR, loadRuleBook } from '../rules/load-rule-book.ts';

type Row = Record<string, string>;

const CORRECTIONS: readonly PeriodCorrection[] = ['IPCA_E', 'TR', 'MIXED', 'SELIC', 'IPCA_2PCT'];
const INTERESTS: readonly PeriodInterest[] = ['PER_TITLE', 'POUPANCA', 'NONE'];
const GRACE: readonly GraceCorrection[] = ['IPCA_E', 'IPCA', 'TR', 'MIXED'];
const METHODS: readonly MixedMonthMethod[] = ['GM_NPM', 'BUSINESS_DAYS'];

function readRows(dir: string, file: string): Row[] {
  return parse(readFileSync(`${dir}/${file}`, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Row[];
}

function oneOf<T extends string>(allowed: readonly T[], text: string | undefined, what: string): T {
  if (text === undefined || !(allowed as readonly string[]).includes(text))
    throw new Error(`data/rules: ${what} inválido: "${text}" (aceitos: ${allowed.join(', ')})`);
  return text as T;
}

/**
 * The correction engine's dated rules (R5.3, R5.11): `correction-periods.csv` (one timeline per
 * kind of credit) and `correction-mixed-months.csv`, plus the requisition moments of the rule book.
 */
export function loadCorrectionRules(dir: string = DEFAULT_RULES_DIR): CorrectionRules {
  const byTable = new Map<CorrectionTableName, Dated<CorrectionPeriod>[]>();
  for (const row of readRows(dir, 'correction-periods.csv')) {
    const table = oneOf(CORRECTION_TABLES, row['table'], 'table');
    const validFrom = isoDate(row['valid_from']!);
    if (!validFrom.endsWith('-01')) throw new Error(`data/rules: ${table} ${validFrom}: os períodos começam no dia 1 (mês de taxa)`);
    const list = byTable.get(table) ?? [];
    list.push({
      validFrom,
      legalBasis: row['legal_basis']!,
      value: {
        correction: oneOf(CORRECTIONS, row['correction'], 'correction'),
        interest: oneOf(INTERESTS, row['interest'], 'interest'),
        graceCorrection: oneOf(GRACE, row['grace_correction'], 'grace_correction'),
        rule: row['rule']!,
      },
    });
    byTable.set(table, list);
  }
  const tables = Object.fromEntries(
    CORRECTION_TABLES.map((name) => {
      const rows = byTable.get(name);
      if (!rows) throw new Error(`data/rules/correction-periods.csv: falta a tabela ${name}`);
      return [name, timeline(rows)];
    }),
  ) as CorrectionRules['tables'];
  const mixed: Record<MixedMonthMethod, Map<YearMonth, Dec>> = { GM_NPM: new Map(), BUSINESS_DAYS: new Map() };
  for (const row of readRows(dir, 'correction-mixed-months.csv')) {
    if (!row['legal_basis']) throw new Error('data/rules/correction-mixed-months.csv: linha sem legal_basis');
    mixed[oneOf(METHODS, row['method'], 'method')].set(yearMonth(row['month']!), new Dec(row['rate_pct']!));
  }
  return { tables, mixedMonthsPct: mixed, requisitionMoments: loadRuleBook(dir).requisitionMoments };
}
