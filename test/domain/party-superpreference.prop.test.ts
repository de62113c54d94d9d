// Goal: superpreference follows the person, never the parties of a credit (money-movements.md R6.5,
// R6.14, R6.16, R6.17; legal-rules R3.2): after a habilitação an heir is in the superpreference list
// only by the heir's own condition — and then is, where the deceased was — a cessionário's heir
// never, the deceased's closed row never, and honorários contratuais destacados change nothing in
// the list (the lawyer has no tranche of his own; the cap is measured on the gross, contratuais
// included). Method: fast-check over generated debtors, the pure habilitação transition applied as
// the store applies it, and the real list builder (domain/queue/payment-order.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addYears, isoDate } from '../../src/domain/dates.ts';
import { Dec } from '../../src/domain/money.ts';
import { habilitacaoTransition } from '../../src/domain/party-transitions.ts';
import type { Beneficiario, Precatorio } from '../../src/domain/precatorio.ts';
import { buildPaymentOrder } from '../../src/domain/queue/payment-order.ts';
import { superpreferenceAgeOn } from '../../src/domain/rules/superpreference-age.ts';
import { debtorListArb, isoDateArb } from '../support/arbitraries.ts';
import { RULES } from '../support/rules.ts';

const RUN = isoDate('2026-03-02');
const QUINHOES = [['1'], ['0.5', '0.5'], ['0.25', '0.25', '0.5'], ['0.2', '0.3', '0.5']].map((q) => q.map((x) => new Dec(x)));

/** What registerHabilitacao writes: the deceased closed (valor = pago), each heir a beneficiary with its own birth date and no grant. */
function afterHabilitacao(p: Precatorio, births: readonly (string | undefined)[], quinhoes: readonly Dec[]): Precatorio | undefined {
  const deceased = p.beneficiarios[0]!;
  const heirs = quinhoes.map((quinhao, i) => ({
    id: `${deceased.id}-h${i + 1}`,
    credorId: `herdeiro-${p.numero}-${i + 1}`,
    quinhao,
    nascimento: births[i] as Beneficiario['nascimento'],
  }));
  const t = habilitacaoTransition(p, deceased.id, heirs);
  if (!t.ok) return undefined;
  const heirRows: Beneficiario[] = t.value.shares.map((s) => ({
    id: s.heir.id,
    credorId: s.heir.credorId,
    titularidade: t.value.titularidade,
    valorBrl: s.valorBrl,
    pagoBrl: new Dec(0),
    superpreferenciaPagaBrl: new Dec(0),
    nascimento: s.heir.nascimento,
    contratuais: s.contratuais,
  }));
  return { ...p, beneficiarios: [{ ...deceased, valorBrl: deceased.pagoBrl, contratuais: undefined }, ...p.beneficiarios.slice(1), ...heirRows] };
}

const list = (ps: readonly Precatorio[], ente: Parameters<typeof buildPaymentOrder>[1]) => buildPaymentOrder(ps, ente, RUN, RULES).superpreference;

describe('superpreference and the parties of a credit (fast-check)', () => {
  const ageYears = superpreferenceAgeOn(RULES, RUN);

  it('an heir is listed exactly by the heir own condition, never the deceased one; a cessionário heir never', () => {
    let listedHeirs = 0;
    fc.assert(
      fc.property(
        debtorListArb(10).filter((d) => d.precatorios.length > 0),
        fc.array(fc.option(isoDateArb(1930, 2005), { nil: undefined }), { minLength: 3, maxLength: 3 }),
        fc.nat(QUINHOES.length - 1),
        ({ ente, precatorios }, births, q) => {
          const target = precatorios[0]!;
          const deceased = target.beneficiarios[0]!;
          // The deceased's own condition (age or a grant) must not reach the heirs: make every deceased qualify by age.
          const before = [
            { ...target, beneficiarios: [{ ...deceased, nascimento: isoDate('1940-01-01') }, ...target.beneficiarios.slice(1)] },
            ...precatorios.slice(1),
          ];
          const after = afterHabilitacao(before[0]!, births, QUINHOES[q]!);
          if (!after) return; // nothing open to share: the transition refuses (tested in the contract test)
          const tranches = list([after, ...before.slice(1)], ente);
          // Control: the same heirs all aged enough — whether the precatório's slot gets tranches at all (alimentar, ativo, budget year, cap).
          const aged = {
            ...after,
            beneficiarios: after.beneficiarios.map((b) => (b.id.startsWith(`${deceased.id}-h`) ? { ...b, nascimento: isoDate('1940-01-01') } : b)),
          };
          const control = list([aged, ...before.slice(1)], ente);
          expect(tranches.some((t) => t.beneficiarioId === deceased.id && t.numero === target.numero)).toBe(false);
          for (const heir of after.beneficiarios.filter((b) => b.id.startsWith(`${deceased.id}-h`))) {
            const listed = tranches.find((t) => t.beneficiarioId === heir.id);
            const ownAge = heir.nascimento !== undefined && addYears(heir.nascimento, ageYears) <= RUN;
            const slot = control.some((t) => t.beneficiarioId === heir.id);
            // Never by the deceased's condition (1940 and any grant); a cessionário's heir never (CF §13).
            if (heir.titularidade === 'cessionario') expect(slot).toBe(false);
            expect([heir.id, heir.nascimento ?? null, listed !== undefined]).toEqual([heir.id, heir.nascimento ?? null, slot && ownAge]);
            if (listed) expect([listed.ground, listed.groundSince]).toEqual(['idade', addYears(heir.nascimento!, ageYears)]);
            if (listed) listedHeirs++;
          }
          for (const t of tranches) {
            const b = [after, ...before.slice(1)].find((p) => p.numero === t.numero)!.beneficiarios.find((x) => x.id === t.beneficiarioId)!;
            expect(b.titularidade).not.toBe('cessionario');
          }
        },
      ),
      { numRuns: 150 },
    );
    // The generated cases reach both sides of the law.
    expect(listedHeirs).toBeGreaterThan(0);
  });

  it('honorários contratuais change no tranche: same beneficiaries, same amounts (the lawyer is never listed)', () => {
    fc.assert(
      fc.property(debtorListArb(12), fc.integer({ min: 1, max: 60 }), fc.constantFrom<'PF' | 'PJ'>('PF', 'PJ'), ({ ente, precatorios }, pct, tipo) => {
        const withFees = precatorios.map((p) => ({
          ...p,
          beneficiarios: p.beneficiarios.map(
            (b): Beneficiario => ({
              ...b,
              contratuais: { destaque: { kind: 'percentual', share: new Dec(pct).dividedBy(100) }, advogado: { tipo, nome: 'Advogado' } },
            }),
          ),
        }));
        const key = (ts: ReturnType<typeof list>) => ts.map((t) => `${t.numero}/${t.beneficiarioId}/${t.amountBrl.toFixed(2)}`);
        expect(key(list(withFees, ente))).toEqual(key(list(precatorios, ente)));
      }),
      { numRuns: 100 },
    );
  });
});
