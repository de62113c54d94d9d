import { makeIsoDate } from '../dates.ts';
import { type Dec, type Money, ZERO, roundCents } from '../money.ts';
import type { RuleBook } from '../rule-book.ts';
import { ruleInForce } from './timeline.ts';

/**
 * R7.10 — parcelamento of large precatórios (CF art. 100 §20, EC 94/2016): a precatório worth more
 * than 15 % of the amount of the precatórios of its budget year is paid 15 % in that year and the
 * rest in equal parcels over the next five (or by acordo direto, R7.6). Pure: amounts in, schedule out.
 */

/** One row of data/rules/parcelamento-cf20.csv. */
export interface Cf20Rule {
  /** A precatório qualifies when its value is strictly above this share of the base (0.15). */
  readonly thresholdShare: Dec;
  /** The share paid in the budget year itself (0.15). */
  readonly entradaShare: Dec;
  /** Equal yearly parcels of the rest, in the years after (5). */
  readonly parcels: number;
}

export interface Cf20Candidate {
  readonly numero: string;
  readonly budgetYear: number;
  /** Its value as presented for the budget (R7.10 `budgetValue`; face value here [UNC]). */
  readonly valueBrl: Money;
}

export interface Cf20Parcel {
  readonly year: number;
  /** Before correction and mora interest, which each parcel earns up to its own payment (R6.1). */
  readonly amountBrl: Money;
  readonly kind: 'entrada' | 'parcela';
}

export interface Cf20Parcelamento {
  readonly numero: string;
  readonly budgetYear: number;
  readonly valueBrl: Money;
  /** base(Y): the year's precatórios plus the parcels of earlier parcelamentos due in Y (TJPR-DJ86 art. 26 §2). */
  readonly baseBrl: Money;
  readonly shareOfBase: Dec;
  readonly parcels: readonly Cf20Parcel[];
  readonly legalBasis: string;
}

/**
 * The §20 parcelamentos of one debtor's precatórios, budget year by budget year (oldest first, so
 * earlier parcels count in later bases). Amounts to the centavo: the entrada half-up, each later
 * parcel cut down, the last taking what is left — the parcels always sum to the value exactly
 * ([UNC] rounding; no source fixes it). Years before the rule (EC 94/2016) have none.
 */
export function cf20Parcelamentos(rules: RuleBook, candidates: readonly Cf20Candidate[]): Cf20Parcelamento[] {
  const byYear = new Map<number, Cf20Candidate[]>();
  for (const c of candidates) {
    const items = byYear.get(c.budgetYear);
    if (items) items.push(c);
    else byYear.set(c.budgetYear, [c]);
  }
  const dueByYear = new Map<number, Money>();
  const out: Cf20Parcelamento[] = [];
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    const rule = ruleInForce(rules.parcelamentoCf20, makeIsoDate(year, 1, 1));
    if (!rule) continue;
    const items = byYear.get(year)!;
    const base = items.reduce((sum, c) => sum.plus(c.valueBrl), dueByYear.get(year) ?? ZERO);
    if (!base.greaterThan(0)) continue;
    const limit = base.times(rule.value.thresholdShare);
    for (const c of items) {
      if (!c.valueBrl.greaterThan(limit)) continue;
      const parcels = scheduleOf(c.valueBrl, year, rule.value);
      for (const p of parcels) if (p.year > year) dueByYear.set(p.year, (dueByYear.get(p.year) ?? ZERO).plus(p.amountBrl));
      out.push({
        numero: c.numero,
        budgetYear: year,
        valueBrl: c.valueBrl,
        baseBrl: base,
        shareOfBase: c.valueBrl.dividedBy(base),
        parcels,
        legalBasis: rule.legalBasis,
      });
    }
  }
  return out;
}

function scheduleOf(value: Money, year: number, rule: Cf20Rule): Cf20Parcel[] {
  const entrada = roundCents(value.times(rule.entradaShare), 'half-up');
  const rest = value.minus(entrada);
  const each = roundCents(rest.dividedBy(rule.parcels), 'down');
  const parcels: Cf20Parcel[] = [{ year, amountBrl: entrada, kind: 'entrada' }];
  for (let k = 1; k <= rule.parcels; k++) {
    parcels.push({ year: year + k, amountBrl: k === rule.parcels ? rest.minus(each.times(rule.parcels - 1)) : each, kind: 'parcela' });
  }
  return parcels;
}

/**
 * R7.10 on a payment date: the share of a parcelled precatório's open balance that the
 * chronological list may not pay yet in `year` — its face value not yet due (the parcels of later
 * years) over its face value still open, within [0, 1]. Parcels of past years left unpaid are
 * payable at once, and what was paid beyond the parcels due counts ahead [UNC: the face-value
 * proportion stands for the updated parcels, each of which grows like the balance (R6.1)]. Applied
 * by the caller to the updated open balance, so correction and interest follow each parcel.
 */
export function cf20HeldShare(plan: Cf20Parcelamento, openFaceBrl: Money, year: number): number {
  if (!openFaceBrl.greaterThan(0)) return 0;
  const due = plan.parcels.reduce((sum, p) => (p.year <= year ? sum.plus(p.amountBrl) : sum), ZERO);
  const share = plan.valueBrl.minus(due).dividedBy(openFaceBrl);
  return share.greaterThanOrEqualTo(1) ? 1 : share.lessThanOrEqualTo(0) ? 0 : share.toNumber();
}
