import type { YearMonth } from '../dates.ts';
import { assert } from '../result.ts';
import type { FundingSchedule } from './funding.ts';
import { type Ledger, NEVER } from './ledger.ts';
import { TrancheHeap } from './tranche-heap.ts';
import { DEFAULT_LIQUIDATION_CONFIG } from '../liquidation/config.ts';
import { superpreferenceTrancheCents } from '../liquidation/superpreference.ts';
import { type AllocationBook, PAY, SKIP, STOP, walkAllocation } from '../queue/allocation-walk.ts';
import type { MonthTotals, SimulationEvent } from './types.ts';

/** Per-precatório outcome of the month loop, by list index. −1 = never within the horizon. */
export interface EnteRun {
  readonly firstPayment: Int32Array;
  readonly firstChronological: Int32Array;
  readonly fullPayment: Int32Array;
  readonly paidCents: Float64Array;
  readonly superpreferencePaidCents: Float64Array;
  readonly acordoPaidCents: Float64Array;
  readonly desagioCents: Float64Array;
  readonly acordoMonth: Int32Array;
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
  /**
   * R7.10: list index → per month, the share of the precatório's balance at the first month that
   * the chronological list may not pay (a CF §20 parcelamento's parcels not yet due). Absent: none.
   */
  readonly listHeldShare?: ReadonlyMap<number, Float64Array> | undefined;
  /** Called for every payment to a beneficiary (kind, beneficiary index k, centavos), in the order paid. */
  readonly onPayment?: ((t: number, kind: 'superpreferencia' | 'cronologica' | 'acordo', k: number, amountCents: number) => void) | undefined;
}

/**
 * The month loop of one ente (R3.8), the parent that owns all state (design §9):
 * 1. the month's chronological share joins what was left last month;
 * 2. the allocation walk the staff payment run takes too (queue/allocation-walk.ts): the
 *    superpreference tranches, in list order, each min(cap − already paid to the creditor,
 *    beneficiary's balance) (R3.3, R3.4), a tranche cut short by the money staying first in line;
 *    then the chronological list from the first open position, whole balances while the money
 *    lasts, then one partial payment shared pro rata among the beneficiaries; the precatório keeps
 *    its position (R2.8) and its remainder goes on growing;
 * 3. what is left stays in the account for next month;
 * 4. the acordo share goes to the acordo account, which calls the creditors in list order (R7.7,
 *    Lei PA 7.482/2010 art. 3º) under the named assumption that each accepts the expected deságio
 *    (`EnteFunding.acordoDesagio`): a beneficiary's whole balance is settled for balance × (1 −
 *    deságio), half-up to the centavo (domain/acordos.ts `acordoAmounts`), the rest renounced and
 *    never owed again (R7.7 2). The call stops at the first creditor the account cannot pay in full
 *    (R7.7: a credit is settled whole, art. 47 §1); the money waits for next month. An acordo never
 *    takes chronological money (R7.7 1), and a precatório all of whose beneficiaries settled leaves
 *    the list (R7.7 3): that is how acordos shorten the queue.
 * Conservation is asserted over the horizon for both accounts: what came in was paid or is still there.
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
  const acordoPaidCents = new Float64Array(n);
  const desagioCents = new Float64Array(n);
  const acordoMonth = new Int32Array(n).fill(-1);
  const keepBp = BigInt(10_000 - schedule.acordoDesagioBp);
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
  // The accounts' registered balances are there before the first month (EnteFunding.openingBalance).
  let carry = schedule.openingChronologicalCents;
  let open = 0;
  let totalIn = carry;
  let totalPaid = 0;
  let acordoCarry = schedule.openingAcordoCents;
  let acordoIn = acordoCarry;
  let acordoPaid = 0;
  const totals: MonthTotals[] = [];
  let startStock = 0;

  /** Beneficiary k's balance in month t: its units grown by its precatório's factor. */
  let t = 0;
  /** What the open precatórios are worth in month t (the stock, valued at this month's growth). */
  const stockValue = (): number => {
    let stock = 0;
    for (let g = 0; g < groupUnits.length; g++) stock += groupUnits[g]! * factors[g]![t]!;
    return stock;
  };
  const factorOf = (j: number): number => factors[growthGroup[j]!]![t]!;
  const owedOf = (k: number): number => Math.round(units[k]! * factorOf(benPrecatorio[k]!));
  /** Pays `amount` (≤ balance) to beneficiary k in month t. */
  const payBeneficiary = (k: number, amount: number): void => {
    const factor = factorOf(benPrecatorio[k]!);
    const left = Math.round(units[k]! * factor) - amount;
    const before = units[k]!;
    units[k] = left === 0 ? 0 : left / factor;
    groupUnits[growthGroup[benPrecatorio[k]!]!]! -= before - units[k]!;
  };
  const balanceOf = (j: number): number => {
    let total = 0;
    for (let k = benStart[j]!; k < benStart[j + 1]!; k++) total += owedOf(k);
    return total;
  };
  const settle = (j: number, amount: number, chronological: boolean, byAcordo = false) => {
    paidCents[j]! += amount;
    if (amount > 0 && firstPayment[j] === -1) firstPayment[j] = t;
    if (amount > 0 && chronological && firstChronological[j] === -1) firstChronological[j] = t;
    if (balanceOf(j) === 0) {
      fullPayment[j] = t;
      open--;
      event(t, 'quitacao', j, paidCents[j]!);
    } else if (chronological && amount > 0) {
      event(t, 'pagamento-parcial', j, amount);
    } else if (byAcordo) {
      event(t, 'acordo', j, amount);
    }
  };
  /** Step 4: the acordo account calls the open beneficiaries in list order; returns [paid, renounced]. */
  const callAcordos = (): [number, number] => {
    let paid = 0;
    let renounced = 0;
    for (let j = book.firstOpen(); j < n && acordoCarry > 0; j++) {
      const payable = book.payability(j);
      if (payable === STOP) break;
      if (payable === SKIP) continue;
      // Nothing owed (a zero credit) is settled as the list would settle it, and the call goes on.
      if (balanceOf(j) === 0) {
        settle(j, 0, false);
        continue;
      }
      for (let k = benStart[j]!; k < benStart[j + 1]!; k++) {
        const owed = owedOf(k);
        if (owed === 0) continue;
        const cost = Number((BigInt(owed) * keepBp + 5000n) / 10_000n);
        if (cost > acordoCarry) return [paid, renounced];
        payBeneficiary(k, owed);
        if (onPayment) onPayment(t, 'acordo', k, cost);
        acordoCarry -= cost;
        paid += cost;
        renounced += owed - cost;
        acordoPaidCents[j]! += cost;
        desagioCents[j]! += owed - cost;
        if (acordoMonth[j] === -1) acordoMonth[j] = t;
        settle(j, cost, false, true);
        if (fullPayment[j] !== -1) break;
      }
    }
    return [paid, renounced];
  };
  // R7.10: the held part of a parcelled beneficiary is its balance at the first month × the
  // month's held share, grown like the balance (each parcel earns correction and interest, R6.1);
  // the list pays only what is above it. Every other beneficiary: its whole balance.
  const listOwedOf = heldListOwed(
    input.listHeldShare,
    n,
    units,
    benPrecatorio,
    owedOf,
    (j) => factorOf(j),
    () => t,
  );
  const capKeyOf = (k: number): number => {
    const key = capKey[k]!;
    return key < 0 ? ledger.resolveCapKey(k) : key;
  };

  // The month's lists as the allocation walk (queue/allocation-walk.ts) reads them: the pending
  // tranches in the heap (R3.7 order), the chronological list from the first open position.
  const book: AllocationBook = {
    firstTranche: () => (heap.size > 0 ? heap.top() : -1),
    // R3.3, R3.4: min(cap − already paid to the creditor, balance); nothing once either is used up.
    trancheCents: (k) => {
      const balance = owedOf(k);
      return balance === 0 ? 0 : superpreferenceTrancheCents(capCents[t]!, capUsed[capKeyOf(k)]!, balance);
    },
    // Off the list for this cap: a creditor with a balance waits for a higher cap (see `parked`).
    closeTranche: (k) => {
      heap.pop();
      if (owedOf(k) > 0) parked.push(k);
    },
    payTranche: (k, pay) => {
      const j = benPrecatorio[k]!;
      payBeneficiary(k, pay);
      if (onPayment) onPayment(t, 'superpreferencia', k, pay);
      capUsed[capKeyOf(k)]! += pay;
      superpreferencePaidCents[j]! += pay;
      event(t, 'superpreferencia', j, pay);
      settle(j, pay, false);
    },
    benStart,
    precatorioCount: n,
    firstOpen: () => {
      while (head < n && (fullPayment[head] !== -1 || payableFrom[head] === NEVER)) head++;
      return head;
    },
    // A suspended precatório keeps its place but is skipped (R2.8): only a later payable date ends
    // the scan (`payableMonotone` ignores suspended ones).
    payability: (j) => {
      if (fullPayment[j] !== -1) return SKIP;
      const from = payableFrom[j]!;
      if (from <= t) return PAY;
      return ledger.payableMonotone && from !== NEVER ? STOP : SKIP;
    },
    owedCents: owedOf,
    listOwedCents: listOwedOf,
    payShare: (_j, k, amount) => {
      payBeneficiary(k, amount);
      if (onPayment) onPayment(t, 'cronologica', k, amount);
    },
    paidPrecatorio: (j, amount) => settle(j, amount, true),
  };

  for (; t < months; t++) {
    for (let i = byPresentation.start[t]!; i < byPresentation.start[t + 1]!; i++) {
      const j = byPresentation.items[i]!;
      for (let k = benStart[j]!; k < benStart[j + 1]!; k++) groupUnits[growthGroup[j]!]! += units[k]!;
      open++;
    }
    for (let i = byActivation.start[t]!; i < byActivation.start[t + 1]!; i++) heap.push(byActivation.items[i]!);
    // A higher cap (a new salário mínimo or RPV law) reopens creditors who had reached the old one.
    if (t > 0 && capCents[t]! > capCents[t - 1]!) for (const k of parked.splice(0)) heap.push(k);

    // R7.8: each January the EC 136 tier follows the stock in mora, which this run has been paying.
    if (schedule.reviseAtJanuary) {
      if (t === 0) startStock = stockValue();
      else if (monthText[t]!.endsWith('-01')) schedule.reviseAtJanuary(t, startStock > 0 ? stockValue() / startStock : 0);
    }
    const inflow = schedule.chronologicalCents[t]!;
    const available = carry + inflow;
    totalIn += inflow;
    // R3.8: the tranches, then the chronological list (the one walk the payment run takes too).
    const walked = walkAllocation(book, available, DEFAULT_LIQUIDATION_CONFIG.multiBeneficiaryPartial);
    const superPaid = walked.superpreferenceCents;
    const chronoPaid = walked.chronologicalCents;

    const unspent = walked.leftoverCents;
    if (!Number.isSafeInteger(available) || unspent < 0) assert(false, `mês ${monthText[t]}: saldo da conta inválido`);
    carry = unspent;
    totalPaid += superPaid + chronoPaid;
    acordoCarry += schedule.acordosCents[t]!;
    acordoIn += schedule.acordosCents[t]!;
    const [acordoPaidNow, renouncedNow] = callAcordos();
    acordoPaid += acordoPaidNow;
    const stock = stockValue();
    if (schedule.heldByCapCents[t]! > 0 && schedule.capReached[t] === 1) event(t, 'teto-ec136-atingido', -1, schedule.heldByCapCents[t]!);
    totals.push({
      month: monthText[t]!,
      inflowCents: schedule.inflowCents[t]!,
      heldByCapCents: schedule.heldByCapCents[t]!,
      acordosCents: schedule.acordosCents[t]!,
      acordoPaidCents: acordoPaidNow,
      desagioCents: renouncedNow,
      acordoUnspentCents: acordoCarry,
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
  assert(acordoPaid + acordoCarry === acordoIn, 'conta de acordos: entradas ≠ acordos pagos + saldo final (conservação no horizonte)');
  return {
    firstPayment,
    firstChronological,
    fullPayment,
    paidCents,
    superpreferencePaidCents,
    acordoPaidCents,
    desagioCents,
    acordoMonth,
    months: totals,
    events,
    eventsTruncated,
  };
}

/** `AllocationBook.listOwedCents` of the month loop: `owedOf` itself when nothing is held. */
function heldListOwed(
  held: ReadonlyMap<number, Float64Array> | undefined,
  n: number,
  units: Float64Array,
  benPrecatorio: Int32Array,
  owedOf: (k: number) => number,
  factorOf: (j: number) => number,
  month: () => number,
): (k: number) => number {
  if (!held || held.size === 0) return owedOf;
  const startUnits = Float64Array.from(units);
  const rowOf = new Int32Array(n).fill(-1);
  const rows: Float64Array[] = [];
  for (const [j, shares] of held) {
    rowOf[j] = rows.length;
    rows.push(shares);
  }
  return (k) => {
    const owed = owedOf(k);
    const j = benPrecatorio[k]!;
    const row = rowOf[j]!;
    if (row < 0 || owed === 0) return owed;
    const heldCents = Math.round(startUnits[k]! * rows[row]![month()]! * factorOf(j));
    return owed > heldCents ? owed - heldCents : 0;
  };
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
