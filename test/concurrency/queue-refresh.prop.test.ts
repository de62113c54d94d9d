// Goal: a server process keeps each debtor's lists across writes (cache keyed by the ente version,
// read from the database on every request, so another process's writes are seen at once). Whatever
// it keeps between versions, what it serves after any sequence of writes must equal the lists built
// from scratch — staff writes, imports that change, add or move precatórios between debtors, and
// changes to the debtor itself.
// Method: fast-check (seeded) drives random writes against an embedded registry; after each one, a
// QueueService that lived through all of them and a brand-new one must serve the same lists for
// every touched debtor and one other.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueService } from '../../src/app/payment-order-cache.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { money } from '../../src/domain/money.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import type { Db } from '../../src/storage/db.ts';
import { RegistryImport, findPrecatorio } from '../../src/storage/registry-store.ts';
import { cancelPrecatorio, grantSuperpreference, registerCessao, registerPayment } from '../../src/storage/registry-writes.ts';
import { RUN_DATE, demoInput, seededDb } from '../support/api.ts';
import { RULES } from '../support/rules.ts';

const INPUT = demoInput(13, 0.05);
const ENTES = INPUT.entes.map((e) => e.id);
/** Regime especial debtors: a precatório can move between them (same regime). */
const ESPECIAIS = INPUT.entes.filter((e) => e.regime === 'especial').map((e) => e.id);

type Op =
  | { readonly kind: 'pay' | 'cede' | 'grant' | 'cancel'; readonly pick: number; readonly permille: number }
  | { readonly kind: 'reimport' | 'move'; readonly pick: number; readonly to: number }
  | { readonly kind: 'new'; readonly pick: number }
  | { readonly kind: 'rename'; readonly ente: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('pay' as const, 'cede' as const, 'grant' as const, 'cancel' as const),
      pick: fc.nat(),
      permille: fc.integer({ min: 1, max: 600 }),
    }),
    weight: 6,
  },
  fc.record({ kind: fc.constantFrom('reimport' as const, 'move' as const), pick: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('new' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), ente: fc.nat() }),
);

/** What a list serves, in plain values. */
async function served(queues: QueueService, enteId: string) {
  const q = (await queues.queueOf(enteId, RUN_DATE))!;
  return {
    ente: q.ente,
    rpv: q.rpvCeilingBrl.toFixed(2),
    chronological: q.order.chronological.map((e) => [
      e.position,
      e.item.numero,
      e.item.status,
      e.saldoBrl.toFixed(2),
      e.superpreferenceBrl.toFixed(2),
      e.remainderBrl.toFixed(2),
    ]),
    superpreference: q.order.superpreference.map((t) => [t.position, t.numero, t.amountBrl.toFixed(2)]),
    ahead: q.remaindersBefore.map((m) => m.toFixed(2)),
    superpreferenceTotal: q.superpreferenceTotalBrl.toFixed(2),
  };
}

describe('lists kept across writes', () => {
  let db: Db;
  beforeAll(async () => {
    db = await seededDb(INPUT);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  const importOne = (precatorios: readonly Precatorio[], entes = INPUT.entes.filter(() => false)) =>
    db.transaction(async (tx) => {
      const run = new RegistryImport(tx, 'importação-teste');
      await run.addBatch({ entes, precatorios });
      return run.finish();
    });

  /** Applies one write; returns the debtors it may have changed. Refusals (balance, status) are part of the game. */
  async function apply(op: Op, serial: number): Promise<string[]> {
    const staff = { actor: 'servidora', paidOn: isoDate('2025-11-20') };
    if (op.kind === 'rename') {
      const ente = INPUT.entes[op.ente % INPUT.entes.length]!;
      await importOne([], [{ ...ente, nome: `${ente.nome} ${serial}` }]);
      return [ente.id];
    }
    const base = INPUT.precatorios[op.pick % INPUT.precatorios.length]!;
    const stored = (await findPrecatorio(db, base.numero))!;
    const p = stored.precatorio;
    const b = p.beneficiarios[0]!;
    const amount = money(
      b.valorBrl
        .minus(b.pagoBrl)
        .times(('permille' in op ? op.permille : 1) / 1000)
        .toFixed(2),
    );
    const attempt = async (work: () => Promise<unknown>) =>
      work().catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'StoreError') throw error;
      });
    switch (op.kind) {
      case 'pay':
        if (amount.isZero()) return [];
        await attempt(() =>
          db.transaction((tx) => registerPayment(tx, { ...staff, numero: p.numero, beneficiarioId: b.id, amountBrl: amount, kind: 'cronologica' })),
        );
        return [p.enteId];
      case 'cede':
        if (amount.isZero()) return [];
        await attempt(() =>
          db.transaction((tx) =>
            registerCessao(tx, {
              ...staff,
              numero: p.numero,
              cedenteId: b.id,
              amountBrl: amount,
              cessionarioCredorId: `fundo-${serial}`,
              onDate: staff.paidOn,
            }),
          ),
        );
        return [p.enteId];
      case 'grant':
        await attempt(() =>
          db.transaction((tx) =>
            grantSuperpreference(tx, { ...staff, numero: p.numero, beneficiarioId: b.id, ground: 'deficiencia', grantedOn: isoDate('2024-03-01') }),
          ),
        );
        return [p.enteId];
      case 'cancel':
        await attempt(() => db.transaction((tx) => cancelPrecatorio(tx, { actor: staff.actor, numero: p.numero, motivo: 'teste de cache' })));
        return [p.enteId];
      case 'reimport':
        // Imports refuse precatórios staff touched; an untouched one gets a new processo de origem.
        await importOne([{ ...base, processoOrigem: `proc-cache-${serial}` }]);
        return [p.enteId];
      case 'move': {
        if (!ESPECIAIS.includes(p.enteId)) return [];
        const to = ESPECIAIS[op.to % ESPECIAIS.length]!;
        await importOne([{ ...base, enteId: to, processoOrigem: `proc-mudou-${serial}` }]);
        return [p.enteId, to];
      }
      case 'new': {
        const numero = `NOVO-CACHE-${serial}`;
        await importOne([{ ...base, numero, beneficiarios: base.beneficiarios.map((x) => ({ ...x, id: `${x.id}-${serial}` })) }]);
        return [base.enteId];
      }
    }
  }

  it('law: after any sequence of writes, a process that kept its lists serves exactly the lists built from scratch', async () => {
    const kept = new QueueService(db, RULES);
    await kept.warm(RUN_DATE);
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), fc.nat(), async (ops, other) => {
        for (const op of ops) {
          const touched = await apply(op, ++serial);
          const fresh = new QueueService(db, RULES);
          for (const enteId of new Set([...touched, ENTES[other % ENTES.length]!])) {
            expect(await served(kept, enteId)).toEqual(await served(fresh, enteId));
          }
        }
      }),
      { seed: 20251123, numRuns: 15, endOnFailure: true },
    );
  }, 180_000);
});
