// Goal: the event log (migration 0001) and the special-account ledger (0015, R7.2) are append-only
// at the database level, on both backends — whatever the application code does, UPDATE, DELETE and
// TRUNCATE fail and leave them as they were; INSERT still works.
// Method: write events through a staff write and a deposit, then try every way of changing them,
// alone and inside a transaction that also did legitimate work (which must then roll back whole).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDeposit } from '../../src/app/special-account.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { money } from '../../src/domain/money.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { registerPayment } from '../../src/storage/registry-writes.ts';
import { demoInput } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';

const REFUSED = /somente de inclusão \((UPDATE|DELETE|TRUNCATE) proibido\)/;
// TRUNCATE of `events` alone meets the ledger's foreign key (special_account_entries.event_id)
// before the trigger: PostgreSQL refuses it for that reason first. Either refusal keeps the log.
const TRUNCATE_REFUSED = new RegExp(`${REFUSED.source}|cannot truncate a table referenced in a foreign key constraint`);

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
    await db.query(`insert into entes (id, nome, esfera, regime) values ('ente-razao', 'Ente do razão', 'estadual', 'especial')`);
    await recordDeposit(db, RULES, { enteId: 'ente-razao', actor: 'servidora', date: isoDate('2025-11-20'), amount: money('1000.00'), document: 'DJ 1' });
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
    ['TRUNCATE together with the ledger that references it', 'truncate events, special_account_entries'],
    ['TRUNCATE … CASCADE', 'truncate events cascade'],
  ];

  it.each(attempts)('refuses %s and leaves the log as it was', async (_name, sql) => {
    const before = await log();
    expect(before).toContain('pagamento-cronologica');
    await expect(db.query(sql)).rejects.toThrow(sql.startsWith('truncate') ? TRUNCATE_REFUSED : REFUSED);
    expect(await log()).toBe(before);
  });

  /** The whole special-account ledger, as text, in id order. */
  const ledger = async () =>
    (await db.query<{ t: string }>(`select coalesce(string_agg(e::text, '|' order by e.id), '') as t from special_account_entries e`)).rows[0]!.t;
  const ledgerAttempts: [string, string][] = [
    ['UPDATE of an amount', 'update special_account_entries set amount = amount + 1'],
    ['UPDATE of a date', `update special_account_entries set entry_date = '2020-01-01'`],
    ['DELETE of a debit', `delete from special_account_entries where direction = 'debito'`],
    ['DELETE of every row', 'delete from special_account_entries'],
    ['TRUNCATE', 'truncate special_account_entries'],
  ];

  it.each(ledgerAttempts)('refuses %s of the special-account ledger and leaves it as it was', async (_name, sql) => {
    const before = await ledger();
    expect(before).toContain('DEPOSITO');
    await expect(db.query(sql)).rejects.toThrow(REFUSED);
    expect(await ledger()).toBe(before);
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
