import type { YearMonth } from '../dates.ts';
import { assert } from '../result.ts';
import type { FundingSchedule } from './funding.ts';
import { type Ledger, NEVER } from './ledger.ts';
import { superpreferenceTrancheCents } from '../liquidation/superpreference.ts';
import { TrancheHeap } from './tranche-heap.ts';
import type { MonthTotals, SimulationEvent } from './types.ts';

/** Per-precatório outcome of the month loop, by list index. −1 = never within the horizon. */
export interface EnteRun {
  readonly firstPayment: Int32Array;
  readonly firstChronological: Int32Array;
  readonly fullPayment: Int32Array;
  readonly paidCents: Float64Array;
  readonly superpreferencePaidCents: Float64Array;
  readonly months: MonthTotals[];
  readonly events: SimulationEvent[];
  readonly eventsTruncated: boolean;
}

export interface RunInput {
  readonly ledger: Ledger;
  readonly schedule: FundingSchedule;
  /** Superpreference cap per creditor in force at each month's run (R3.3), centavos. */
  readonly capCents: Float64Array;
  readonly monthText: readonly YearMonth[];
  readonly eventsMax: number;
  /** Called for every payment to a beneficiary (kind, beneficiary index k, centavos), in the order paid. */
  readonly onPayment?: ((t: number, kind: 'superpreferencia' | 'cronologica', k: number, amountCents: number) => void) | undefined;
}

/**
 * The month loop of one ente (R3.8), the parent that owns all state (design §9):
 * 1. the month's chronological share joins what was left last month;
 * 2. superpreference tranches, in list order, each min(cap − already paid to the creditor,
 *    beneficiary's balance) (R3.3, R3.4); a tranche cut short by the money stays first in line;
 * 3. the chronological list from the first open position: whole balances while the money lasts,
 *    then one partial payment shared pro rata among the beneficiaries; the precatório keeps its
 *    position (R2.8) and its remainder goes on growing;
 * 4. what is left stays in the account for next month.
 * Conservation is asserted every month: paid + unspent = available.
 */
export function runEnte(input: RunInput): EnteRun {
  const { ledger, schedule, capCents, monthText, onPayment } = input;
  const { n, benStart, payableFrom, growthGroup, factors, units, benPrecatorio, capKey, activation } = ledger;
  const months = monthText.length;
  const firstPayment = new Int32Array(n).fill(-1);
  const firstChronological = new Int32Array(n).fill(-1);
  const fullPayment = new Int32Array(n).fill(-1);
  const paidCents = new Float64Array(n);
  const superpreferencePaidCents = new Float64Array(n);
  const capUsed = Float64Array.from(ledger.capUsedCents);
  const events: SimulationEvent[] = [];
  let eventsTruncated = false;
  const event = (t: number, kind: SimulationEvent['kind'], j: number, amountCents: number) => {
    if (events.length < input.eventsMax) events.push({ month: monthText[t]!, kind, numero: j < 0 ? null : ledger.numeros[j]!, amountCents });
    else eventsTruncated = true;
  };

  // Units per growth group, to value the stock without visiting every precatório each month.
  const groupUnits = new Float64Array(factors.length);
  const byPresentation = bucketByMonth(ledger.presentedAt, months);
  const byActivation = bucketByMonth(activation, months);
  const heap = new TrancheHeap(units.length, ledger.trancheRank);
  const parked: number[] = [];
  let head = 0;
  let carry = 0;
  let open = 0;
  let totalIn = 0;
  let totalPaid = 0;
  const totals: MonthTotals[] = [];

  /** Pays `amount` (≤ balance) to beneficiary k at month t; returns the new balance. */
  const payBeneficiary = (k: number, balance: number, amount: number, factor: number): number => {
    const left = balance - amount;
    const before = units[k]!;
    units[k] = left === 0 ? 0 : left / factor;
    groupUnits[growthGroup[benPrecatorio[k]!]!]! -= before - units[k]!;
    return left;
  };
  const balanceOf = (j: number, t: number): number => {
    const factor = factors[growthGroup[j]!]![t]!;
    let total = 0;
    for (let k = benStart[j]!; k < benStart[j + 1]!; k++) total += Math.round(units[k]! * factor);
    return total;
  };
  const settle = (j: number, t: number, amount: number, chronological: boolean) => {
    paidCents[j]! += amount;
    if (amount > 0 && firstPayment[j] === -1) firstPayment[j] = t;
    if (amount > 0 && chronological && firstChronological[j] === -1) firstChronological[j] = t;
    if (balanceOf(j, t) === 0) {
      fullPayment[j] = t;
      open--;
      event(t, 'quitacao', j, paidCents[j]!);
    } else if (chronological) {
      event(t, 'pagamento-parcial', j, amount);
    }
  };

  for (let t = 0; t < months; t++) {
    for (let i = byPresentation.start[t]!; i < byPresentation.start[t + 1]!; i++) {
      const j = byPresentation.items[i]!;
      for (let k = benStart[j]!; k < benStart[j + 1]!; k++) groupUnits[growthGroup[j]!]! += units[k]!;
      open++;
    }
    for (let i = byActivation.start[t]!; i < byActivation.start[t + 1]!; i++) heap.push(byActivation.items[i]!);
    // A higher cap (a new salário mínimo or RPV law) reopens creditors who had reached the old one.
    if (t > 0 && capCents[t]! > capCents[t - 1]!) for (const k of parked.splice(0)) heap.push(k);

    const inflow = schedule.chronologicalCents[t]!;
    const available = carry + inflow;
    totalIn += inflow;
    let money = available;
    let superPaid = 0;
    let chronoPaid = 0;

    // R3.8 step 1: superpreference tranches.
    while (heap.size > 0 && money > 0) {
      const k = heap.top();
      const j = benPrecatorio[k]!;
      const factor = factors[growthGroup[j]!]![t]!;
      const balance = Math.round(units[k]! * factor);
      let key = capKey[k]!;
      if (key < 0) key = ledger.resolveCapKey(k);
      const capLeft = capCents[t]! - capUsed[key]!;
      if (balance === 0 || capLeft <= 0) {
        heap.pop();
        if (balance > 0) parked.push(k);
        continue;
      }
      const tranche = superpreferenceTrancheCents(capCents[t]!, capUsed[key]!, balance);
      const pay = Math.min(tranche, money);
      const left = payBeneficiary(k, balance, pay, factor);
      if (onPayment && pay > 0) onPayment(t, 'superpreferencia', k, pay);
      capUsed[key]! += pay;
      superpreferencePaidCents[j]! += pay;
      money -= pay;
      superPaid += pay;
      event(t, 'superpreferencia', j, pay);
      settle(j, t, pay, false);
      if (pay < tranche) break; // the money ran out: this tranche stays first in line
      heap.pop();
      if (left > 0) parked.push(k);
    }

    // R3.8 step 2: the chronological list, from the first open position.
    while (head < n && (fullPayment[head] !== -1 || payableFrom[head] === NEVER)) head++;
    for (let j = head; j < n && money > 0; j++) {
      if (fullPayment[j] !== -1) continue;
      if (payableFrom[j]! > t) {
        // A suspended precatório keeps its place but is skipped (R2.8): only a later payable date
        // ends the scan (`payableMonotone` ignores suspended ones).
        if (ledger.payableMonotone && payableFrom[j] !== NEVER) break;
        continue;
      }
      const factor = factors[growthGroup[j]!]![t]!;
      const balance = balanceOf(j, t);
      const pay = Math.min(balance, money);
      payPrecatorio(j, t, balance, pay, factor);
      money -= pay;
      chronoPaid += pay;
      settle(j, t, pay, true);
    }

    const unspent = money;
    if (!Number.isSafeInteger(available) || unspent < 0) assert(false, `mês ${monthText[t]}: saldo da conta inválido`);
    if (superPaid + chronoPaid + unspent !== available) assert(false, `mês ${monthText[t]}: pago + não gasto ≠ disponível (conservação)`);
    carry = unspent;
    totalPaid += superPaid + chronoPaid;
    let stock = 0;
    for (let g = 0; g < groupUnits.length; g++) stock += groupUnits[g]! * factors[g]![t]!;
    if (schedule.heldByCapCents[t]! > 0 && schedule.capReached.includes(t)) event(t, 'teto-ec136-atingido', -1, schedule.heldByCapCents[t]!);
    totals.push({
      month: monthText[t]!,
      inflowCents: schedule.inflowCents[t]!,
      heldByCapCents: schedule.heldByCapCents[t]!,
      acordosCents: schedule.acordosCents[t]!,
      availableCents: available,
      superpreferencePaidCents: superPaid,
      chronologicalPaidCents: chronoPaid,
      unspentCents: unspent,
      stockCents: Math.max(0, Math.round(stock)),
      openPrecatorios: open,
    });
  }
  // Over the whole horizon: everything that came in was paid or is still in the account.
  assert(totalPaid + carry === totalIn, 'entradas ≠ pagamentos + saldo final (conservação no horizonte)');
  return { firstPayment, firstChronological, fullPayment, paidCents, superpreferencePaidCents, months: totals, events, eventsTruncated };

  /** Whole balance, or a partial payment shared pro rata among the beneficiaries (largest remainder). */
  function payPrecatorio(j: number, t: number, balance: number, pay: number, factor: number): void {
    const first = benStart[j]!;
    const last = benStart[j + 1]!;
    if (pay === balance || last - first === 1) {
      for (let k = first; k < last; k++) {
        const b = Math.round(units[k]! * factor);
        const amount = pay === balance ? b : pay;
        payBeneficiary(k, b, amount, factor);
        if (onPayment && amount > 0) onPayment(t, 'cronologica', k, amount);
      }
      return;
    }
    // Pro rata in BigInt: balance × payment can pass 2^53. Leftover centavos go to the largest remainders.
    const balances: number[] = [];
    for (let k = first; k < last; k++) balances.push(Math.round(units[k]! * factor));
    const total = BigInt(balance);
    const exact = balances.map((b) => BigInt(b) * BigInt(pay));
    const shares = exact.map((e) => Number(e / total));
    let leftover = pay - shares.reduce((a, b) => a + b, 0);
    const order = exact
      .map((e, i) => ({ i, remainder: e % total }))
      .sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.i - b.i));
    for (const { i } of order) {
      if (leftover <= 0) break;
      if (shares[i]! < balances[i]!) {
        shares[i]!++;
        leftover--;
      }
    }
    assert(leftover === 0, `rateio do pagamento parcial de ${ledger.numeros[j]} não fechou`);
    for (let i = 0; i < balances.length; i++) {
      payBeneficiary(first + i, balances[i]!, shares[i]!, factor);
      if (onPayment && shares[i]! > 0) onPayment(t, 'cronologica', first + i, shares[i]!);
    }
  }
}

/** Indices grouped by month (counting sort); entries before month 0 go to 0, NEVER ones nowhere. */
function bucketByMonth(monthOf: Int32Array, months: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(months + 1);
  for (let i = 0; i < monthOf.length; i++) {
    const t = monthOf[i]!;
    if (t < months) start[Math.max(0, t) + 1]!++;
  }
  for (let t = 0; t < months; t++) start[t + 1]! += start[t]!;
  const next = start.slice(0, months);
  const items = new Int32Array(start[months]!);
  for (let i = 0; i < monthOf.length; i++) {
    const t = monthOf[i]!;
    if (t < months) items[next[Math.max(0, t)]!++] = i;
  }
  return { start, items };
}
