// Goal: the registry a public projection sees (publishedView) carries nothing personal, yet the same
// superpreference list as the published run. Laws over generated debtor lists (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addYears } from '../../../src/domain/dates.ts';
import { eligibilityOf } from '../../../src/domain/queue/superpreference.ts';
import { buildPaymentOrder } from '../../../src/domain/queue/payment-order.ts';
import { superpreferenceAgeOn } from '../../../src/domain/rules/superpreference-age.ts';
import { PUBLISHED_GROUND_SINCE, publishedView } from '../../../src/domain/simulation/index.ts';
import { debtorListArb, isoDateArb } from '../../support/arbitraries.ts';
import { RULES } from '../../support/rules.ts';

const AGE = superpreferenceAgeOn(RULES, '2020-01-01' as never);

describe('publishedView', () => {
  it('keeps no birth, illness or disability date, name or CPF; ids are ordinals; amounts untouched', () => {
    fc.assert(
      fc.property(debtorListArb(20), isoDateArb(2020, 2030), ({ precatorios }, run) => {
        const view = publishedView(precatorios, run, RULES);
        expect(view.map((p) => p.numero)).toEqual(precatorios.map((p) => p.numero));
        for (const [i, p] of view.entries()) {
          expect(p.beneficiarios.map((b) => b.id)).toEqual(p.beneficiarios.map((_, j) => String(j + 1)));
          for (const [j, b] of p.beneficiarios.entries()) {
            const original = precatorios[i]!.beneficiarios[j]!;
            expect(b.nascimento ?? b.nome ?? b.cpf ?? b.deficienciaDesde).toBeUndefined();
            expect(b.doencaGraveDesde === undefined || b.doencaGraveDesde === PUBLISHED_GROUND_SINCE).toBe(true);
            expect([b.valorBrl, b.pagoBrl, b.superpreferenciaPagaBrl, b.credorId, b.titularidade]).toEqual([
              original.valorBrl,
              original.pagoBrl,
              original.superpreferenciaPagaBrl,
              original.credorId,
              original.titularidade,
            ]);
          }
        }
      }),
      { numRuns: 200, seed: 20251201 },
    );
  });

  it('has a ground exactly for those eligible on the published run, on every later date too (no future birthdays)', () => {
    fc.assert(
      fc.property(debtorListArb(20), isoDateArb(2020, 2030), fc.integer({ min: 0, max: 40 }), ({ precatorios }, run, years) => {
        const view = publishedView(precatorios, run, RULES);
        const later = addYears(run, years);
        for (const [i, p] of precatorios.entries()) {
          for (const [j, b] of p.beneficiarios.entries()) {
            const shown = view[i]!.beneficiarios[j]!;
            expect(eligibilityOf(view[i]!, shown, later, AGE).eligible).toBe(eligibilityOf(p, b, run, AGE).eligible);
          }
        }
      }),
      { numRuns: 200, seed: 20251201 },
    );
  });

  it('gives the published run the same superpreference list as the registry (R3.2, R3.8)', () => {
    fc.assert(
      fc.property(debtorListArb(25), isoDateArb(2020, 2030), ({ ente, precatorios }, run) => {
        const tranches = (list: typeof precatorios) =>
          buildPaymentOrder(list, ente, run, RULES).superpreference.map((t) => [t.numero, t.position, t.amountBrl.toFixed(2)]);
        expect(tranches(publishedView(precatorios, run, RULES))).toEqual(tranches(precatorios));
      }),
      { numRuns: 200, seed: 20251201 },
    );
  });
});
