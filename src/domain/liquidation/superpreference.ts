import { type Money, ZERO, maxMoney, minMoney } from '../money.ts';

/**
 * R6.5: the superpreference tranche of one creditor = min(L − already paid as superpreference,
 * owed on the liquidation date). The cap is measured on the updated value, not the face value
 * (Res. 303 art. 9 §§4–5; TJAP `percentualPrioridade`). Already-paid tranches count at what was paid.
 * With no honorários contratuais registered, both `superprefCapBase` options compare L with the
 * gross owed, which is `owedBrl` here.
 */
export function superpreferenceTranche(limitBrl: Money, alreadyPaidBrl: Money, owedBrl: Money): Money {
  return maxMoney(ZERO, minMoney(limitBrl.minus(alreadyPaidBrl), owedBrl));
}

/**
 * The same rule R6.5 in integer centavos, for the simulation's month loop (a Decimal per tranche
 * would cost more than the loop): the first simulated month pays what `superpreferenceTranche`
 * gives a payment run on that date (test/app/simulation-first-month.contract.test.ts).
 */
export function superpreferenceTrancheCents(limitCents: number, alreadyPaidCents: number, owedCents: number): number {
  return Math.max(0, Math.min(limitCents - alreadyPaidCents, owedCents));
}
