// Goal (issue 17 §1 with issue 9's crash safety): `precatorios deposito importar` killed with SIGKILL
// at any moment leaves either none of the file's deposits or all of them — ledger rows, their
// events and the balances agreeing — on a file-backed PGlite store and on PostgreSQL, and the store
// reopens and passes the self-check `servir` runs at start.
// Method: a store with one regime-especial ente; a CSV of 3 000 deposits (one a day) imported in a
// child process; one run to the end gives the "all" state and its duration; then kills at seeded
// moments spread over that duration (retried sooner when the child finished first). The command
// prints its summary only after the commit, so a kill after that line must find everything.
// Runtime (2 cores, idle): ~1–2 min per backend.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/demo/random.ts';
import type { Db } from '../../src/storage/db.ts';
import { type CrashStore, CRASH_BACKENDS, reopenChecked } from './support/crash-stores.ts';
import { type ChildSpec, runAndKill, runToEnd, sooner } from './support/kill.ts';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';

const SEED = 20261202;
const ENTE = 'ente-em-queda';
const DEPOSITS = 3000;
const KILLS = 12;

interface LedgerState {
  readonly entries: number;
  readonly deposits: number;
  readonly events: number;
  readonly balance: string;
}

async function ledgerState(db: Db): Promise<LedgerState> {
  const [row] = (
    await db.query<LedgerState>(
      `select (select count(*)::int from special_account_entries) as entries,
              (select count(*)::int from special_account_entries where kind = 'DEPOSITO') as deposits,
              (select count(*)::int from events where kind = 'deposito-registrado') as events,
              (select coalesce(sum(case direction when 'credito' then amount else -amount end), 0)::text from special_account_entries) as balance`,
    )
  ).rows;
  return row!;
}

describe.each(CRASH_BACKENDS)('importação de depósitos morta com SIGKILL ($name)', (backend) => {
  let store: CrashStore;
  let spec: ChildSpec;
  const dir = mkdtempSync(join(tmpdir(), 'crash-depositos-'));

  beforeAll(async () => {
    store = await backend.create(async (db) => {
      await db.query(`insert into entes (id, nome, esfera, regime) values ($1, 'Ente em queda', 'estadual', 'especial')`, [ENTE]);
    });
    const csv = join(dir, 'depositos.csv');
    const lines = ['data;valor;documento'];
    for (let i = 0; i < DEPOSITS; i++) lines.push(`${new Date(Date.UTC(2012, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)};${1000 + i},37;extrato ${i}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    spec = { args: ['deposito', 'importar', csv, '--ente', ENTE], env: store.env, total: DEPOSITS, committed: /depósito\(s\) importado\(s\)/ };
  }, 180_000);
  afterAll(async () => {
    await store?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after every kill the store reopens with none of the file or all of it, rows, events and balance agreeing', async () => {
    const none = await (async () => {
      const db = await reopenChecked(store, 'antes');
      try {
        return await ledgerState(db);
      } finally {
        await db.close();
      }
    })();
    expect(none.entries).toBe(0);
    const whole = await runToEnd(spec);
    expect(whole.exitCode, whole.stderr).toBe(0);
    await store.settle();
    const db = await reopenChecked(store, 'após a importação inteira');
    const all = await ledgerState(db).finally(() => db.close());
    expect(all.deposits).toBe(DEPOSITS);
    expect(all.events).toBe(DEPOSITS);
    await store.reset();

    const random = seededRandom(SEED + (backend.name === 'pglite' ? 1 : 2));
    const outcomes: { stage: string; outcome: 'none' | 'all'; at: number }[] = [];
    let dirty = false;
    for (let k = 0; k < KILLS; k++) {
      const planned = { kind: 'time' as const, delayMs: random.int(0, whole.elapsedMs) };
      for (const trigger of sooner(planned)) {
        if (dirty) await store.reset();
        const result = await runAndKill(spec, trigger);
        await store.settle();
        const context = `após ${result.killed ? 'SIGKILL' : 'saída'} a ${result.elapsedMs} ms (${result.stage})`;
        const reopened = await reopenChecked(store, context);
        const state = await ledgerState(reopened).finally(() => reopened.close());
        const outcome = state.entries === 0 ? 'none' : 'all';
        expect(state, `nada ou tudo ${context}`).toEqual(outcome === 'none' ? none : all);
        if (result.stage === 'after-commit') expect(outcome, context).toBe('all');
        if (!result.killed) expect(result.exitCode, result.stderr).toBe(0);
        dirty = outcome === 'all';
        if (result.killed) {
          outcomes.push({ stage: result.stage, outcome, at: result.elapsedMs });
          break;
        }
      }
    }
    console.info(`depósitos (${backend.name}): ${outcomes.map((o) => `${o.at} ms → ${o.outcome}`).join(', ')}`);
    expect(outcomes.length).toBeGreaterThanOrEqual(KILLS - 2);
    expect(outcomes.some((o) => o.outcome === 'none')).toBe(true);
  }, 1_200_000);
});
