import type { IsoDate } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import { type Money, ZERO } from '../money.ts';
import { type Precatorio, saldoTotalSteps } from '../precatorio.ts';
import { assert } from '../result.ts';
import type { RuleBook } from '../rule-book.ts';
import { type Steps, pauseEvery, runToEnd } from '../steps.ts';
import { superpreferenceCap } from '../rules/rpv.ts';
import { superpreferenceAgeOn } from '../rules/superpreference-age.ts';
import { SORTED_RUN, type SortKey, compareSortKeys, orderQueueSteps, sortKeyOf } from './ordering.ts';
import {
  type ChronologicalEntry,
  DEFAULT_PAYMENT_ORDER_OPTIONS,
  type PaymentOrder,
  type PaymentOrderOptions,
  type SuperpreferenceTranche,
} from './payment-order.ts';
import { CapKeys } from '../simulation/ledger.ts';
import { type SuperpreferenceGround, agedOnMemo, eligibilityOf, trancheAmount } from './superpreference.ts';

/**
 * One debtor's payment order kept up to date as its precatórios change, for a server that serves
 * the lists while staff write (performance only). Whatever the history of updates, the result is
 * exactly `buildPaymentOrder` over the same precatórios (a property test checks it) — this module
 * only avoids redoing work whose inputs did not change:
 *
 * - the chronological order depends on each precatório's own sort key (R2.2; never the balance or
 *   the holder, R2.8), so unchanged precatórios keep their relative order and a changed one is
 *   taken out and put back where its key says (binary search);
 * - a superpreference tranche depends only on the creditor's cap key (R3.4, R3.6): what that
 *   creditor was already paid and the tranches granted before it in list order. Only the cap keys
 *   of changed precatórios are recomputed;
 * - the amount ahead of a position (R3.8) is a prefix sum: the part before the first changed entry
 *   is kept.
 *
 * Precatórios are immutable values: an update tells changed from unchanged by identity, so the
 * caller passes the same object for a precatório that did not change.
 */
export interface LiveOrder {
  readonly order: PaymentOrder;
  /** número → index in `order.chronological`. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** remaindersBefore[i] = Σ remainders of the entries before index i: the amount ahead in the chronological list (R3.8). */
  readonly remaindersBefore: readonly Money[];
  /** Σ of every superpreference tranche (paid before any remainder, R3.8). */
  readonly superpreferenceTotalBrl: Money;
  /** What the next update starts from; not for reading. */
  readonly memory: LiveOrderMemory;
}

/** A tranche as far as it depends on its precatório: the positions are added when the list is laid out. */
interface TrancheRecord {
  readonly beneficiaryIndex: number;
  readonly beneficiarioId: string;
  readonly ground: SuperpreferenceGround;
  readonly groundSince: IsoDate;
  readonly amountBrl: Money;
}

/**
 * One cap key's entry. Besides its members, it carries what one update needs per key (whether the
 * update touched it, and the cap already used under it): on a build every beneficiary is a key, and
 * each lookup in a map of 200 000 keys costs (issue 15 §3: a map of those two cost ~0.8 s of 1.3 s),
 * so an update looks a key up once and then holds its slot.
 */
interface CapSlot {
  readonly members: string[];
  /** The update (its token) that last touched this key; `used` belongs to that update only. */
  touchedBy: object | undefined;
  used: Money;
}

/** What an update must share with the order it starts from; when the debtor itself changes, it starts over. */
interface Basis {
  readonly ente: EnteDevedor;
  readonly runDate: IsoDate;
  readonly rules: RuleBook;
  readonly options: PaymentOrderOptions;
  readonly capBrl: Money;
  readonly includesNotYetDue: boolean;
  readonly runYear: number;
}

export interface LiveOrderMemory {
  readonly basis: Basis;
  /** Every precatório the order was built from, open or not (paid superpreference counts towards the cap, R3.4). */
  readonly precatorios: ReadonlyMap<string, Precatorio>;
  /**
   * Each cap key (R3.4, R3.6) as a small number: the same partition as capKeyOf's strings without
   * a string per beneficiary — a build of 200 000 creditors made and hashed 200 000 of them, the
   * costliest part of its cap step (issue 15 §3). Only grows; starting over starts a new one.
   */
  readonly capKeys: CapKeys;
  /** Cap key (capKeys) → the precatórios with a beneficiary under it (and an update's scratch, CapSlot). */
  readonly capMembers: Map<number, CapSlot>;
  /** número → its tranches, in beneficiary order (only precatórios that have some). */
  readonly tranches: Map<string, readonly TrancheRecord[]>;
  /**
   * The cap keys and the two maps above are handed on to the next order and changed there (copying
   * them would cost as much as the update): once an order was updated, updating it again starts over.
   */
  readonly spent: { value: boolean };
  readonly totalRemainderBrl: Money;
}

/** Above this many changed precatórios (and an eighth of the list), an update starts over. */
const MAX_PATCHED = 64;

/**
 * A debtor's precatórios: a list, or a map by número — taken as it is, not copied (so it must not
 * change afterwards), which spares a server a copy of a large debtor on every update.
 */
export type Precatorios = Iterable<Precatorio> | ReadonlyMap<string, Precatorio>;

/**
 * A build or update pauses (yields, domain/steps.ts) after about `stepSize` units of work
 * (beneficiaries or entries), so a caller can let other work run in between — one precatório of
 * 200 000 beneficiaries is half a second of work (issue 15 §3), and a server must keep answering
 * meanwhile. The domain stays pure: the caller decides what happens at a pause (app/payment-order-cache.ts
 * gives the event loop a turn); `runToEnd` runs it through at once. Between pauses an update has
 * already changed the memory of the order it started from (`spent`), which the next update sees.
 */
/** Work between two pauses of a stepped build, by default. */
export const STEP_SIZE = 4096;

/** The order of `precatorios` from nothing: equal to `buildPaymentOrder(precatorios, ente, runDate, rules, options)`. */
export function buildLiveOrder(
  precatorios: Precatorios,
  ente: EnteDevedor,
  runDate: IsoDate,
  rules: RuleBook,
  options: PaymentOrderOptions = DEFAULT_PAYMENT_ORDER_OPTIONS,
): LiveOrder {
  return runToEnd(buildLiveOrderSteps(precatorios, ente, runDate, rules, options, STEP_SIZE, Number.POSITIVE_INFINITY));
}

/**
 * The same build in steps: each `next()` does at most about `stepSize` units of work and the last one
 * returns the order (the same order as buildLiveOrder: the same code, run to the end at once
 * there). A server drives it with a turn of its event loop between steps, so building the list of
 * a debtor of 300 000 precatórios does not hold every request for seconds (issue 15 §3). Nothing
 * outside the generator is read or changed between steps but `precatorios`, which must not change.
 */
export function* buildLiveOrderSteps(
  precatorios: Precatorios,
  ente: EnteDevedor,
  runDate: IsoDate,
  rules: RuleBook,
  options: PaymentOrderOptions = DEFAULT_PAYMENT_ORDER_OPTIONS,
  stepSize = STEP_SIZE,
  /** Sorted at once before merging (ordering.ts orderQueueSteps); unbounded when run at once. */
  sortedRun = SORTED_RUN,
): Steps<LiveOrder> {
  const basis: Basis = {
    ente,
    runDate,
    rules,
    options,
    capBrl: superpreferenceCap(ente, runDate, rules),
    includesNotYetDue: options.superprefIncludesNotYetDue ?? ente.regime === 'especial',
    runYear: Number(runDate.slice(0, 4)),
  };
  return yield* advance(emptyOrder(basis), byNumero(precatorios), stepSize, sortedRun);
}

/**
 * The order of the debtor's precatórios as they are now, from the order of an earlier state (same
 * run date, rules and options): equal to `buildPaymentOrder(precatorios, ente, …)`.
 */
export function updateLiveOrder(previous: LiveOrder, precatorios: Precatorios, ente: EnteDevedor): LiveOrder {
  return runToEnd(updateLiveOrderSteps(previous, precatorios, ente, STEP_SIZE, Number.POSITIVE_INFINITY));
}

/** `updateLiveOrder`, in steps. */
export function* updateLiveOrderSteps(
  previous: LiveOrder,
  precatorios: Precatorios,
  ente: EnteDevedor,
  stepSize = STEP_SIZE,
  sortedRun = SORTED_RUN,
): Steps<LiveOrder> {
  const { basis } = previous.memory;
  // The debtor's own data (regime, RPV laws) moves the cap and the tranche rule: start over.
  if (ente !== basis.ente && JSON.stringify(ente) !== JSON.stringify(basis.ente)) {
    return yield* buildLiveOrderSteps(precatorios, ente, basis.runDate, basis.rules, basis.options, stepSize, sortedRun);
  }
  return yield* advance(previous, byNumero(precatorios), stepSize, sortedRun);
}

/** Each precatório under its número (checked, with its debtor, for every precatório that changed). */
function byNumero(precatorios: Precatorios): ReadonlyMap<string, Precatorio> {
  if (precatorios instanceof Map) return precatorios as ReadonlyMap<string, Precatorio>;
  const map = new Map<string, Precatorio>();
  for (const p of precatorios as Iterable<Precatorio>) {
    if (map.has(p.numero)) assert(false, `precatório ${p.numero} repetido na lista`);
    map.set(p.numero, p);
  }
  return map;
}

function emptyOrder(basis: Basis): LiveOrder {
  return {
    order: { enteId: basis.ente.id, runDate: basis.runDate, superpreferenceCapBrl: basis.capBrl, chronological: [], superpreference: [] },
    indexOf: new Map(),
    remaindersBefore: [],
    superpreferenceTotalBrl: ZERO,
    memory: {
      basis,
      precatorios: new Map(),
      capKeys: new CapKeys(basis.options.superprefScope),
      capMembers: new Map(),
      tranches: new Map(),
      spent: { value: false },
      totalRemainderBrl: ZERO,
    },
  };
}

const isOpen = (p: Precatorio) => p.status === 'ativo' || p.status === 'suspenso';

const sameRecord = (a: TrancheRecord | undefined, b: TrancheRecord | undefined) =>
  a !== undefined &&
  b !== undefined &&
  a.beneficiaryIndex === b.beneficiaryIndex &&
  a.beneficiarioId === b.beneficiarioId &&
  a.ground === b.ground &&
  a.groundSince === b.groundSince &&
  a.amountBrl.equals(b.amountBrl);

function* advance(previous: LiveOrder, next: ReadonlyMap<string, Precatorio>, stepSize: number, sortedRun: number): Steps<LiveOrder> {
  const { memory } = previous;
  // Every loop that can run over all beneficiaries or all entries counts them with `if (timeToPause()) yield;`.
  const timeToPause = pauseEvery(stepSize);
  const { basis } = memory;
  const changed = new Set<string>();
  for (const [numero, p] of next) {
    if (timeToPause()) yield;
    if (memory.precatorios.get(numero) === p) continue;
    if (p.numero !== numero) assert(false, `precatório ${p.numero} guardado sob o número ${numero}`);
    if (p.enteId !== basis.ente.id) assert(false, `precatório ${p.numero} não pertence ao ente ${basis.ente.id}`);
    changed.add(numero);
  }
  for (const numero of memory.precatorios.keys()) if (!next.has(numero)) changed.add(numero);
  if (changed.size === 0) return previous;
  if (memory.spent.value || (memory.precatorios.size > 0 && changed.size > Math.max(MAX_PATCHED, next.size / 8)))
    return yield* advance(emptyOrder(basis), next, stepSize, sortedRun);
  memory.spent.value = true;

  // 1. Chronological order. Usually (a payment, a grant) every changed precatório keeps its key and
  // stays open, or stays out: nobody moves. Otherwise unchanged entries keep their relative order
  // and the changed open ones go in where their key says.
  const old = previous.order.chronological;
  const freshKeys = new Map<string, SortKey>();
  const inPlace =
    memory.precatorios.size > 0 &&
    [...changed].every((numero) => {
      const at = previous.indexOf.get(numero);
      const p = next.get(numero);
      if (!p || !isOpen(p)) return at === undefined;
      if (at === undefined) return false;
      const key = sortKeyOf(p, basis.rules);
      freshKeys.set(numero, key);
      return compareSortKeys(key, old[at]!.key, basis.options) === 0;
    });
  let layout: readonly { readonly key: SortKey; readonly item: Precatorio }[] = old;
  let indexOf = previous.indexOf;
  if (!inPlace) {
    const kept = old.filter((e) => !changed.has(e.item.numero));
    const opened = [...changed].map((numero) => next.get(numero)).filter((p): p is Precatorio => p !== undefined && isOpen(p));
    const entering = yield* orderQueueSteps(opened, basis.rules, basis.options, sortedRun);
    const laid: { readonly key: SortKey; readonly item: Precatorio }[] = [];
    let from = 0;
    for (const e of entering) {
      if (timeToPause()) yield;
      const at = firstAfter(kept, e.key, from, basis.options);
      for (let i = from; i < at; i++) laid.push(kept[i]!);
      laid.push(e);
      from = at;
    }
    for (let i = from; i < kept.length; i++) laid.push(kept[i]!);
    layout = laid;
    const indices = new Map<string, number>();
    for (let i = 0; i < laid.length; i++) {
      if (timeToPause()) yield;
      indices.set(laid[i]!.item.numero, i);
    }
    indexOf = indices;
  }
  const keyAt = (index: number) => layout[index]!.key;
  const isDue = (numero: string): boolean => {
    const index = indexOf.get(numero);
    return index !== undefined && next.get(numero)!.status === 'ativo' && (basis.includesNotYetDue || keyAt(index).budgetYear <= basis.runYear);
  };

  // 2. Cap keys touched by a change, and who is under each now.
  const keysMemo = new Map<Precatorio, readonly number[]>();
  /** Each beneficiary's cap key, by beneficiary index (computed once per precatório and update, by `computeKeys`). */
  const keysOf = (p: Precatorio): readonly number[] => keysMemo.get(p)!;
  const { capKeys, capMembers } = memory;
  function* computeKeys(p: Precatorio): Steps<void> {
    if (keysMemo.has(p)) return;
    const keys: number[] = [];
    for (const b of p.beneficiarios) {
      keys.push(capKeys.idOf(p, b));
      if (timeToPause()) yield;
    }
    keysMemo.set(p, keys);
  }
  const slotOf = (key: number): CapSlot => {
    const slot = capMembers.get(key);
    if (slot) return slot;
    const created: CapSlot = { members: [], touchedBy: undefined, used: ZERO };
    capMembers.set(key, created);
    return created;
  };
  // Touched cap keys, in the order first touched; the cap already used under each is summed in
  // step 3 (slot.used, valid while slot.touchedBy is this update).
  const update = {};
  const touched: CapSlot[] = [];
  const touch = (slot: CapSlot): void => {
    if (slot.touchedBy === update) return;
    slot.touchedBy = update;
    slot.used = ZERO;
    touched.push(slot);
  };
  const isTouched = (slot: CapSlot | undefined): slot is CapSlot => slot?.touchedBy === update;
  /** Each beneficiary's cap slot, by beneficiary index (once per precatório and update). */
  const slotsMemo = new Map<Precatorio, readonly (CapSlot | undefined)[]>();
  function* slotsOf(p: Precatorio): Steps<readonly (CapSlot | undefined)[]> {
    const known = slotsMemo.get(p);
    if (known) return known;
    yield* computeKeys(p);
    const slots: (CapSlot | undefined)[] = [];
    for (const key of keysOf(p)) {
      slots.push(capMembers.get(key));
      if (timeToPause()) yield;
    }
    slotsMemo.set(p, slots);
    return slots;
  }
  const emptied: number[] = [];
  for (const numero of changed) {
    if (timeToPause()) yield;
    const before = memory.precatorios.get(numero);
    const after = next.get(numero);
    if (before) yield* computeKeys(before);
    if (after) yield* computeKeys(after);
    if (before)
      for (const key of new Set(keysOf(before))) {
        const slot = slotOf(key);
        touch(slot);
        const list = slot.members;
        const at = list.indexOf(numero);
        assert(at >= 0, `precatório ${numero} fora da chave de teto ${key}`);
        list.splice(at, 1);
        if (list.length === 0) emptied.push(key);
      }
    if (after) {
      const slots: CapSlot[] = [];
      for (const key of keysOf(after)) {
        // A new key's members start as this one (an array of one: a build makes one per creditor,
        // and `[]` then push reserves room for 17); a creditor with several shares in one
        // precatório puts its número in once.
        let slot = capMembers.get(key);
        if (slot === undefined) {
          slot = { members: [numero], touchedBy: undefined, used: ZERO };
          capMembers.set(key, slot);
        } else if (slot.members[slot.members.length - 1] !== numero) slot.members.push(numero);
        touch(slot);
        slots.push(slot);
        if (timeToPause()) yield;
      }
      slotsMemo.set(after, slots);
    }
  }
  for (const key of emptied) if (capMembers.get(key)?.members.length === 0) capMembers.delete(key);

  // 3. Tranches of the touched cap keys, as in buildPaymentOrder: start from what the creditor was
  // already paid as superpreference (every precatório, R3.4), then grant in list order (R3.7).
  // Cap keys are independent of each other, so every precatório under a touched key is read once
  // (its beneficiaries in order, each counted under its own key) rather than once per key: a
  // precatório of n creditors is n keys, and a pass per key cost n² (issue 15).
  const fresh = new Map<string, TrancheRecord[]>();
  const dirty = new Set(changed);
  const involved = new Set<string>();
  for (const slot of touched) {
    if (timeToPause()) yield;
    for (const numero of slot.members) involved.add(numero);
  }
  for (const numero of involved) {
    if (timeToPause()) yield;
    dirty.add(numero);
    const p = next.get(numero)!;
    const slots = yield* slotsOf(p);
    for (let i = 0; i < p.beneficiarios.length; i++) {
      const b = p.beneficiarios[i]!;
      const slot = slots[i];
      if (isTouched(slot) && !b.superpreferenciaPagaBrl.isZero()) slot.used = slot.used.plus(b.superpreferenciaPagaBrl);
      if (timeToPause()) yield;
    }
  }
  const ageYears = superpreferenceAgeOn(basis.rules, basis.runDate);
  const agedOn = agedOnMemo(ageYears);
  // In list order: by sorting the few involved, or — many (a build) — by reading the list in order.
  let due: string[] = [];
  if (involved.size > layout.length / 8) {
    for (const { item } of layout) {
      if (timeToPause()) yield;
      if (involved.has(item.numero) && isDue(item.numero)) due.push(item.numero);
    }
  } else due = [...involved].filter(isDue).sort((a, b) => indexOf.get(a)! - indexOf.get(b)!);
  for (const numero of due) {
    if (timeToPause()) yield;
    const p = next.get(numero)!;
    const slots = slotsMemo.get(p)!;
    const records: TrancheRecord[] = [];
    for (let beneficiaryIndex = 0; beneficiaryIndex < p.beneficiarios.length; beneficiaryIndex++) {
      if (timeToPause()) yield;
      const b = p.beneficiarios[beneficiaryIndex]!;
      const slot = slots[beneficiaryIndex];
      if (!isTouched(slot)) continue;
      const eligibility = eligibilityOf(p, b, basis.runDate, ageYears, agedOn);
      if (!eligibility.eligible) continue;
      const amountBrl = trancheAmount(b, basis.capBrl, slot.used);
      if (amountBrl.isZero()) continue;
      slot.used = slot.used.plus(amountBrl);
      records.push({ beneficiaryIndex, beneficiarioId: b.id, ground: eligibility.ground, groundSince: eligibility.since, amountBrl });
    }
    if (records.length > 0) fresh.set(numero, records);
  }

  // 4. Each dirty precatório's tranches: fresh for touched cap keys, kept for the others (an
  // unchanged precatório has the same beneficiaries, and an untouched cap key the same tranches).
  const { tranches } = memory;
  let superpreferenceTotalBrl = previous.superpreferenceTotalBrl;
  let tranchesMoved = !inPlace;
  const byBeneficiary = (records: readonly TrancheRecord[]) => new Map(records.map((r) => [r.beneficiaryIndex, r]));
  for (const numero of dirty) {
    if (timeToPause()) yield;
    const before = tranches.get(numero) ?? [];
    const p = next.get(numero);
    const records: TrancheRecord[] = [];
    if (p && isDue(numero)) {
      const mine = fresh.get(numero) ?? [];
      if (changed.has(numero)) for (const r of mine) records.push(r);
      else {
        const fromMine = byBeneficiary(mine);
        const kept = byBeneficiary(before);
        const slots = slotsMemo.get(p)!;
        for (let i = 0; i < p.beneficiarios.length; i++) {
          const record = (isTouched(slots[i]) ? fromMine : kept).get(i);
          if (record) records.push(record);
          if (timeToPause()) yield;
        }
      }
    }
    if (records.length === before.length && records.every((r, i) => sameRecord(r, before[i]))) continue;
    tranchesMoved = true;
    for (const r of before) superpreferenceTotalBrl = superpreferenceTotalBrl.minus(r.amountBrl);
    for (const r of records) {
      superpreferenceTotalBrl = superpreferenceTotalBrl.plus(r.amountBrl);
      if (timeToPause()) yield;
    }
    if (records.length > 0) tranches.set(numero, records);
    else tranches.delete(numero);
  }

  // 5. Entries: an unchanged entry whose tranches did not move is reused (with its new position if
  // it moved); in place, only the dirty ones are looked at.
  function* entryAt(index: number, current: ChronologicalEntry | undefined): Steps<ChronologicalEntry> {
    const { key, item } = layout[index]!;
    const numero = item.numero;
    const position = index + 1;
    if (current && !dirty.has(numero)) return current.position === position ? current : { ...current, position };
    let superpreferenceBrl = ZERO;
    for (const r of tranches.get(numero) ?? []) {
      superpreferenceBrl = superpreferenceBrl.plus(r.amountBrl);
      if (timeToPause()) yield;
    }
    if (current && !changed.has(numero) && superpreferenceBrl.equals(current.superpreferenceBrl)) {
      return current.position === position ? current : { ...current, position };
    }
    const p = next.get(numero)!;
    const saldoBrl = current && !changed.has(numero) ? current.saldoBrl : yield* saldoTotalSteps(p, timeToPause);
    return {
      position,
      key: inPlace && changed.has(numero) ? freshKeys.get(numero)! : key,
      item: p,
      saldoBrl,
      superpreferenceBrl,
      remainderBrl: saldoBrl.minus(superpreferenceBrl),
    };
  }
  let chronological: ChronologicalEntry[];
  let first: number;
  if (inPlace) {
    chronological = old.slice();
    first = chronological.length;
    for (const numero of dirty) {
      const index = indexOf.get(numero);
      if (index === undefined) continue;
      const entry = yield* entryAt(index, changed.has(numero) ? undefined : old[index]);
      if (entry === old[index]) continue;
      chronological[index] = entry;
      first = Math.min(first, index);
    }
  } else {
    // Unchanged slots are the previous entries themselves.
    chronological = [];
    for (let i = 0; i < layout.length; i++) {
      const slot = layout[i]!;
      chronological.push(yield* entryAt(i, changed.has(slot.item.numero) ? undefined : (slot as ChronologicalEntry)));
      if (timeToPause()) yield;
    }
    first = 0;
    while (first < chronological.length && first < old.length && chronological[first] === old[first]) first++;
  }

  // 6. The superpreference list, laid out in list order (or by grant date, stable) — unless no
  // tranche and no position moved.
  let superpreference = previous.order.superpreference;
  if (tranchesMoved) {
    const candidates: { -readonly [K in keyof SuperpreferenceTranche]: SuperpreferenceTranche[K] }[] = [];
    for (const e of chronological) {
      if (timeToPause()) yield;
      const records = tranches.get(e.item.numero);
      if (!records) continue;
      for (const r of records) {
        candidates.push({
          numero: e.item.numero,
          chronologicalPosition: e.position,
          budgetYear: e.key.budgetYear,
          beneficiarioId: r.beneficiarioId,
          ground: r.ground,
          groundSince: r.groundSince,
          amountBrl: r.amountBrl,
          position: 0,
        });
        if (timeToPause()) yield;
      }
    }
    if (basis.options.superprefOrder === 'BY_GRANT_DATE') {
      candidates.sort((a, b) => (a.groundSince < b.groundSince ? -1 : a.groundSince > b.groundSince ? 1 : 0));
    }
    for (let i = 0; i < candidates.length; i++) candidates[i]!.position = i + 1;
    superpreference = candidates;
  }

  // 7. Amounts ahead: entries before the first new one are the same objects, so their sums stand.
  const remaindersBefore = previous.remaindersBefore.slice(0, first);
  let acc = first < old.length ? previous.remaindersBefore[first]! : memory.totalRemainderBrl;
  for (let i = first; i < chronological.length; i++) {
    if (timeToPause()) yield;
    remaindersBefore.push(acc);
    acc = acc.plus(chronological[i]!.remainderBrl);
    if (timeToPause()) yield;
  }

  return {
    order: { enteId: basis.ente.id, runDate: basis.runDate, superpreferenceCapBrl: basis.capBrl, chronological, superpreference },
    indexOf,
    remaindersBefore,
    superpreferenceTotalBrl,
    memory: { basis, precatorios: next, capKeys, capMembers, tranches, spent: { value: false }, totalRemainderBrl: acc },
  };
}

/** The first index ≥ `from` whose entry sorts after `key` (entries sorted, keys distinct). */
function firstAfter(entries: readonly { readonly key: SortKey }[], key: SortKey, from: number, options: PaymentOrderOptions): number {
  let low = from;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareSortKeys(entries[mid]!.key, key, options) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
