// Goal: "por que a minha posição mudou" (issue 18 §1) explains every place a precatório moved between
// two list versions, for any debtor and any sequence of registry changes, and says nothing personal.
// Method: fast-check builds a debtor, applies random changes (payments in full of each kind,
// cancellations, import closures, new precatórios, re-keys, reopenings, partial payments, grants),
// records the facts an event log would hold, and checks the explanation against positions computed
// independently by the list itself (orderQueue).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { saldoOf } from '../../src/domain/precatorio.ts';
import { orderQueue, sortKeyOf } from '../../src/domain/queue/ordering.ts';
import { type ChangeFacts, type ClosedBy, explainPositionChange } from '../../src/domain/queue/position-changes.ts';
import { courtTimestampArb, debtorListArb, isoDateArb, precatorioArb } from '../support/arbitraries.ts';
import { RULES } from '../support/rules.ts';
import { seededShuffle } from '../support/shuffle.ts';

type Change =
  | { readonly kind: 'close'; readonly pick: number; readonly by: ClosedBy }
  | { readonly kind: 'add'; readonly seed: Precatorio }
  | { readonly kind: 'rekey'; readonly pick: number; readonly at: string; readonly natureza: Precatorio['natureza'] }
  | { readonly kind: 'reopen'; readonly pick: number }
  | { readonly kind: 'partial'; readonly pick: number }
  | { readonly kind: 'grant'; readonly pick: number; readonly since: string };

const pick = fc.nat();
const changeArb: fc.Arbitrary<Change> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('close' as const),
      pick,
      by: fc.constantFrom<ClosedBy>('pagamento-cronologica', 'pagamento-acordo', 'pagamento-superpreferencia', 'cancelado', 'importacao'),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('add' as const), seed: precatorioArb('x', 'geral', 0) }), weight: 2 },
  fc.record({ kind: fc.constant('rekey' as const), pick, at: courtTimestampArb, natureza: fc.constantFrom('alimentar' as const, 'comum' as const) }),
  fc.record({ kind: fc.constant('reopen' as const), pick }),
  fc.record({ kind: fc.constant('partial' as const), pick }),
  fc.record({ kind: fc.constant('grant' as const), pick, since: isoDateArb(2010, 2030) }),
);

interface Scenario {
  readonly before: readonly Precatorio[];
  readonly after: readonly Precatorio[];
  readonly facts: ReadonlyMap<string, ChangeFacts>;
  readonly target: string;
}

/** Applies the changes as the registry would, recording what its event log says about each número. */
function scenario(precatorios: readonly Precatorio[], changes: readonly Change[], targetPick: number): Scenario {
  const after = [...precatorios];
  const facts = new Map<string, { registeredBetween: boolean; closedBy?: ClosedBy; paidBrl?: ReturnType<typeof money> }>();
  const factsOf = (numero: string) => facts.get(numero) ?? facts.set(numero, { registeredBetween: false }).get(numero)!;
  let serial = 0;
  for (const c of changes) {
    if (c.kind === 'add') {
      serial += 1;
      const numero = `${String(9000000 + serial).padStart(7, '0')}-00.2025.8.14.0301`;
      after.push({
        ...c.seed,
        numero,
        enteId: precatorios[0]?.enteId ?? 'x',
        beneficiarios: c.seed.beneficiarios.map((b) => ({ ...b, id: `${numero}#${b.id}` })),
      });
      facts.set(numero, { registeredBetween: true });
      continue;
    }
    if (after.length === 0) continue;
    const i = c.pick % after.length;
    const p = after[i]!;
    const open = p.status === 'ativo' || p.status === 'suspenso';
    if (c.kind === 'close' && open) {
      const f = factsOf(p.numero);
      const paying = c.by.startsWith('pagamento-');
      if (c.by === 'pagamento-cronologica' || c.by === 'pagamento-acordo')
        f.paidBrl = (f.paidBrl ?? money('0')).plus(p.beneficiarios.reduce((a, b) => a.plus(saldoOf(b)), money('0')));
      f.closedBy = c.by;
      after[i] = {
        ...p,
        status: c.by === 'cancelado' ? 'cancelado' : 'pago',
        beneficiarios: paying ? p.beneficiarios.map((b) => ({ ...b, pagoBrl: b.valorBrl })) : p.beneficiarios,
      };
    } else if (c.kind === 'rekey') {
      after[i] = { ...p, natureza: c.natureza, apresentacao: { kind: 'registrada', apresentadoEm: c.at as never } };
    } else if (c.kind === 'reopen' && !open) {
      after[i] = { ...p, status: 'ativo' };
      const f = factsOf(p.numero);
      delete f.closedBy;
    } else if (c.kind === 'partial' && open) {
      after[i] = { ...p, beneficiarios: p.beneficiarios.map((b) => ({ ...b, pagoBrl: b.pagoBrl.plus(saldoOf(b).dividedBy(2).toDecimalPlaces(2)) })) };
    } else if (c.kind === 'grant') {
      after[i] = { ...p, beneficiarios: p.beneficiarios.map((b, k) => (k === 0 ? { ...b, doencaGraveDesde: c.since as never } : b)) };
    }
  }
  const candidates = [...precatorios, ...after];
  const target = candidates.length === 0 ? 'nenhum' : candidates[targetPick % candidates.length]!.numero;
  return { before: precatorios, after, facts, target };
}

const members = (list: readonly Precatorio[]) =>
  list.filter((p) => p.status === 'ativo' || p.status === 'suspenso').map((p) => ({ numero: p.numero, key: sortKeyOf(p, RULES) }));
const positionIn = (list: readonly Precatorio[], numero: string) =>
  orderQueue(
    list.filter((p) => p.status === 'ativo' || p.status === 'suspenso'),
    RULES,
  ).find((r) => r.item.numero === numero)?.position;

const scenarioArb = fc
  .tuple(debtorListArb(25), fc.array(changeArb, { maxLength: 12 }), fc.nat(), fc.integer())
  .map(([{ precatorios }, changes, targetPick, seed]) => ({ s: scenario(precatorios, changes, targetPick), seed }));
const RUNS = { numRuns: 300 };

const explain = (s: Scenario, shuffle = 0) =>
  explainPositionChange({
    numero: s.target,
    before: shuffle ? seededShuffle(members(s.before), shuffle) : members(s.before),
    after: shuffle ? seededShuffle(members(s.after), shuffle + 1) : members(s.after),
    facts: s.facts,
  });

describe('por que a minha posição mudou (issue 18 §1)', () => {
  it('gives the positions the list gives, and the explained moves sum to the delta', () => {
    fc.assert(
      fc.property(scenarioArb, ({ s }) => {
        const r = explain(s);
        const before = positionIn(s.before, s.target);
        const after = positionIn(s.after, s.target);
        expect(r.positionBefore).toBe(before);
        expect(r.positionAfter).toBe(after);
        if (before === undefined || after === undefined) {
          expect(r.delta).toBeUndefined();
          expect(r.moves).toEqual([]);
          return;
        }
        expect(r.delta).toBe(after - before);
        expect(r.moves.reduce((acc, m) => acc + m.effect, 0)).toBe(after - before);
        for (const m of r.moves) {
          expect(m.count).toBeGreaterThan(0);
          expect(Math.abs(m.effect)).toBe(m.count);
        }
      }),
      RUNS,
    );
  });

  it('names only reasons the event log recorded: payments, cancellations and new ones come from their facts', () => {
    fc.assert(
      fc.property(scenarioArb, ({ s }) => {
        const r = explain(s);
        const recorded = (by: ClosedBy) => [...s.facts.values()].filter((f) => f.closedBy === by).length;
        const count = (reason: string) => r.moves.filter((m) => m.reason === reason).reduce((a, m) => a + m.count, 0);
        expect(count('pagamento-cronologica')).toBeLessThanOrEqual(recorded('pagamento-cronologica'));
        expect(count('pagamento-acordo')).toBeLessThanOrEqual(recorded('pagamento-acordo'));
        expect(count('pagamento-superpreferencia')).toBeLessThanOrEqual(recorded('pagamento-superpreferencia'));
        expect(count('cancelamento')).toBeLessThanOrEqual(recorded('cancelado'));
        expect(count('novo')).toBeLessThanOrEqual([...s.facts.values()].filter((f) => f.registeredBetween).length);
        // Leaving moves up, arriving moves down: the direction follows the reason.
        for (const m of r.moves) {
          if (['pagamento-cronologica', 'pagamento-acordo', 'pagamento-superpreferencia', 'cancelamento', 'saida-importacao'].includes(m.reason))
            expect(m.effect).toBeLessThan(0);
          if (m.reason === 'novo') expect(m.effect).toBeGreaterThan(0);
        }
        // Superpreference is counted, never valued; chronological payments carry what was paid.
        for (const m of r.moves) expect(m.paidBrl !== undefined).toBe(m.reason === 'pagamento-cronologica' || m.reason === 'pagamento-acordo');
        // Its own change only when its own key changed.
        const own = (list: readonly Precatorio[]) => list.find((p) => p.numero === s.target);
        const ownBefore = own(s.before);
        const ownAfter = own(s.after);
        const ownRekeyed =
          ownBefore !== undefined &&
          ownAfter !== undefined &&
          (ownBefore.natureza !== ownAfter.natureza || JSON.stringify(ownBefore.apresentacao) !== JSON.stringify(ownAfter.apresentacao));
        if (!ownRekeyed) expect(count('propria')).toBe(0);
      }),
      RUNS,
    );
  });

  it('does not depend on the order the lists are given in', () => {
    fc.assert(
      fc.property(scenarioArb, ({ s, seed }) => {
        expect(explain(s, (seed >>> 0) + 1)).toEqual(explain(s));
      }),
      RUNS,
    );
  });

  it('with nothing changed, nothing moved', () => {
    fc.assert(
      fc.property(scenarioArb, ({ s }) => {
        const r = explain({ ...s, after: s.before, facts: new Map() });
        if (r.positionBefore !== undefined) expect(r).toMatchObject({ delta: 0, moves: [], positionAfter: r.positionBefore });
      }),
      RUNS,
    );
  });

  it('says nothing personal: no birth date, illness date, superpreference ground, creditor or número', () => {
    fc.assert(
      fc.property(scenarioArb, ({ s }) => {
        const out = JSON.stringify(explain(s));
        const personal = [...s.before, ...s.after].flatMap((p) => [
          p.numero,
          ...p.beneficiarios.flatMap((b) => [b.credorId, b.nascimento, b.doencaGraveDesde, b.deficienciaDesde].filter((x): x is string => x !== undefined)),
        ]);
        for (const text of [...personal, 'idade', 'doenca', 'deficiencia']) expect(out).not.toContain(text);
      }),
      RUNS,
    );
  });
});
