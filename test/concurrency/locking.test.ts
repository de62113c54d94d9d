// Goal: the locking protocol between staff writes and imports on PostgreSQL, interleaving by
// interleaving, with no timing luck: whoever locks a precatório first wins and the other waits
// (proved by PostgreSQL itself: pg_stat_activity shows the second one waiting on a lock), then
// works on what the first committed. Nothing is lost, stale versions get a conflict, and imports
// run one at a time.
// Method: two connection pools on one schema stand for two server processes; a transaction is held
// open at a gate while the other side starts and is seen blocked; then the gate opens.
// Runs only with PostgreSQL (DATABASE_URL; REQUIRE_POSTGRES=1 makes its absence fail in CI).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.ts';
import { money } from '../../src/domain/money.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import type { Db } from '../../src/storage/db.ts';
import { StoreError } from '../../src/storage/errors.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { RegistryImport, eventsOf, findPrecatorio, importRegistry } from '../../src/storage/registry-store.ts';
import { registerPayment } from '../../src/storage/registry-writes.ts';
import { PAYMENT_RUN_EVENT, runPayment } from '../../src/app/payment-run.ts';
import { RULES } from '../support/rules.ts';
import { demoInput } from '../support/api.ts';
import '../support/backends.ts'; // REQUIRE_POSTGRES=1 without DATABASE_URL fails here

const url = process.env['DATABASE_URL'];
const INPUT = demoInput(9, 0.03);
const OPEN = INPUT.precatorios.filter((p) => p.status === 'ativo' && p.beneficiarios[0]!.valorBrl.minus(p.beneficiarios[0]!.pagoBrl).greaterThan(1000));

/** pg_stat_activity's wait_event while waiting for a row another transaction locked. */
const ROW_LOCK = ['transactionid', 'tuple'];

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe.skipIf(!url)('locks between staff writes and imports (PostgreSQL)', () => {
  const schema = `t_locks_${randomBytes(5).toString('hex')}`;
  let processA: Db;
  let processB: Db;
  let admin: pg.Client;

  beforeAll(async () => {
    processA = await openDatabase({ databaseUrl: url, pgSchema: schema });
    processB = await openDatabase({ databaseUrl: url, pgSchema: schema });
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await processA.transaction((tx) => importRegistry(tx, INPUT, 'teste'));
  }, 120_000);
  afterAll(async () => {
    await processA?.close();
    await processB?.close();
    await admin?.query(`drop schema if exists ${schema} cascade`);
    await admin?.end();
  });

  const pidOf = async (tx: Db) => Number((await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);

  /** Resolves once PostgreSQL reports `pid` waiting on a lock; returns which kind of lock. */
  async function blockedOnLock(pid: Promise<number>): Promise<string> {
    const id = await pid;
    for (let i = 0; i < 200; i++) {
      const { rows } = await admin.query<{ wait_event_type: string | null; wait_event: string | null }>(
        'select wait_event_type, wait_event from pg_stat_activity where pid = $1',
        [id],
      );
      if (rows[0]?.wait_event_type === 'Lock') return rows[0].wait_event!;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`o processo ${id} nunca esperou por um lock`);
  }

  /**
   * An import of `file` in its own transaction: reports its backend pid, and `written` once its rows
   * are written (and locked); holds at `hold`, then writes the `later` batch if any, finishes and
   * commits.
   */
  function importHeld(db: Db, file: readonly Precatorio[], hold?: Promise<void>, later: readonly Precatorio[] = []) {
    let reportPid!: (pid: number) => void;
    const pid = new Promise<number>((resolve) => (reportPid = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const done = db.transaction(async (tx) => {
      reportPid(await pidOf(tx));
      const run = new RegistryImport(tx, 'importação');
      await run.addBatch({ entes: [], precatorios: file });
      wrote();
      await hold;
      if (later.length > 0) await run.addBatch({ entes: [], precatorios: later });
      return { counts: await run.finish(), refused: run.refused.map((r) => r.numero) };
    });
    return { pid, written, done };
  }

  function payHeld(db: Db, p: Precatorio, amount: string, options: { expectedVersion?: number; hold?: Promise<void> } = {}) {
    let reportPid!: (pid: number) => void;
    const pid = new Promise<number>((resolve) => (reportPid = resolve));
    let paid!: () => void;
    const written = new Promise<void>((resolve) => (paid = resolve));
    const done = db.transaction(async (tx) => {
      reportPid(await pidOf(tx));
      const r = await registerPayment(tx, {
        numero: p.numero,
        actor: 'servidora',
        beneficiarioId: p.beneficiarios[0]!.id,
        amountBrl: money(amount),
        kind: 'cronologica',
        paidOn: isoDate('2025-11-20'),
        expectedVersion: options.expectedVersion,
      });
      paid();
      await options.hold;
      return r;
    });
    return { pid, written, done };
  }

  const pagoOf = async (p: Precatorio) =>
    (await findPrecatorio(processA, p.numero))!.precatorio.beneficiarios.find((b) => b.id === p.beneficiarios[0]!.id)!.pagoBrl.toFixed(2);

  it('staff locks first: the import waits on the row, then refuses that precatório and the payment stays', async () => {
    const p = OPEN[0]!;
    const g = gate();
    const payment = payHeld(processA, p, '123.45', { hold: g.opened });
    await payment.written;
    const imported = importHeld(processB, [{ ...p, processoOrigem: 'proc-arquivo-novo' }]);
    expect(ROW_LOCK).toContain(await blockedOnLock(imported.pid));
    g.open();
    await payment.done;
    expect(await imported.done).toEqual({ counts: { inserted: 0, updated: 0, unchanged: 0 }, refused: [p.numero] });
    expect(await pagoOf(p)).toBe(p.beneficiarios[0]!.pagoBrl.plus('123.45').toFixed(2));
    expect((await findPrecatorio(processA, p.numero))!.precatorio.processoOrigem).toBe(p.processoOrigem);
  });

  it('the import locks first: staff writes wait, then pay on what it wrote; the one holding the old version gets a conflict', async () => {
    const p = OPEN[1]!;
    const versionBefore = (await findPrecatorio(processA, p.numero))!.version;
    const g = gate();
    const imported = importHeld(processB, [{ ...p, processoOrigem: 'proc-arquivo-novo' }], g.opened);
    await imported.written;
    const fresh = payHeld(processA, p, '10.00');
    const stale = payHeld(processA, p, '20.00', { expectedVersion: versionBefore });
    // The first in line waits for the import's transaction, the next for the row (tuple) lock.
    expect(ROW_LOCK).toContain(await blockedOnLock(fresh.pid));
    expect(ROW_LOCK).toContain(await blockedOnLock(stale.pid));
    g.open();
    expect(await imported.done).toEqual({ counts: { inserted: 0, updated: 1, unchanged: 0 }, refused: [] });
    const paid = await fresh.done;
    expect(paid.precatorio.processoOrigem).toBe('proc-arquivo-novo');
    await expect(stale.done).rejects.toThrow(StoreError);
    await expect(stale.done).rejects.toMatchObject({ kind: 'conflito', campo: 'versao', motivo: expect.stringMatching(/alterado por outra pessoa/) });
    expect(await pagoOf(p)).toBe(p.beneficiarios[0]!.pagoBrl.plus('10.00').toFixed(2));
    expect((await eventsOf(processA, p.numero)).map((e) => e.kind)).toEqual(['importado', 'reimportado', 'pagamento-cronologica']);
  });

  it('a staff write that cannot get the precatório in time answers a conflict in Portuguese and writes nothing', async () => {
    const p = OPEN[4]!;
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query(`set search_path = ${schema}`);
      await holder.query('begin');
      await holder.query('select 1 from precatorios where numero = $1 for update', [p.numero]);
      const eventsBefore = (await eventsOf(processA, p.numero)).length;
      const started = performance.now();
      const attempt = processA.transaction((tx) =>
        registerPayment(tx, {
          numero: p.numero,
          actor: 'servidora',
          beneficiarioId: p.beneficiarios[0]!.id,
          amountBrl: money('1.00'),
          kind: 'cronologica',
          paidOn: isoDate('2025-11-20'),
          lockTimeoutMs: 300,
        }),
      );
      await expect(attempt).rejects.toMatchObject({
        kind: 'conflito',
        campo: 'numero',
        motivo: `o precatório ${p.numero} está sendo alterado por outra operação (por exemplo, uma importação); tente de novo em instantes`,
      });
      expect(performance.now() - started).toBeLessThan(5000);
      await holder.query('rollback');
      expect((await eventsOf(processA, p.numero)).length).toBe(eventsBefore);
      expect(await pagoOf(p)).toBe(p.beneficiarios[0]!.pagoBrl.toFixed(2));
    } finally {
      await holder.end();
    }
  });

  it('imports run one at a time: the second waits on the advisory lock, then finds nothing left to write', async () => {
    const p = OPEN[2]!;
    const brandNew: Precatorio = { ...OPEN[3]!, numero: 'NOVO-CONCORRENTE-1', beneficiarios: OPEN[3]!.beneficiarios.map((b) => ({ ...b, id: `${b.id}-n` })) };
    const file = [{ ...p, processoOrigem: 'proc-arquivo-duplo' }, brandNew];
    const g = gate();
    const first = importHeld(processA, file, g.opened);
    await first.written;
    const second = importHeld(processB, file);
    expect(await blockedOnLock(second.pid)).toBe('advisory');
    g.open();
    expect(await first.done).toEqual({ counts: { inserted: 1, updated: 1, unchanged: 0 }, refused: [] });
    expect(await second.done).toEqual({ counts: { inserted: 0, updated: 0, unchanged: 2 }, refused: [] });
    expect((await eventsOf(processA, p.numero)).map((e) => e.kind)).toEqual(['importado', 'reimportado']);
  });

  it('an import and a payment run of the same ente wait for each other instead of deadlocking', async () => {
    // The import replaces the higher número in its first batch and the lower one in its second;
    // a run that locked the ente's precatórios in número order would hold the lower one while
    // waiting for the higher: each would wait for the other. The run waits for the import instead.
    const rest = OPEN.slice(5);
    const ente = rest.find((p) => rest.filter((q) => q.enteId === p.enteId).length >= 2)!.enteId;
    const [low, high] = rest
      .filter((p) => p.enteId === ente)
      .slice(0, 2)
      .sort((a, b) => (a.numero < b.numero ? -1 : 1));
    const g = gate();
    const imported = importHeld(processA, [{ ...high!, processoOrigem: 'proc-lote-1' }], g.opened, [{ ...low!, processoOrigem: 'proc-lote-2' }]);
    await imported.written;
    let runPid!: (pid: number) => void;
    const runStarted = new Promise<number>((resolve) => (runPid = resolve));
    const reportingPid: Db = {
      ...processB,
      transaction: (work) =>
        processB.transaction(async (tx) => {
          runPid(await pidOf(tx));
          return work(tx);
        }),
    };
    const paid = runPayment(reportingPid, { enteId: low!.enteId, availableBrl: money('1000000.00'), paidOn: isoDate('2025-11-20'), actor: 'rodada' }, RULES);
    try {
      expect(await blockedOnLock(runStarted)).toBe('advisory');
    } finally {
      g.open();
    }
    expect((await imported.done).counts).toEqual({ inserted: 0, updated: 2, unchanged: 0 });
    const plan = await paid;
    expect(plan.items.length).toBeGreaterThan(0);
    // The run was planned on what the import committed.
    expect((await findPrecatorio(processA, high!.numero))!.precatorio.processoOrigem).toBe('proc-lote-1');
    expect((await findPrecatorio(processA, low!.numero))!.precatorio.processoOrigem).toBe('proc-lote-2');
    const runEvents = await processA.query<{ n: string }>(`select count(*)::text as n from events where kind = $1 and actor = 'rodada'`, [PAYMENT_RUN_EVENT]);
    expect(runEvents.rows[0]!.n).toBe('1');
  });
});
