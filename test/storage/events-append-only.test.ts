// Goal: the event log is append-only at the database level (migration 0001's triggers), on both
// backends — whatever the application code does, UPDATE, DELETE and TRUNCATE of `events` fail and
// leave the log as it was; INSERT still works.
// Method: write events through a staff write, then try every way of changing them, alone and
// inside a transaction that also did legitimate work (which must then roll back as a whole).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.ts';
import { money } from '../../src/domain/money.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { registerPayment } from '../../src/storage/registry-writes.ts';
import { demoInput } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';

const REFUSED = /somente de inclusão \((UPDATE|DELETE|TRUNCATE) proibido\)/;

describe.each(BACKENDS)('append-only event log on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  const input = demoInput(3, 0.02);
  const target = input.precatorios.find((p) => p.status === 'ativo')!;

  /** The whole log, as text, in id order: what must not change. */
  const log = async () => (await db.query<{ t: string }>(`select coalesce(string_agg(e::text, '|' order by e.id), '') as t from events e`)).rows[0]!.t;

  beforeAll(async () => {
    db = await backend.open();
    await db.transaction((tx) => importRegistry(tx, input, 'teste'));
    await db.transaction((tx) =>
      registerPayment(tx, {
        numero: target.numero,
        actor: 'servidora',
        beneficiarioId: target.beneficiarios[0]!.id,
        amountBrl: money('1.00'),
        kind: 'cronologica',
        paidOn: isoDate('2025-11-20'),
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await db.dispose();
  });

  const attempts: [string, string][] = [
    ['UPDATE of one row', `update events set actor = 'intruso' where kind = 'pagamento-cronologica'`],
    ['UPDATE of every row', `update events set after = '{}'::jsonb`],
    ['UPDATE of the id (renumbering)', 'update events set id = id + 1000000'],
    ['DELETE of one row', `delete from events where kind = 'pagamento-cronologica'`],
    ['DELETE of every row', 'delete from events'],
    ['TRUNCATE', 'truncate events'],
    ['TRUNCATE together with another table', 'truncate events, penhoras'],
  ];

  it.each(attempts)('refuses %s and leaves the log as it was', async (_name, sql) => {
    const before = await log();
    expect(before).toContain('pagamento-cronologica');
    await expect(db.query(sql)).rejects.toThrow(REFUSED);
    expect(await log()).toBe(before);
  });

  it('rolls back a whole transaction that tries to rewrite the log after legitimate work', async () => {
    const before = await log();
    const payments = async () => (await db.query<{ n: string }>('select count(*)::text as n from payments')).rows[0]!.n;
    const paymentsBefore = await payments();
    await expect(
      db.transaction(async (tx) => {
        await registerPayment(tx, {
          numero: target.numero,
          actor: 'servidora',
          beneficiarioId: target.beneficiarios[0]!.id,
          amountBrl: money('2.00'),
          kind: 'cronologica',
          paidOn: isoDate('2025-11-21'),
        });
        await tx.query(`delete from events where actor = 'servidora'`);
      }),
    ).rejects.toThrow(REFUSED);
    expect(await log()).toBe(before);
    expect(await payments()).toBe(paymentsBefore);
  });

  it('still accepts new events', async () => {
    const count = async () => Number((await db.query<{ n: string }>('select count(*)::text as n from events')).rows[0]!.n);
    const before = await count();
    await db.query(`insert into events (actor, kind) values ('teste', 'nota')`);
    expect(await count()).toBe(before + 1);
  });
});
