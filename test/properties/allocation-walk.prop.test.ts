// Goal: the one allocation walk (src/domain/queue/allocation-walk.ts) that the staff payment run and
// every month of the simulation take obeys the rules of R3.8 by itself, whoever keeps the lists:
// conservation to the centavo; nobody paid above what they are owed; the tranches first, in order,
// only the last one reached cut short; the chronological list reached only after every tranche in
// full, nobody later paid while an earlier payable one stays open, skipped ones paid nothing, a STOP
// ending the list; a partial payment shared as R6.4 says; the list never paying a held part (a CF
// §20 parcelamento's parcels not yet due, R7.10) and going on past it.
// Method: fast-check over plain lists (1–8 precatórios, 1–3 beneficiaries, owed up to R$ 100 bilhões
// so pro rata products pass 2^53, tranches on any beneficiaries in any order, a held part on some
// beneficiaries) kept by a book of
// plain arrays written here, independent of both callers; each law is named in words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AllocationBook, PAY, type Payability, SKIP, STOP, walkAllocation } from '../../src/domain/queue/allocation-walk.ts';

interface Lists {
  /** Owed per beneficiary, precatórios in list order. */
  readonly owed: number[][];
  readonly payability: Payability[];
  /** (beneficiary index, amount paid in full), in list order; amount ≤ owed. */
  readonly tranches: { k: number; amount: number }[];
  /** Per beneficiary (flat), the part of its balance the list may not pay (R7.10); mostly 0. */
  readonly held: number[];
  readonly available: number;
  readonly mode: 'PRO_RATA_OWED' | 'ORDER_OF_LISTING';
}

const owedArb = fc.oneof(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 1e13 }));
const listsArb: fc.Arbitrary<Lists> = fc
  .array(fc.record({ owed: fc.array(owedArb, { minLength: 1, maxLength: 3 }), payability: fc.constantFrom<Payability>(PAY, PAY, PAY, SKIP, STOP) }), {
    minLength: 1,
    maxLength: 8,
  })
  .chain((ps) => {
    const owed = ps.map((p) => p.owed);
    const flat = owed.flat();
    return fc.record({
      owed: fc.constant(owed),
      payability: fc.constant(ps.map((p) => p.payability)),
      held: fc.tuple(...flat.map((o) => fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: o }) }))),
      tranches: fc
        .shuffledSubarray(
          flat.map((_, k) => k),
          { maxLength: Math.min(4, flat.length) },
        )
        .chain((ks) => fc.tuple(...ks.map((k) => fc.integer({ min: 0, max: flat[k]! }).map((amount) => ({ k, amount }))))),
      // A share (in basis points) of everything owed: nothing, a part of a tranche, more than all.
      available: fc.integer({ min: 0, max: 12_000 }).map((bp) => Math.floor((flat.reduce((a, b) => a + b, 0) * bp) / 10_000)),
      mode: fc.constantFrom('PRO_RATA_OWED' as const, 'ORDER_OF_LISTING' as const),
    });
  });

interface Paid {
  readonly kind: 'tranche' | 'share';
  readonly j: number;
  readonly k: number;
  readonly amount: number;
}

/** A book of plain arrays: what the walk reads, and every payment it reports. */
function walk(lists: Lists) {
  const benStart = [0];
  for (const bs of lists.owed) benStart.push(benStart.at(-1)! + bs.length);
  const precatorioOf = lists.owed.flatMap((bs, j) => bs.map(() => j));
  const balance = lists.owed.flat();
  const paid: Paid[] = [];
  const reached: number[] = [];
  let next = 0;
  const book: AllocationBook = {
    firstTranche: () => (next < lists.tranches.length ? lists.tranches[next]!.k : -1),
    trancheCents: (k) => Math.min(lists.tranches[next]!.amount, balance[k]!),
    closeTranche: () => next++,
    payTranche: (k, amount) => {
      balance[k]! -= amount;
      paid.push({ kind: 'tranche', j: precatorioOf[k]!, k, amount });
    },
    benStart,
    precatorioCount: lists.owed.length,
    firstOpen: () => 0,
    payability: (j) => lists.payability[j]!,
    owedCents: (k) => balance[k]!,
    listOwedCents: (k) => Math.max(0, balance[k]! - lists.held[k]!),
    payShare: (j, k, amount) => {
      balance[k]! -= amount;
      paid.push({ kind: 'share', j, k, amount });
    },
    paidPrecatorio: (j) => reached.push(j),
  };
  const totals = walkAllocation(book, lists.available, lists.mode);
  return { totals, paid, balance, reached, benStart };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
/** What the list may still pay beneficiary k: its balance above the held part. */
const listOpen = (lists: Lists, balance: readonly number[], k: number) => Math.max(0, balance[k]! - lists.held[k]!);
const RUNS = { numRuns: 400 };

describe('laws of the allocation walk (R3.8, R2.8, R6.4)', () => {
  it('conserves money: paid + left over = available to the centavo; paid = min(available, what the lists take)', () => {
    let exhausted = 0;
    let leftover = 0;
    fc.assert(
      fc.property(listsArb, (lists) => {
        const { totals, paid } = walk(lists);
        const paidTotal = sum(paid.map((p) => p.amount));
        expect(totals.superpreferenceCents + totals.chronologicalCents).toBe(paidTotal);
        expect(paidTotal + totals.leftoverCents).toBe(lists.available);
        // What the lists take with unlimited money: each tranche, then of each payable beneficiary
        // before a STOP what is above its held part once its tranche is paid.
        const stop = lists.payability.indexOf(STOP);
        const precatorioOf = lists.owed.flatMap((bs, j) => bs.map(() => j));
        const takes = sum(
          lists.owed.flat().map((owed, k) => {
            const j = precatorioOf[k]!;
            const tranche = lists.tranches.find((t) => t.k === k)?.amount ?? 0;
            const listed = lists.payability[j] === PAY && (stop < 0 || j < stop);
            return tranche + (listed ? Math.max(0, owed - tranche - lists.held[k]!) : 0);
          }),
        );
        expect(paidTotal).toBe(Math.min(lists.available, takes));
        if (totals.leftoverCents === 0 && paidTotal > 0) exhausted++;
        if (totals.leftoverCents > 0) leftover++;
        for (const p of paid) expect(Number.isSafeInteger(p.amount) && p.amount > 0).toBe(true);
      }),
      RUNS,
    );
    expect(exhausted).toBeGreaterThan(50);
    expect(leftover).toBeGreaterThan(50);
  });

  it('pays nobody above what they are owed', () => {
    fc.assert(
      fc.property(listsArb, (lists) => {
        const { paid, balance } = walk(lists);
        const owed = lists.owed.flat();
        owed.forEach((o, k) => {
          expect(sum(paid.filter((p) => p.k === k).map((p) => p.amount))).toBe(o - balance[k]!);
          expect(balance[k]!).toBeGreaterThanOrEqual(0);
        });
      }),
      RUNS,
    );
  });

  it('pays the tranches first, in list order, each in full but the last one reached; the list only after all of them', () => {
    let cut = 0;
    let reachedList = 0;
    fc.assert(
      fc.property(listsArb, (lists) => {
        const { paid } = walk(lists);
        const tranches = paid.filter((p) => p.kind === 'tranche');
        const firstShare = paid.findIndex((p) => p.kind === 'share');
        if (firstShare >= 0)
          expect(paid.slice(0, firstShare).every((p) => p.kind === 'tranche') && paid.slice(firstShare).every((p) => p.kind === 'share')).toBe(true);
        const due = lists.tranches.filter((t) => t.amount > 0);
        tranches.forEach((p, n) => {
          expect(p.k).toBe(due[n]!.k);
          if (n < tranches.length - 1 || firstShare >= 0) expect(p.amount).toBe(due[n]!.amount);
          else if (p.amount < due[n]!.amount) cut++;
        });
        if (firstShare >= 0) {
          expect(tranches).toHaveLength(due.length);
          reachedList++;
        }
      }),
      RUNS,
    );
    expect(cut).toBeGreaterThan(10);
    expect(reachedList).toBeGreaterThan(50);
  });

  it('never pays a precatório while an earlier payable one stays open; skips SKIP, ends at STOP; at most one paid in part', () => {
    let partials = 0;
    let skipped = 0;
    fc.assert(
      fc.property(listsArb, (lists) => {
        const { paid, balance, benStart } = walk(lists);
        const shares = paid.filter((p) => p.kind === 'share');
        const open = (j: number) => sum(Array.from({ length: benStart[j + 1]! - benStart[j]! }, (_, i) => listOpen(lists, balance, benStart[j]! + i)));
        const got = (j: number) => sum(shares.filter((p) => p.j === j).map((p) => p.amount));
        let openBefore = false;
        let stopped = false;
        let paidInPart = 0;
        for (let j = 0; j < lists.owed.length; j++) {
          if (lists.payability[j] === STOP) stopped = true;
          if (stopped || lists.payability[j] === SKIP) {
            if (lists.payability[j] === SKIP && !stopped) skipped++;
            expect(got(j)).toBe(0);
            continue;
          }
          if (openBefore) expect(got(j)).toBe(0);
          if (open(j) > 0) {
            if (got(j) > 0) paidInPart++;
            openBefore = true;
          }
        }
        expect(paidInPart).toBeLessThanOrEqual(1);
        partials += paidInPart;
      }),
      RUNS,
    );
    expect(partials).toBeGreaterThan(30);
    expect(skipped).toBeGreaterThan(30);
  });

  it('shares a partial payment as R6.4 says: pro rata to what each is owed (±1 centavo), or whole in the order listed', () => {
    let split = 0;
    fc.assert(
      fc.property(listsArb, (lists) => {
        const { paid, balance, benStart } = walk(lists);
        const shares = paid.filter((p) => p.kind === 'share');
        const last = shares.at(-1);
        if (!last) return;
        const j = last.j;
        const ks = Array.from({ length: benStart[j + 1]! - benStart[j]! }, (_, i) => benStart[j]! + i);
        if (sum(ks.map((k) => listOpen(lists, balance, k))) === 0 || ks.length < 2) return;
        // What the list could pay each when it reached it: after any tranche of this walk, above the held part.
        const before = ks.map((k) => Math.max(0, balance[k]! + sum(shares.filter((p) => p.k === k).map((p) => p.amount)) - lists.held[k]!));
        const got = ks.map((k) => sum(shares.filter((p) => p.k === k).map((p) => p.amount)));
        const total = sum(got);
        split++;
        if (lists.mode === 'PRO_RATA_OWED') {
          // |got_i − total × owed_i / Σ owed| < 1, exactly: in BigInt, as the products pass 2^53.
          const whole = BigInt(sum(before));
          ks.forEach((_, i) => {
            const gap = BigInt(got[i]!) * whole - BigInt(total) * BigInt(before[i]!);
            expect((gap < 0n ? -gap : gap) < whole).toBe(true);
          });
        } else {
          // Whole in turn: everyone before the last one paid is paid in full, nobody after it anything.
          let lastPaid = -1;
          got.forEach((g, i) => {
            if (g > 0) lastPaid = i;
          });
          got.forEach((g, i) => {
            if (i < lastPaid) expect(g).toBe(before[i]!);
            if (i > lastPaid) expect(g).toBe(0);
          });
        }
      }),
      RUNS,
    );
    expect(split).toBeGreaterThan(20);
  });

  it('never pays a held part by the list (R7.10), and goes on past a precatório it paid up to it', () => {
    let heldReached = 0;
    let wentOn = 0;
    fc.assert(
      fc.property(listsArb, (lists) => {
        const { paid, balance, benStart } = walk(lists);
        const tranches = new Map(lists.tranches.map((t) => [t.k, t.amount]));
        lists.held.forEach((held, k) => {
          if (held === 0) return;
          const owed = lists.owed.flat()[k]!;
          const byList = sum(paid.filter((p) => p.kind === 'share' && p.k === k).map((p) => p.amount));
          // The list pays at most what is above the held part once this walk's tranche is paid.
          expect(byList).toBeLessThanOrEqual(Math.max(0, owed - (tranches.get(k) ?? 0) - held));
          if (byList > 0) heldReached++;
          // Paid up to its held part with money left over: a later payable one was reached.
          const j = paid.find((p) => p.k === k)?.j;
          if (j !== undefined && balance[k]! > 0 && balance[k]! <= held && paid.some((p) => p.kind === 'share' && p.j > j)) wentOn++;
        });
        expect(benStart.at(-1)).toBe(lists.held.length);
      }),
      RUNS,
    );
    expect(heldReached).toBeGreaterThan(10);
    expect(wentOn).toBeGreaterThan(3);
  });
});
