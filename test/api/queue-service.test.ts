// Goal: the read caches behind the public API (app/payment-order-cache.ts, app/ente-source-cache.ts) serve
// exactly what the registry holds after any writes, while costing only what changed: a staff write
// reloads the precatórios it touched, and GET /api/entes runs no aggregate between writes.
// Method: fast-check (seeded) drives staff writes and imports against an embedded registry; after
// each, a QueueService that lived through all of them must give the same debtor summaries as the
// SQL aggregate (listEntes) and the same tranches per precatório as its own list; a counting Db
// shows how many precatórios each refresh reads.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueService } from '../../src/app/payment-order-cache.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { money } from '../../src/domain/money.ts';
import type { Db } from '../../src/storage/db.ts';
import { RegistryImport, eventsOf, findPrecatorio, listEntes, enteWithVersions } from '../../src/storage/registry-store.ts';
import { cancelPrecatorio, grantSuperpreference, registerPayment } from '../../src/storage/registry-writes.ts';
import { RUN_DATE, demoInput, seededDb } from '../support/api.ts';
import { RULES } from '../support/rules.ts';

const INPUT = demoInput(17, 0.05);
/** Precatórios move only between debtors of the same regime. */
const SAME_REGIME = (enteId: string) => {
  const regime = INPUT.entes.find((e) => e.id === enteId)!.regime;
  return INPUT.entes.filter((e) => e.regime === regime).map((e) => e.id);
};
/** Paid in the demo registry (never touched by staff, so an import may move them). */
const CLOSED = INPUT.precatorios.filter((p) => p.status === 'pago');
const staff = { actor: 'servidora', paidOn: isoDate('2025-11-20') };

/** A Db that records every statement with its parameters (to count what a refresh reads). */
function counting(db: Db): Db & { log: { sql: string; params: readonly unknown[] }[] } {
  const log: { sql: string; params: readonly unknown[] }[] = [];
  return {
    ...db,
    log,
    query: (sql, params = []) => {
      log.push({ sql, params });
      return db.query(sql, params);
    },
  };
}

type Op = { readonly kind: 'pay' | 'grant' | 'cancel' | 'move' | 'move-closed' | 'new' | 'rename'; readonly pick: number; readonly permille: number };
const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('pay', 'pay', 'pay', 'grant', 'cancel', 'move', 'move-closed', 'new', 'rename') as fc.Arbitrary<Op['kind']>,
  pick: fc.nat(),
  permille: fc.integer({ min: 1, max: 1000 }),
});

describe('read caches of the public API', () => {
  let db: Db;
  beforeAll(async () => {
    db = await seededDb(INPUT);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  const importOne = (input: Parameters<RegistryImport['addBatch']>[0]) =>
    db.transaction(async (tx) => {
      const run = new RegistryImport(tx, 'importação-teste');
      await run.addBatch(input);
      return run.finish();
    });

  async function apply(op: Op, serial: number): Promise<void> {
    const from = op.kind === 'move-closed' ? CLOSED : INPUT.precatorios;
    const base = from[op.pick % from.length]!;
    const p = (await findPrecatorio(db, base.numero))!.precatorio;
    const b = p.beneficiarios[0]!;
    // Refusals (no balance left, already paid, changed by staff) are part of the game.
    const attempt = (work: () => Promise<unknown>) =>
      work().catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'StoreError') throw error;
      });
    switch (op.kind) {
      case 'pay': {
        // Up to the whole balance: a precatório paid off leaves the list (positions move).
        const amount = money(
          b.valorBrl
            .minus(b.pagoBrl)
            .times(op.permille / 1000)
            .toFixed(2),
        );
        if (!amount.isZero())
          await attempt(() =>
            db.transaction((tx) => registerPayment(tx, { ...staff, numero: p.numero, beneficiarioId: b.id, amountBrl: amount, kind: 'cronologica' })),
          );
        return;
      }
      case 'grant':
        await attempt(() =>
          db.transaction((tx) =>
            grantSuperpreference(tx, { ...staff, numero: p.numero, beneficiarioId: b.id, ground: 'doenca-grave', grantedOn: isoDate('2024-05-01') }),
          ),
        );
        return;
      case 'cancel':
        await attempt(() => db.transaction((tx) => cancelPrecatorio(tx, { actor: staff.actor, numero: p.numero, motivo: 'teste' })));
        return;
      case 'move':
      case 'move-closed': {
        // Refused (and reported, not thrown) when staff touched the precatório since its import.
        const to = SAME_REGIME(p.enteId);
        await importOne({ entes: [], precatorios: [{ ...base, enteId: to[op.permille % to.length]!, processoOrigem: `mudou-${serial}` }] });
        return;
      }
      case 'new': {
        const numero = `NOVO-${serial}`;
        await importOne({ entes: [], precatorios: [{ ...base, numero, beneficiarios: base.beneficiarios.map((x) => ({ ...x, id: `${x.id}-${serial}` })) }] });
        return;
      }
      case 'rename': {
        const ente = INPUT.entes[op.pick % INPUT.entes.length]!;
        await importOne({ entes: [{ ...ente, nome: `${ente.nome} (${serial})` }], precatorios: [] });
      }
    }
  }

  it('law: after any writes, the kept debtor summaries are the SQL aggregate, and every lookup finds its own tranches', async () => {
    const kept = new QueueService(db, RULES);
    await kept.warm(RUN_DATE);
    await kept.entes();
    let serial = 0;
    let tranches = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 6 }), async (ops) => {
        for (const op of ops) {
          await apply(op, ++serial);
          const summaries = await kept.entes();
          const sql = await listEntes(db);
          expect(summaries.map((s) => ({ ...s, ente: JSON.stringify(s.ente), estoqueBrl: money(s.estoqueBrl).toFixed(2) }))).toEqual(
            sql.map((s) => ({ ...s, ente: JSON.stringify(s.ente), estoqueBrl: money(s.estoqueBrl).toFixed(2) })),
          );
          for (const { ente } of sql) {
            const q = (await kept.queueOf(ente.id, RUN_DATE))!;
            for (const e of q.order.chronological) {
              const own = q.order.superpreference.filter((t) => t.numero === e.item.numero);
              tranches += own.length;
              expect(q.tranchesOf.get(e.item.numero) ?? []).toEqual(own);
            }
          }
        }
      }),
      { seed: 20251123, numRuns: 8, endOnFailure: true },
    );
    expect(tranches).toBeGreaterThan(100);
  }, 180_000);

  it('a payment makes the next read reload that one precatório, not its debtor; entes between writes cost one query', async () => {
    const spy = counting(db);
    const queues = new QueueService(spy, RULES);
    const big = INPUT.entes.map((e) => ({ id: e.id, n: INPUT.precatorios.filter((p) => p.enteId === e.id).length })).sort((a, b) => b.n - a.n)[0]!;
    await queues.warm(RUN_DATE);
    await queues.entes();
    spy.log.length = 0;
    await queues.entes();
    await queues.entes();
    expect(spy.log.map((q) => q.sql.trim().slice(0, 40))).toEqual(Array(2).fill('select id, version::text as version from'));

    const target = (await listOpen(db, big.id))[0]!;
    await db.transaction((tx) =>
      registerPayment(tx, { ...staff, numero: target.numero, beneficiarioId: target.beneficiario, amountBrl: money('1.00'), kind: 'cronologica' }),
    );
    spy.log.length = 0;
    const q = (await queues.queueOf(big.id, RUN_DATE))!;
    const reloaded = spy.log.filter((x) => /from precatorios p where p\.numero = any/.test(x.sql));
    expect(reloaded).toHaveLength(1);
    // Three statements in all: the ente's version, the ente with every precatório's version, the reload.
    expect(spy.log).toHaveLength(3);
    expect(reloaded[0]!.params[0]).toEqual([target.numero]);
    expect(
      q.order.chronological
        .find((e) => e.item.numero === target.numero)!
        .item.beneficiarios.find((b) => b.id === target.beneficiario)!
        .pagoBrl.toFixed(2),
    ).toBe(money(target.pago).plus(1).toFixed(2));
    // A lookup is one statement: where the precatório is, its versions and its history (the one
    // read from the events table).
    spy.log.length = 0;
    const located = (await queues.locate(target.numero, RUN_DATE))!;
    expect(spy.log).toHaveLength(1);
    expect(located.events).toEqual(await eventsOf(db, target.numero));
    expect(located.events.at(-1)!.kind).toBe('pagamento-cronologica');
    // GET /api/entes after the write reuses the refreshed source: no reload, no aggregate.
    spy.log.length = 0;
    const [after] = (await queues.entes()).filter((s) => s.ente.id === big.id);
    expect(spy.log.filter((x) => /from precatorios|sum\(/.test(x.sql))).toHaveLength(0);
    expect(after!.estoqueBrl).toBe((await listEntes(db)).find((s) => s.ente.id === big.id)!.estoqueBrl);
  }, 60_000);

  it('a precatório that moves to another debtor between the version scan and its reload is left out, then found in its new list', async () => {
    // Two imports: the first changes the precatório (its version moves), the second — run by the
    // hook right after the refresh of the old debtor read the versions — moves it away.
    const p = INPUT.precatorios.find((x) => x.status === 'ativo' && x.enteId === 'municipio-de-belem')!;
    const to = 'municipio-de-tucurui';
    let hook: (() => Promise<unknown>) | undefined;
    const hooked: Db = {
      ...db,
      query: async (sql, params = []) => {
        const result = await db.query(sql, params);
        if (hook && /string_agg\(p\.version/.test(sql)) {
          const run = hook;
          hook = undefined;
          await run();
        }
        return result as never;
      },
    };
    const kept = new QueueService(hooked, RULES);
    await kept.warm(RUN_DATE);
    await importOne({ entes: [], precatorios: [{ ...p, processoOrigem: 'antes-da-mudanca' }] });
    hook = () => importOne({ entes: [], precatorios: [{ ...p, enteId: to, processoOrigem: 'mudou-no-meio' }] });
    const old = (await kept.queueOf(p.enteId, RUN_DATE))!;
    expect(hook).toBeUndefined();
    expect(old.indexOf.has(p.numero)).toBe(false);
    const fresh = new QueueService(db, RULES);
    for (const id of [p.enteId, to]) {
      const [a, b] = [(await kept.queueOf(id, RUN_DATE))!, (await fresh.queueOf(id, RUN_DATE))!];
      expect(a.order.chronological.map((e) => [e.item.numero, e.item.processoOrigem, e.remainderBrl.toFixed(2)])).toEqual(
        b.order.chronological.map((e) => [e.item.numero, e.item.processoOrigem, e.remainderBrl.toFixed(2)]),
      );
    }
    expect((await kept.queueOf(to, RUN_DATE))!.order.chronological.find((e) => e.item.numero === p.numero)!.item.processoOrigem).toBe('mudou-no-meio');
    // Put it back for the other tests.
    await importOne({ entes: [], precatorios: [p] });
  }, 60_000);

  it('reads back every número exactly, whatever its text: legacy números with spaces, quotes, backslashes, line breaks, accents', async () => {
    const kept = new QueueService(db, RULES);
    await kept.warm(RUN_DATE);
    const base = INPUT.precatorios.find((p) => p.enteId === 'municipio-de-santarem' && p.status === 'ativo')!;
    const odd = ['2009.01792-1 bis', 'aspas "duplas"', 'barra \\ invertida \\n', 'linha\nquebrada', 'tab\tulação', 'ação nº 7 — ü', '\u{1F600} emoji'];
    await importOne({
      entes: [],
      precatorios: odd.map((numero, i) => ({ ...base, numero, beneficiarios: base.beneficiarios.map((b) => ({ ...b, id: `${b.id}-odd-${i}` })) })),
    });
    const versions = (await enteWithVersions(db, base.enteId))!.versions;
    const { rows } = await db.query<{ numero: string; version: string }>('select numero, version::text as version from precatorios where ente_id = $1', [
      base.enteId,
    ]);
    expect(new Map(rows.map((r) => [r.numero, Number(r.version)]))).toEqual(versions);
    for (const numero of odd) expect(versions.has(numero)).toBe(true);
    // The kept process refreshes through those versions and lists every one of them.
    const q = (await kept.queueOf(base.enteId, RUN_DATE))!;
    for (const numero of odd) expect(q.indexOf.has(numero)).toBe(true);
  }, 60_000);
});

async function listOpen(db: Db, enteId: string) {
  const { rows } = await db.query<{ numero: string; beneficiario: string; pago: string }>(
    `select p.numero, b.id as beneficiario, b.pago::text as pago from precatorios p join beneficiarios b on b.precatorio_numero = p.numero
     where p.ente_id = $1 and p.status = 'ativo' and b.valor - b.pago >= 10 order by p.numero, b.id`,
    [enteId],
  );
  return rows;
}
