import { type IsoDate, type YearMonth, firstDayOf, isoDate, yearMonth } from '../domain/dates.ts';
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
  periodRuns,
} from '../domain/correction/periods.ts';
import { type Dated, type Timeline, timeline } from '../domain/rules/timeline.ts';
import { RATES_FILE, loadInterestRates } from '../rules/load-interest-rates.ts';
import { DEFAULT_RULES_DIR, loadRuleBook } from '../rules/load-rule-book.ts';
import { oneOf, readRuleRows } from '../rules/rule-rows.ts';

const CORRECTIONS: readonly PeriodCorrection[] = ['IPCA_E', 'TR', 'MIXED', 'SELIC', 'IPCA_2PCT'];
const INTERESTS: readonly PeriodInterest[] = ['PER_TITLE', 'POUPANCA', 'NONE'];
const GRACE: readonly GraceCorrection[] = ['IPCA_E', 'IPCA', 'TR', 'MIXED'];
const METHODS: readonly MixedMonthMethod[] = ['GM_NPM', 'BUSINESS_DAYS'];

const readRows = readRuleRows;

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
  const interestRates = loadInterestRates(dir);
  ec136RateConstantPerRun(tables, interestRates.ec136PctPerYear);
  return {
    tables,
    mixedMonthsPct: mixed,
    requisitionMoments: loadRuleBook(dir).requisitionMoments,
    interestRates,
    modulationLastDay: loadModulationLastDay(dir),
  };
}

const MODULATION_FILE = 'correction-modulation.csv';

/** R5.5: the one dated cut of the ADI 4357/4425 modulation, with its legal basis. */
export function loadModulationLastDay(dir: string = DEFAULT_RULES_DIR): IsoDate {
  const rows = readRows(dir, MODULATION_FILE);
  const row = rows[0];
  if (rows.length !== 1 || row?.['rule'] !== 'tr_modulation') throw new Error(`data/rules/${MODULATION_FILE}: esperada uma linha tr_modulation`);
  if (!row['legal_basis']) throw new Error(`data/rules/${MODULATION_FILE}: linha sem legal_basis`);
  return isoDate(row['last_day'] ?? '');
}

/**
 * The engine reads the EC 136 rate once per IPCA + 2 % period run (R5.10), so a rate change must
 * start a period row too; otherwise part of a run would get the wrong rate. Refused at load.
 */
function ec136RateConstantPerRun(tables: CorrectionRules['tables'], rates: Timeline<Dec>): void {
  for (const [name, table] of Object.entries(tables)) {
    for (const run of periodRuns(table)) {
      if (run.period.correction !== 'IPCA_2PCT') continue;
      const from = firstDayOf(run.first);
      if (rates[0]!.validFrom > from) throw new Error(`data/rules/${RATES_FILE}: ${name} tem IPCA + 2 % desde ${run.first} sem taxa ec136 vigente`);
      const inside = rates.find((r) => r.validFrom > from && (run.last === undefined || r.validFrom.slice(0, 7) <= run.last));
      if (inside)
        throw new Error(
          `data/rules/${RATES_FILE}: a taxa ec136 muda em ${inside.validFrom}, dentro de um período de ${name}; abra ali também uma linha em correction-periods.csv`,
        );
    }
  }
}
