/**
 * R6.5: the superpreference tranche of one creditor = min(L − already paid as superpreference,
 * owed on the liquidation date), never below zero. The cap is measured on the updated value, not
 * the face value (Res. 303 art. 9 §§4–5; TJAP `percentualPrioridade`). Already-paid tranches count
 * at what was paid. With no honorários contratuais registered, both `superprefCapBase` options
 * compare L with the gross owed, which is `owedCents` here.
 *
 * The one form of the rule, in integer centavos: the simulation's month loop asks it for every
 * tranche it reaches (a Decimal per tranche would cost more than the loop), and the lists of a
 * payment run or the live order ask it through `trancheAmount` (queue/superpreference.ts), which
 * converts at the edge.
 */
export function superpreferenceTrancheCents(limitCents: number, alreadyPaidCents: number, owedCents: number): number {
  return Math.max(0, Math.min(limitCents - alreadyPaidCents, owedCents));
}
