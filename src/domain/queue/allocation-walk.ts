import type { LiquidationConfig } from '../liquidation/config.ts';
import { shareAmongBeneficiaries } from '../liquidation/share.ts';
import { assert } from '../result.ts';

/**
 * The one implementation of how money available on a date is spent on one debtor's lists (R3.8),
 * shared by the staff payment run (`planPaymentRun`) and every month of the simulation
 * (`runEnte`). Amounts are integer centavos in JS numbers (each caller converts at its edge; every
 * amount and sum stays below 2^53, so the arithmetic is exact):
 *
 * 1. the superpreference tranches, in the R3.7 order the book keeps, each paid up to what the book
 *    says it pays in full (R3.3, R6.5: `superpreferenceTrancheCents` on the owed of the date); a
 *    tranche the money cuts short stays first in line and ends the walk;
 * 2. only when every tranche is paid in full, the chronological list (R2.2) from the first open
 *    position: each payable precatório's whole open balance while the money lasts — or what the
 *    list may pay of it on this date (`listOwedCents`: a CF §20 parcelamento, R7.10, holds back the
 *    parcels not yet due, and the walk goes on to the next one) — then one partial payment shared
 *    among its beneficiaries as R6.4 `multiBeneficiaryPartial` says; the precatório keeps its
 *    position (R2.8, R2.9). Suspended or not yet due precatórios keep their place and are skipped;
 * 3. what is left is returned: it stays with the debtor (the simulation carries it to next month).
 *
 * The walk holds no state of its own: it reads the lists through the book and reports each payment
 * to it, and the book keeps the balances (a payment run: one array; the simulation: its ledger's
 * units grown month by month). Laws: test/properties/allocation-walk.prop.test.ts.
 */
export interface AllocationBook {
  /** Beneficiary index of the first pending superpreference tranche, or −1 when none is left. */
  firstTranche(): number;
  /** What the first tranche pays in full now, 0 ≤ amount ≤ `owedCents(k)`; 0 means nothing left to pay it. */
  trancheCents(k: number): number;
  /** The first tranche is over on this date (paid in full, or nothing to pay): take it off the list. */
  closeTranche(k: number): void;
  /** Records a superpreference payment to beneficiary k; its balance drops by the amount. */
  payTranche(k: number, amountCents: number): void;
  /** Precatórios in list order: the beneficiaries of precatório j are the indices [benStart[j], benStart[j+1]). */
  readonly benStart: ArrayLike<number>;
  readonly precatorioCount: number;
  /** First position the chronological list may reach (every earlier one is settled or never payable). */
  firstOpen(): number;
  /** Whether the chronological list pays precatório j on this date: PAY, SKIP (keeps its place), or STOP (no later one is payable). */
  payability(j: number): Payability;
  /** Beneficiary k's open balance now, after what this walk already paid it. */
  owedCents(k: number): number;
  /**
   * What the chronological list may pay beneficiary k now, 0 ≤ amount ≤ `owedCents(k)`: the whole
   * balance, except for a precatório in a CF §20 parcelamento (R7.10), whose parcels not yet due
   * stay owed but are not payable by the list on this date.
   */
  listOwedCents(k: number): number;
  /** Records a chronological payment (> 0) to beneficiary k of precatório j; its balance drops by the amount. */
  payShare(j: number, k: number, amountCents: number): void;
  /** Called once per payable precatório reached, after its shares, with what it got (0 when it was owed nothing). */
  paidPrecatorio(j: number, amountCents: number): void;
}

export const PAY = 0;
export const SKIP = 1;
export const STOP = 2;
export type Payability = typeof PAY | typeof SKIP | typeof STOP;

export interface AllocationTotals {
  readonly superpreferenceCents: number;
  readonly chronologicalCents: number;
  /** available − paid: what the lists could not take. */
  readonly leftoverCents: number;
}

export function walkAllocation(
  book: AllocationBook,
  availableCents: number,
  multiBeneficiaryPartial: LiquidationConfig['multiBeneficiaryPartial'],
): AllocationTotals {
  if (!Number.isSafeInteger(availableCents) || availableCents < 0) assert(false, `valor disponível inválido: ${availableCents} centavos`);
  let money = availableCents;

  // Step 1 (R3.8): the tranches, in the superpreference list's order.
  let superpreferenceCents = 0;
  while (money > 0) {
    const k = book.firstTranche();
    if (k < 0) break;
    const tranche = book.trancheCents(k);
    if (tranche > book.owedCents(k)) assert(false, `parcela superpreferencial acima do saldo (beneficiário ${k})`);
    if (tranche <= 0) {
      book.closeTranche(k);
      continue;
    }
    const pay = tranche < money ? tranche : money;
    book.payTranche(k, pay);
    money -= pay;
    superpreferenceCents += pay;
    if (pay < tranche) break; // the money ran out: this tranche stays first in line
    book.closeTranche(k);
  }

  // Step 2: the chronological list, reached only with money left, so after every tranche in full.
  let chronologicalCents = 0;
  const { benStart, precatorioCount } = book;
  for (let j = book.firstOpen(); j < precatorioCount && money > 0; j++) {
    const payability = book.payability(j);
    if (payability === STOP) break;
    if (payability === SKIP) continue;
    const first = benStart[j]!;
    const end = benStart[j + 1]!;
    let balance = 0;
    for (let k = first; k < end; k++) balance += book.listOwedCents(k);
    let paid = 0;
    if (balance <= money) {
      for (let k = first; k < end; k++) {
        const owed = book.listOwedCents(k);
        if (owed > 0) book.payShare(j, k, owed);
      }
      paid = balance;
    } else {
      // R6.4 / R2.9: the last precatório reached is paid in part, shared among its beneficiaries.
      const owed: number[] = [];
      for (let k = first; k < end; k++) owed.push(book.listOwedCents(k));
      const shares = shareAmongBeneficiaries(money, owed, multiBeneficiaryPartial);
      for (let i = 0; i < shares.length; i++) {
        const share = shares[i]!;
        if (share > owed[i]!) assert(false, `rateio acima do saldo do beneficiário ${first + i}`);
        if (share > 0) book.payShare(j, first + i, share);
        paid += share;
      }
      if (paid !== money) assert(false, 'rateio do pagamento parcial não fechou');
    }
    money -= paid;
    chronologicalCents += paid;
    book.paidPrecatorio(j, paid);
  }
  // Conservation (R3.8) holds by construction: every centavo taken from `money` went to one payment.
  return { superpreferenceCents, chronologicalCents, leftoverCents: money };
}
