// Goal: the list build in steps (domain/queue/live-order.ts, issue 15 §3: a server gives the event
// loop a turn at every pause) pauses as often as it says and gives exactly the order built from
// scratch — also when a second update from the same order starts while the first is paused, which
// is what a server does when a write lands during a long build.
// Method: fast-check (seeded) over debtors with many beneficiaries and repeated creditors (several
// shares under one cap key), every ordering option, step sizes of 1–64 and a random interleaving of
// two stepped updates; each result is compared field by field with buildPaymentOrder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { type LiveOrder, buildLiveOrder, buildLiveOrderSteps, updateLiveOrderSteps } from '../../src/domain/queue/live-order.ts';
import type { Steps } from '../../src/domain/steps.ts';
import { isoDateArb } from '../support/arbitraries.ts';
import { RULES } from '../support/rules.ts';
import { apply, editArb, expectSameAsScratch, optionsArb, wideDebtorArb } from '../support/payment-order-checks.ts';

/** Runs stepped work through, counting its pauses. */
function drain<T>(steps: Steps<T>): { value: T; pauses: number } {
  for (let pauses = 0; ; pauses++) {
    const step = steps.next();
    if (step.done) return { value: step.value, pauses };
  }
}

const stepSizeArb = fc.integer({ min: 1, max: 64 });
const editsArb = fc.array(editArb, { minLength: 1, maxLength: 4 });

describe('a payment order built in steps', () => {
  it('law: pauses at least once per step size of beneficiaries, and is buildPaymentOrder', () => {
    let pauses = 0;
    fc.assert(
      fc.property(wideDebtorArb, isoDateArb(2018, 2032), optionsArb, stepSizeArb, ({ ente, precatorios }, runDate, options, stepSize) => {
        const run = drain(buildLiveOrderSteps(precatorios, ente, runDate, RULES, options, stepSize));
        expectSameAsScratch(run.value, precatorios, ente, runDate, options);
        // Every beneficiary is at least one unit of work (its cap key), so no stretch between two
        // pauses can cover more than a step's worth of them.
        const beneficiaries = precatorios.reduce((n, p) => n + p.beneficiarios.length, 0);
        expect(run.pauses).toBeGreaterThanOrEqual(Math.floor(beneficiaries / stepSize));
        pauses += run.pauses;
      }),
      { seed: 20261202, numRuns: 150 },
    );
    expect(pauses).toBeGreaterThan(5000);
  });

  it('law: two updates of one order, interleaved at their pauses, each equal the order from scratch', () => {
    const seen = { interleaved: 0 };
    fc.assert(
      fc.property(
        wideDebtorArb,
        isoDateArb(2018, 2032),
        optionsArb,
        editsArb,
        editsArb,
        fc.tuple(stepSizeArb, stepSizeArb),
        fc.infiniteStream(fc.boolean()),
        (start, runDate, options, firstEdits, secondEdits, [firstStep, secondStep], turns) => {
          const live = buildLiveOrder(start.precatorios, start.ente, runDate, RULES, options);
          const state = { ente: start.ente, precatorios: [...start.precatorios] };
          let serial = 0;
          for (const edit of firstEdits) apply(state, edit, ++serial);
          const first = { ente: state.ente, precatorios: [...state.precatorios] as readonly Precatorio[] };
          for (const edit of secondEdits) apply(state, edit, ++serial);
          const second = { ente: state.ente, precatorios: [...state.precatorios] as readonly Precatorio[] };

          const runs = [
            updateLiveOrderSteps(live, first.precatorios, first.ente, firstStep),
            updateLiveOrderSteps(live, second.precatorios, second.ente, secondStep),
          ];
          const results: (LiveOrder | undefined)[] = [undefined, undefined];
          const turn = turns[Symbol.iterator]();
          let switches = 0;
          let last = -1;
          while (results[0] === undefined || results[1] === undefined) {
            const pick = results[0] !== undefined ? 1 : results[1] !== undefined ? 0 : turn.next().value ? 1 : 0;
            if (pick !== last) switches += 1;
            last = pick;
            const step = runs[pick]!.next();
            if (step.done) results[pick] = step.value;
          }
          if (switches > 2) seen.interleaved += 1;
          expectSameAsScratch(results[0]!, first.precatorios, first.ente, runDate, options);
          expectSameAsScratch(results[1]!, second.precatorios, second.ente, runDate, options);
          // And the next update, from whichever came out, is still exact.
          const after = drain(updateLiveOrderSteps(results[0]!, second.precatorios, second.ente, secondStep)).value;
          expectSameAsScratch(after, second.precatorios, second.ente, runDate, options);
        },
      ),
      { seed: 20261202, numRuns: 150 },
    );
    // The generators must interleave the two updates, not run one after the other.
    expect(seen.interleaved).toBeGreaterThan(50);
  });
});
