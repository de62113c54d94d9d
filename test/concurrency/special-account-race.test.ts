// Goal: two writers racing a debit of one ente's special account cannot overdraw it (R7.2; issue
// 17 §1): on PostgreSQL the second transaction waits for the first's per-ente lock (PostgreSQL
// reports it waiting on an advisory lock), then sees the first's debit and is refused naming the
// balance left; on PGlite two concurrent API requests for 60 of a 100 balance give one 201 and one 409.
// Method: two pools on one schema stand for two server processes; the first holds its transaction
// open at a gate, after its debit is written, until the second is seen blocked.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debitIn, recordDeposit } from '../../src/app/special-account.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { money } from '../../src/domain/money.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { demoApp, staffHeaders } from '../support/api.ts';
import '../support/backends.ts';
import { RULES } from '../support/rules.ts';

const url = process.env['DATABASE_URL'];
const debit = (document: string) => ({ kind: 'PAGAMENTO' as const, date: isoDate('2026-05-02'), amount: money('60.00'), document });

describe.skipIf(!url)('two writers racing a debit (PostgreSQL)', () => {
  const schema = `t_conta_${randomBytes(5).toString('hex')}`;
  let a: Db;
  let b: Db;
  let admin: pg.Client;
  beforeAll(async () => {
    a = await openDatabase({ databaseUrl: url, pgSchema: schema });
    b = await openDatabase({ databaseUrl: url, pgSchema: schema });
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await a.query(`insert into entes (id, nome, esfera, regime) values ('ente-corrida', 'Ente', 'municipal', 'especial')`);
    await recordDeposit(a, RULES, { enteId: 'ente-corrida', actor: 'ana', date: isoDate('2026-05-01'), amount: money('100.00'), document: 'extrato' });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await admin?.query(`drop schema if exists ${schema} cascade`);
    await admin?.end();
  });

  it('the second waits on the lock, then is refused with the balance left; only one debit lands', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const first = a.transaction(async (tx) => {
      const r = await debitIn(tx, { enteId: 'ente-corrida', actor: 'ana', debit: debit('alvará A') });
      wrote();
      await gate;
      return r;
    });
    await written;
    let reportPid!: (pid: number) => void;
    const pid = new Promise<number>((resolve) => (reportPid = resolve));
    const second = b.transaction(async (tx) => {
      reportPid(Number((await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid));
      return debitIn(tx, { enteId: 'ente-corrida', actor: 'bia', debit: debit('alvará B') });
    });
    const settled = second.then(
      () => 'gravado',
      (e: Error) => e.message,
    );
    const id = await pid;
    let waitEvent: string | null = null;
    for (let i = 0; i < 200 && waitEvent === null; i++) {
      const { rows } = await admin.query<{ wait_event_type: string | null; wait_event: string | null }>(
        'select wait_event_type, wait_event from pg_stat_activity where pid = $1',
        [id],
      );
      if (rows[0]?.wait_event_type === 'Lock') waitEvent = rows[0].wait_event;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(waitEvent).toBe('advisory');
    open();
    expect((await first).balances.CRONOLOGICA.toFixed(2)).toBe('40.00');
    expect(await settled).toMatch(/débito de 60\.00 recusado: .*saldo disponível de 40\.00/);
    const { rows } = await a.query<{ n: string }>(`select count(*)::text as n from special_account_entries where kind = 'PAGAMENTO'`);
    expect(rows[0]!.n).toBe('1');
  });
});

describe('two requests racing a debit (PGlite, through the API)', () => {
  let ctx: Awaited<ReturnType<typeof demoApp>>;
  beforeAll(async () => {
    ctx = await demoApp();
  }, 120_000);
  afterAll(async () => ctx?.db.close());

  it('one is recorded (201), the other refused (409) naming the balance left', async () => {
    const post = (path: string, body: unknown) =>
      ctx.app.request(`/api/entes/municipio-de-tucurui/conta-especial/${path}`, { method: 'POST', headers: staffHeaders, body: JSON.stringify(body) });
    expect((await post('depositos', { data: '2025-11-01', valor: '100.00', documento: 'extrato' })).status).toBe(201);
    const body = { tipo: 'PAGAMENTO', data: '2025-11-02', valor: '60.00', documento: 'alvará' };
    const answers = await Promise.all([post('debitos', body), post('debitos', body)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = answers.find((r) => r.status === 409)!;
    expect(((await refused.json()) as { motivo: string }).motivo).toMatch(/saldo disponível de 40\.00/);
  });
});
