import { isoDate } from '../domain/dates.ts';
import type { InterestRates } from '../domain/correction/periods.ts';
import { Dec } from '../domain/money.ts';
import { type Dated, timeline } from '../domain/rules/timeline.ts';
import { oneOf, readRuleRows } from './rule-rows.ts';

const readRows = readRuleRows;

export const RATES_FILE = 'correction-interest-rates.csv';
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
export function loadInterestRates(dir: string): InterestRates {
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
