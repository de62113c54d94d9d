import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { type YearMonth, firstDayOf, isoDate, yearMonth } from '../domain/dates.ts';
import { Dec } from '../domain/money.ts';
import {
  CORRECTION_TABLES,
  type CorrectionPeriod,
  type CorrectionRules,
  type CorrectionTableName,
  type GraceCorrection,
  type InterestRates,
  type MixedMonthMethod,
  type PeriodCorrection,
  type PeriodInterest,
  periodRuns,
} from '../domain/correction/periods.ts';
import { type Dated, type Timeline, timeline } from '../domain/rules/timeline.ts';
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
  const interestRates = loadInterestRates(dir);
  ec136RateConstantPerRun(tables, interestRates.ec136PctPerYear);
  return { tables, mixedMonthsPct: mixed, requisitionMoments: loadRuleBook(dir).requisitionMoments, interestRates };
}

const RATES_FILE = 'correction-interest-rates.csv';
/** Which unit the law states each rate in (R5.7: "ao mês"; R5.10: "ao ano"). */
const RATE_UNITS = { juros_poupanca: 'a.m.', ec136: 'a.a.' } as const;
type RateName = keyof typeof RATE_UNITS;

/** A percent the law may fix: positive, below 100, plain decimal (a 100× trap is refused, design §4). */
function pctOf(text: string, where: string): Dec {
  if (!/^\d{1,2}(\.\d+)?$/.test(text) || new Dec(text).isZero())
    throw new Error(`data/rules/${RATES_FILE} ${where}: "${text}" não é um percentual entre 0 e 100`);
  return new Dec(text);
}

/** R5.7 and R5.10 rates as dated rows; an empty `pct` means "from published series" (poupança only). */
export function loadInterestRates(dir: string = DEFAULT_RULES_DIR): InterestRates {
  const byRate: Record<RateName, Dated<Dec | undefined>[]> = { juros_poupanca: [], ec136: [] };
  for (const [i, row] of readRows(dir, RATES_FILE).entries()) {
    const where = `linha ${i + 2}`;
    const rate = oneOf(Object.keys(RATE_UNITS) as RateName[], row['rate'], 'rate');
    const pctText = row['pct'] ?? '';
    if (pctText === '' && rate !== 'juros_poupanca') throw new Error(`data/rules/${RATES_FILE} ${where}: ${rate} precisa de pct`);
    if (pctText !== '' && row['unit'] !== RATE_UNITS[rate])
      throw new Error(`data/rules/${RATES_FILE} ${where}: unidade "${row['unit']}" para ${rate} (a lei fixa em ${RATE_UNITS[rate]})`);
    byRate[rate].push({
      validFrom: isoDate(row['valid_from']!),
      legalBasis: row['legal_basis'] ?? '',
      value: pctText === '' ? undefined : pctOf(pctText, where),
    });
  }
  const ec136 = byRate.ec136;
  if (ec136.some((r) => r.value === undefined)) throw new Error(`data/rules/${RATES_FILE}: ec136 sem pct`);
  return { jurosPoupancaPctPerMonth: timeline(byRate.juros_poupanca), ec136PctPerYear: timeline(ec136 as Dated<Dec>[]) };
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
