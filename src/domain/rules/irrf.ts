import { Dec, type Money, ZERO, maxMoney, minMoney, roundCents } from '../money.ts';
import type { Timeline } from './timeline.ts';

/** One band of the monthly IRPF table: income up to `upTo` (undefined = no upper limit) pays `rate` minus `deduction`. */
export interface IrrfBand {
  readonly upTo: Money | undefined;
  readonly rate: Dec;
  readonly deduction: Money;
}

/** The monthly progressive table in force from a date (R6.9): bands by increasing limit, the last one open. */
export type IrrfTable = readonly IrrfBand[];

/** Lei 15.270/2025 monthly reduction (R6.9, O6.3): full up to one limit, phasing out linearly up to another. */
export interface IrrfMonthlyReduction {
  readonly fullUpTo: Money;
  readonly fullMax: Money;
  readonly phaseOutUpTo: Money;
  readonly phaseOutConstant: Money;
  readonly phaseOutRate: Dec;
}

/**
 * The tax of `base` under `table` with every limit and deduction multiplied by `months` — the RRA
 * table of L7713 art. 12-A §1 (R6.8); months = 1 is the plain monthly table. TJAP rounds the product
 * base × rate half-up to the cent, then subtracts the deduction; a fractional NM (R6.8 partial
 * payments) makes the deduction non-cent, so the difference is rounded half-up again. Never below 0.
 */
export function progressiveTax(base: Money, table: IrrfTable, months: Dec): Money {
  if (base.lessThanOrEqualTo(0)) return ZERO;
  const band = table.find((b) => b.upTo === undefined || base.lessThanOrEqualTo(b.upTo.times(months)));
  if (!band) throw new Error('tabela do IRRF sem faixa aberta no topo');
  const tax = roundCents(base.times(band.rate), 'half-up').minus(band.deduction.times(months));
  return maxMoney(ZERO, roundCents(tax, 'half-up'));
}

/**
 * The Lei 15.270 reduction on a tax already computed (R6.9): `income` is the rendimentos tributáveis
 * of the month (× months when a court chooses to scale it for RRA, `MULTIPLY_BY_NM`). The reduction
 * never exceeds the tax: it brings the tax to zero at most.
 */
export function monthlyReduction(tax: Money, income: Money, rule: IrrfMonthlyReduction, months: Dec): Money {
  if (income.lessThanOrEqualTo(rule.fullUpTo.times(months))) return minMoney(tax, rule.fullMax.times(months));
  if (income.greaterThan(rule.phaseOutUpTo.times(months))) return ZERO;
  const phased = roundCents(rule.phaseOutConstant.times(months).minus(income.times(rule.phaseOutRate)), 'half-up');
  return minMoney(tax, maxMoney(ZERO, phased));
}

/**
 * A typed table is law: bands must rise, rates must rise, only the last band is open, and each
 * deduction must keep the tax continuous at the limit below it (d_k = d_{k−1} + (r_k − r_{k−1}) × L_{k−1},
 * within one cent — the RFB rounds, e.g. 908,73 for 908,724). Returns the first problem, in Portuguese.
 */
export function irrfTableProblem(table: IrrfTable): string | undefined {
  if (table.length < 2) return 'a tabela precisa de ao menos duas faixas';
  const first = table[0]!;
  if (!first.rate.isZero() || !first.deduction.isZero()) return 'a primeira faixa deve ser isenta (alíquota e dedução zero)';
  for (let i = 0; i < table.length; i++) {
    const band = table[i]!;
    const open = band.upTo === undefined;
    if (open !== (i === table.length - 1)) return `faixa ${i + 1}: só a última faixa fica sem limite superior`;
    if (band.rate.isNegative() || band.rate.greaterThanOrEqualTo(1)) return `faixa ${i + 1}: alíquota ${band.rate} fora de [0, 1)`;
    if (i === 0) continue;
    const below = table[i - 1]!;
    if (!open && !band.upTo!.greaterThan(below.upTo!)) return `faixa ${i + 1}: limite ${band.upTo} não é maior que o anterior`;
    if (!band.rate.greaterThan(below.rate)) return `faixa ${i + 1}: alíquota não cresce`;
    const expected = below.deduction.plus(band.rate.minus(below.rate).times(below.upTo!));
    if (band.deduction.minus(expected).abs().greaterThan(new Dec('0.01'))) {
      return `faixa ${i + 1}: dedução ${band.deduction.toFixed(2)} descontínua (esperado ${expected.toFixed(2)} ± 0,01)`;
    }
  }
  return undefined;
}

/** PJ regimes of R6.7 with a flat rate on the gross. */
export const PJ_REGIMES = ['PJ_SERVICOS', 'PJ_CESSAO', 'PJ_LUCRO', 'PJ_SIMPLES'] as const;
export type PjRegime = (typeof PJ_REGIMES)[number];

/** Every dated tax table the withholding reads (data/rules/irrf-*.csv, previdencia-rates.csv). */
export interface TaxTables {
  /** Monthly progressive IRPF table by payment month (R6.9). */
  readonly irrfMonthly: Timeline<IrrfTable>;
  /** Monthly desconto simplificado (R6.9); not used for RRA (R6.8). */
  readonly descontoSimplificado: Timeline<Money>;
  /** Lei 15.270 reduction; no row in force before 01/2026 means no reduction. */
  readonly monthlyReduction: Timeline<IrrfMonthlyReduction>;
  /** Flat PJ rates (R6.7). */
  readonly pjRates: Readonly<Record<PjRegime, Timeline<Dec>>>;
  /** Fallback previdência rate by social-security regime id (R6.12, [UNC]). */
  readonly previdenciaRates: ReadonlyMap<string, Timeline<Dec>>;
}
