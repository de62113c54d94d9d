// Goal: the laws of the special account (issue 17 §1, money-movements.md R7.2, R7.3, R7.5): the
// rateio and the split sum to the deposit to the cent; the chronological part never falls below the
// ADCT 102 minimum; per account Σ credits − Σ debits = balance; no balance is ever negative at any
// date, and a debit is refused exactly when it exceeds what the account has from its date on; a
// batch (an import) appended at once gives the ledger and the verdict of appending one by one.
// Oracle O7.3 (the TRT13 rateio shares) is read from the spec in ../shared.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeIsoDate } from '../../../src/domain/dates.ts';
import { Dec, type Money, ZERO } from '../../../src/domain/money.ts';
import {
  ACCOUNTS,
  DEFAULT_SPECIAL_ACCOUNT_CONFIG,
  type Debit,
  type LedgerEntry,
  type SpecialAccountConfig,
  appendMovement,
  appendMovements,
  availableOn,
  balancesOf,
  chronologicalSplit,
  debitMovement,
  depositMovement,
  describeOverdraft,
  largestRemainder,
  rateioSharesProblem,
  signed,
} from '../../../src/domain/special-account/index.ts';
import { moneyArb } from '../../support/arbitraries.ts';
import { sharedPath } from '../../support/shared.ts';

/** O7.3's three percentages, as published (comma decimals), from the spec's oracle table; the fourth figure is their published sum. */
function o73Shares(): Dec[] {
  const row = readFileSync(sharedPath('spec/money-movements.md'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('| O7.3 |'));
  const found = [...(row ?? '').matchAll(/(\d+,\d+) %/g)].map((m) => new Dec(m[1]!.replace(',', '.')).dividedBy(100));
  expect(found).toHaveLength(4);
  return found;
}

const shareArb = fc.integer({ min: 5000, max: 10000 }).map((n) => new Dec(n).dividedBy(10000));
const positiveMoney = moneyArb(5_000_000_000).filter((m) => m.greaterThan(0));
const configArb: fc.Arbitrary<SpecialAccountConfig> = fc
  .tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 10000 }), fc.boolean())
  .map(([a, b, before]) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    return {
      rateioShares: { TJ: new Dec(lo).dividedBy(10000), TRT: new Dec(hi - lo).dividedBy(10000), TRF: new Dec(10000 - hi).dividedBy(10000) },
      acordoSplitBeforeRateio: before,
      acordoRegulatedEntes: DEFAULT_SPECIAL_ACCOUNT_CONFIG.acordoRegulatedEntes,
    };
  });
const total = (xs: readonly Money[]) => xs.reduce<Money>((a, x) => a.plus(x), ZERO);

describe('rateio and split (R7.3, R7.5)', () => {
  it('O7.3: the published shares sum to 1 and share a deposit to the cent', () => {
    const [tj, trf, trt, published] = o73Shares() as [Dec, Dec, Dec, Dec];
    const shares = [tj, trf, trt];
    expect(tj.plus(trf).plus(trt).equals(published)).toBe(true);
    expect(rateioSharesProblem({ TJ: tj, TRF: trf, TRT: trt })).toBeUndefined();
    const parts = largestRemainder(new Dec('1000000.01'), shares);
    expect(parts.map((p) => p.toFixed(2))).toEqual(['337900.00', '222400.00', '439700.01']);
  });

  it('largest remainder: parts sum to the amount, each within a cent of its exact share', () => {
    fc.assert(
      fc.property(positiveMoney, configArb, (amount, config) => {
        const weights = [config.rateioShares.TJ, config.rateioShares.TRT, config.rateioShares.TRF];
        const parts = largestRemainder(amount, weights);
        expect(total(parts).equals(amount)).toBe(true);
        parts.forEach((p, i) => {
          expect(p.minus(amount.times(weights[i]!)).abs().lessThan('0.01')).toBe(true);
          expect(p.times(100).isInteger()).toBe(true);
        });
      }),
    );
  });

  it('ADCT 102: 50 % of R$ 1.000,01 is 500,01 to the list (rounded up, the minimum holds) and 500,00 to acordos', () => {
    const s = chronologicalSplit(new Dec('1000.01'), new Dec('0.5'));
    expect([s.crono.toFixed(2), s.acordo.toFixed(2)]).toEqual(['500.01', '500.00']);
  });

  it('a deposit leaves ENTRADA at zero; rateio + crono + acordo = D; crono ≥ D×share of the TJ part', () => {
    fc.assert(
      fc.property(positiveMoney, shareArb, configArb, fc.boolean(), (amount, share, config, regulated) => {
        const enteId = regulated ? 'estado-do-para' : 'municipio-de-tucurui';
        const entries = depositMovement({ date: makeIsoDate(2026, 3, 10), amount, document: 'extrato' }, { chronologicalShare: share, config, enteId });
        const b = balancesOf(entries);
        expect(b.ENTRADA.isZero()).toBe(true);
        const out = total(entries.filter((e) => e.kind === 'RATEIO_OUT').map((e) => e.amount));
        expect(out.plus(b.CRONOLOGICA).plus(b.ACORDO).equals(amount)).toBe(true);
        expect(entries.every((e) => e.amount.greaterThan(0) && e.amount.times(100).isInteger())).toBe(true);
        if (!regulated) expect(b.ACORDO.isZero()).toBe(true);
        // The list's part before the rateio (split first) or of the TJ's share (split after) meets the share.
        const base = config.acordoSplitBeforeRateio ? amount : b.CRONOLOGICA.plus(b.ACORDO);
        const listPart = config.acordoSplitBeforeRateio ? amount.minus(b.ACORDO) : b.CRONOLOGICA;
        if (regulated) expect(listPart.greaterThanOrEqualTo(base.times(share))).toBe(true);
      }),
    );
  });
});

type Op = { kind: 'deposito'; day: number; amount: Money } | { kind: 'debito'; day: number; amount: Money; which: 0 | 1 | 2 };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('deposito' as const), day: fc.integer({ min: 1, max: 28 }), amount: moneyArb(100_000_00).filter((m) => m.greaterThan(0)) }),
  fc.record({
    kind: fc.constant('debito' as const),
    day: fc.integer({ min: 1, max: 28 }),
    amount: moneyArb(80_000_00).filter((m) => m.greaterThan(0)),
    which: fc.constantFrom(0 as const, 1 as const, 2 as const),
  }),
);

function debitOf(op: Extract<Op, { kind: 'debito' }>): Debit {
  const date = makeIsoDate(2026, 5, op.day);
  if (op.which === 0) return { kind: 'PAGAMENTO', date, amount: op.amount, document: 'alvará', precatorio: 'P1' };
  if (op.which === 1) return { kind: 'ACORDO', date, amount: op.amount, document: 'termo' };
  return { kind: 'TRANSFERENCIA', date, amount: op.amount, document: 'varredura', from: 'ACORDO', to: 'CRONOLOGICA' };
}

describe('the ledger over any history of deposits and debits (R7.2)', () => {
  it('never negative at any date; refused exactly beyond the available balance; conservation per account', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), shareArb, configArb, (ops, share, config) => {
        let ledger: LedgerEntry[] = [];
        let deposited = ZERO;
        let debitedOut = ZERO;
        for (const op of ops) {
          const movement =
            op.kind === 'deposito'
              ? depositMovement(
                  { date: makeIsoDate(2026, 5, op.day), amount: op.amount, document: 'extrato' },
                  { chronologicalShare: share, config, enteId: 'estado-do-para' },
                )
              : debitMovement(debitOf(op));
          const debitAccount = movement.find((e) => e.direction === 'debito')!.account;
          const available = availableOn(ledger, debitAccount, movement[0]!.date);
          const r = appendMovement(ledger, movement);
          if (op.kind === 'debito') {
            // Refused iff the debit exceeds what the account holds from its date on; the refusal names that balance.
            expect(r.ok).toBe(op.amount.lessThanOrEqualTo(available));
            if (!r.ok) {
              expect(r.error.available.equals(available)).toBe(true);
              expect(describeOverdraft(r.error, 'estado-do-para')).toContain(available.toFixed(2));
            }
          } else expect(r.ok).toBe(true);
          if (!r.ok) continue;
          ledger = r.value;
          if (op.kind === 'deposito') deposited = deposited.plus(op.amount);
          else if (op.which !== 2) debitedOut = debitedOut.plus(op.amount);
        }
        // At every event, in dated order: no account below zero.
        const running = Object.fromEntries(ACCOUNTS.map((a) => [a, ZERO])) as Record<string, Money>;
        for (const e of ledger) {
          running[e.account] = running[e.account]!.plus(signed(e));
          expect(running[e.account]!.isNegative()).toBe(false);
        }
        // Per account: Σ credits − Σ debits = balance; over the ente: Σ deposits − Σ out − Σ debits = Σ balances.
        const b = balancesOf(ledger);
        for (const a of ACCOUNTS) {
          const credits = total(ledger.filter((e) => e.account === a && e.direction === 'credito').map((e) => e.amount));
          const debits = total(ledger.filter((e) => e.account === a && e.direction === 'debito').map((e) => e.amount));
          expect(credits.minus(debits).equals(b[a])).toBe(true);
        }
        const rateioOut = total(ledger.filter((e) => e.kind === 'RATEIO_OUT').map((e) => e.amount));
        expect(deposited.minus(rateioOut).minus(debitedOut).equals(b.CRONOLOGICA.plus(b.ACORDO).plus(b.ENTRADA))).toBe(true);
        expect(b.ENTRADA.isZero()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a batch of movements (an import: appendMovements)', () => {
  const movementOf = (op: Op, share: Dec, config: SpecialAccountConfig) =>
    op.kind === 'deposito'
      ? depositMovement(
          { date: makeIsoDate(2026, 5, op.day), amount: op.amount, document: 'extrato' },
          { chronologicalShare: share, config, enteId: 'estado-do-para' },
        )
      : debitMovement(debitOf(op));
  /** Appending in turn, stopping at the first refusal. */
  const oneByOne = (ledger: LedgerEntry[], movements: LedgerEntry[][]) => {
    let current = ledger;
    for (const m of movements) {
      const r = appendMovement(current, m);
      if (!r.ok) return r;
      current = r.value;
    }
    return { ok: true as const, value: current };
  };

  it('gives the ledger and the verdict of appending one by one, deposits only (the linear path) or mixed', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 20 }),
        fc.array(opArb, { maxLength: 30 }),
        fc.boolean(),
        shareArb,
        configArb,
        (history, batch, depositsOnly, share, config) => {
          const start = oneByOne(
            [],
            history.map((op) => movementOf(op, share, config)),
          );
          const ledger = start.ok ? start.value : [];
          const movements = batch.filter((op) => !depositsOnly || op.kind === 'deposito').map((op) => movementOf(op, share, config));
          const expected = oneByOne(ledger, movements);
          const got = appendMovements(ledger, movements);
          expect(got.ok).toBe(expected.ok);
          if (got.ok && expected.ok) expect(got.value).toEqual(expected.value);
          if (!got.ok && !expected.ok) expect(got.error).toEqual(expected.error);
        },
      ),
      { numRuns: 300 },
    );
  });
});
