// Goal (issue 15 §1): the store keeps counts and sums about itself (0004's store_totals, kept by
// triggers) and they agree with the tables after any mix of writes — imports, re-imports that
// replace beneficiaries, payments, cessões, cancellations, a full restore — on both backends; and a
// disagreement (rows lost or written past the triggers, a tampered total) is found and named.
// `servir` refuses to start on such a registry (real process).
// Method: fast-check sequences of the store's own writes over a demo registry, then the check; then
// tampering by hand (a total changed, rows deleted with triggers off as a damaged file would lose them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.ts';
import { money } from '../../src/domain/money.ts';
import { exportRegistry, restoreRegistry } from '../../src/storage/backup.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { findPrecatorio, importRegistry } from '../../src/storage/registry-store.ts';
import { cancelPrecatorio, registerCessao, registerPayment } from '../../src/storage/registry-writes.ts';
import { checkStoreTotals } from '../../src/storage/self-check.ts';
import { StorageFailure } from '../../src/storage/storage-errors.ts';
import { demoInput } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';
import { expectCleanRefusal, pgliteEnv, registryTemplate, servirRefused } from './support/store-processes.ts';

type Op =
  | { kind: 'pagar'; i: number; centavos: number }
  | { kind: 'ceder'; i: number; centavos: number }
  | { kind: 'cancelar'; i: number }
  | { kind: 'reimportar'; i: number; centavos: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('pagar' as const), i: fc.nat(), centavos: fc.integer({ min: 1, max: 500_000 }) }),
  fc.record({ kind: fc.constant('ceder' as const), i: fc.nat(), centavos: fc.integer({ min: 1, max: 500_000 }) }),
  fc.record({ kind: fc.constant('cancelar' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('reimportar' as const), i: fc.nat(), centavos: fc.integer({ min: 1, max: 10_000_000 }) }),
);

describe.each(BACKENDS)('the store checks itself on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  const input = demoInput(11, 0.05);

  beforeAll(async () => {
    db = await backend.open();
    await db.transaction((tx) => importRegistry(tx, input, 'teste'));
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('after any sequence of imports, re-imports, payments, cessões and cancellations the totals agree with the tables', async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const o of ops) {
          const p = input.precatorios[o.i % input.precatorios.length]!;
          const stored = (await findPrecatorio(db, p.numero))!.precatorio;
          const b = stored.beneficiarios[0]!;
          const amount = money(((o.kind === 'cancelar' ? 0 : o.centavos) / 100).toFixed(2));
          // Refusals (a paid-off balance, a cancelled precatório) are part of the mix: they must not move a total either.
          await db
            .transaction(async (tx) => {
              if (o.kind === 'pagar')
                await registerPayment(tx, {
                  numero: p.numero,
                  actor: 'teste',
                  beneficiarioId: b.id,
                  amountBrl: amount,
                  kind: 'cronologica',
                  paidOn: isoDate('2025-11-20'),
                });
              if (o.kind === 'ceder')
                await registerCessao(tx, {
                  numero: p.numero,
                  actor: 'teste',
                  cedenteId: b.id,
                  amountBrl: amount,
                  cessionarioCredorId: `cess-${o.i}-${o.centavos}`,
                  onDate: isoDate('2025-11-20'),
                });
              if (o.kind === 'cancelar') await cancelPrecatorio(tx, { numero: p.numero, actor: 'teste', motivo: 'teste' });
              if (o.kind === 'reimportar') {
                const changed = {
                  ...p,
                  valorRequisitadoBrl: p.valorRequisitadoBrl.plus(amount),
                  beneficiarios: p.beneficiarios.map((x, j) => (j === 0 ? { ...x, valorBrl: x.valorBrl.plus(amount) } : x)),
                };
                await importRegistry(tx, { entes: input.entes, precatorios: [changed] }, 'teste');
              }
            })
            .then(
              () => (applied += 1),
              () => undefined,
            );
        }
        // Throws, naming the totals, if any disagrees.
        await checkStoreTotals(db, 'teste');
      }),
      { numRuns: 12, seed: 20251123 },
    );
    // Not a vacuous run: most writes landed.
    expect(applied).toBeGreaterThan(20);
  }, 240_000);

  it('a full restore rebuilds the totals through the same triggers', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'autoverificacao-')), 'backup');
    try {
      await exportRegistry(db, folder);
      const target = await backend.open();
      try {
        await restoreRegistry(target, folder);
        const restored = await checkStoreTotals(target, 'restaurado');
        const original = await checkStoreTotals(db, 'original');
        expect(restored.totals).toEqual(original.totals);
      } finally {
        await target.dispose();
      }
    } finally {
      rmSync(join(folder, '..'), { recursive: true, force: true });
    }
  }, 120_000);

  it('a tampered total is found and named', async () => {
    await db.query('insert into store_totals (beneficiarios) values (1)');
    const error = await checkStoreTotals(db, 'registro de teste').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFailure);
    expect((error as StorageFailure).kind).toBe('inconsistente');
    expect((error as Error).message).toMatch(
      /o registro em registro de teste não confere consigo mesmo: número de beneficiários: guardado (\d+), nas tabelas (\d+)/,
    );
    const [, kept, counted] = /guardado (\d+), nas tabelas (\d+)/.exec((error as Error).message)!;
    expect(Number(kept) - Number(counted)).toBe(1);
    await db.query('insert into store_totals (beneficiarios) values (-1)');
    await checkStoreTotals(db, 'registro de teste');
  });

  it('rows lost past the triggers (as a damaged file loses them) are found: count and sum named', async () => {
    await db.transaction(async (tx) => {
      await tx.exec(`set local session_replication_role = replica`);
      await tx.query('delete from payments where id = (select min(id) from payments)');
    });
    const error = await checkStoreTotals(db, 'registro de teste').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/número de pagamentos: guardado \d+, nas tabelas \d+; soma dos pagamentos: guardado [\d.]+, nas tabelas [\d.]+/);
  });
});

describe('servir refuses a registry that does not agree with itself', () => {
  let store: Awaited<ReturnType<typeof registryTemplate>>;
  beforeAll(async () => {
    store = await registryTemplate();
  }, 120_000);
  afterAll(() => store?.dispose());

  it('a payment total tampered by hand: servir exits 1 naming it', async () => {
    const dir = store.copy('adulterado');
    const db = await openDatabase({ pgliteDir: dir });
    await db.query(`insert into store_totals (payments, payments_valor) values (1, 100.00)`);
    await db.close();
    const run = await servirRefused(pgliteEnv(dir));
    expectCleanRefusal(run, expect);
    expect(run.stderr).toContain(
      `o registro em ${dir} não confere consigo mesmo: número de pagamentos: guardado 1, nas tabelas 0; soma dos pagamentos: guardado 100.00, nas tabelas 0`,
    );
    expect(run.stderr).toContain('o serviço não foi iniciado');
  }, 120_000);
});
