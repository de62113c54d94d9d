// Goal: the special account's use cases on both storage backends (issue 17 §1; R7.2, R7.3, R7.5):
// a deposit is split by the plan's share (never under the ADCT 102 minimum); a debit beyond the
// balance is refused naming the balance and writes nothing; SQL SUMs of the table equal the pure
// ledger's balances after any history (fast-check), and no account is ever negative at any date;
// the CSV import is all-or-none and reports every bad line with line and field.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDeposits, recordDebit, recordDeposit } from '../../src/app/special-account.ts';
import { setFunding } from '../../src/app/staff-writes.ts';
import { isoDate, makeIsoDate } from '../../src/domain/dates.ts';
import { Dec, type Money, ZERO, money } from '../../src/domain/money.ts';
import { availableOn, balancesOf, debitMovement, signed } from '../../src/domain/special-account/index.ts';
import { supportedDates } from '../../src/domain/supported-dates.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import type { Db } from '../../src/storage/db.ts';
import { StoreError } from '../../src/storage/errors.ts';
import { ledgerOf } from '../../src/storage/special-account-store.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';

const DATES = supportedDates(RULES, loadCorrectionRules(), isoDate('2026-11-30'));
let nextEnte = 0;
async function newEnte(db: Db, id = `ente-teste-${++nextEnte}`): Promise<string> {
  await db.query(`insert into entes (id, nome, esfera, regime) values ($1, $2, 'estadual', 'especial')`, [id, `Ente ${id}`]);
  return id;
}

/** Balances by SQL SUM, the way the table is meant to be read. */
async function sqlBalances(db: Db, enteId: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ account: string; balance: string }>(
    `select account, sum(case direction when 'credito' then amount else -amount end)::text as balance
     from special_account_entries where ente_id = $1 group by account`,
    [enteId],
  );
  return Object.fromEntries(rows.map((r) => [r.account, new Dec(r.balance).toFixed(2)]));
}

for (const backend of BACKENDS) {
  describe(`special account on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    beforeAll(async () => {
      db = await backend.open();
    }, 60_000);
    afterAll(async () => db?.dispose());

    it('splits a deposit by the plan share (0,6) for a regulated ente; all to the list otherwise', async () => {
      const para = await newEnte(db, 'estado-do-para');
      await setFunding(db, RULES, {
        enteId: para,
        actor: 'ana',
        validFrom: isoDate('2026-01-01'),
        kind: 'deposito-mensal',
        amount: money('1000'),
        chronologicalShare: '0.6',
      });
      const r = await recordDeposit(db, RULES, {
        enteId: para,
        actor: 'ana',
        date: isoDate('2026-03-10'),
        amount: money('1000.01'),
        document: 'extrato BB 03/2026',
      });
      expect([r.balances.CRONOLOGICA.toFixed(2), r.balances.ACORDO.toFixed(2), r.balances.ENTRADA.toFixed(2)]).toEqual(['600.01', '400.00', '0.00']);
      const other = await newEnte(db);
      const s = await recordDeposit(db, RULES, { enteId: other, actor: 'ana', date: isoDate('2026-03-10'), amount: money('1000.01'), document: 'extrato' });
      expect([s.balances.CRONOLOGICA.toFixed(2), s.balances.ACORDO.toFixed(2)]).toEqual(['1000.01', '0.00']);
      const events = await db.query<{ kind: string; actor: string; n: string }>(
        `select e.kind, e.actor, count(s.id)::text as n from events e join special_account_entries s on s.event_id = e.id where e.ente_id = $1 group by e.kind, e.actor`,
        [para],
      );
      expect(events.rows).toEqual([{ kind: 'deposito-registrado', actor: 'ana', n: '5' }]);
    });

    it('refuses a debit beyond the balance, naming account and balance, and writes nothing', async () => {
      const ente = await newEnte(db);
      await recordDeposit(db, RULES, { enteId: ente, actor: 'ana', date: isoDate('2026-04-01'), amount: money('100.00'), document: 'extrato' });
      const before = await sqlBalances(db, ente);
      const refused = recordDebit(db, {
        enteId: ente,
        actor: 'ana',
        debit: { kind: 'PAGAMENTO', date: isoDate('2026-04-02'), amount: money('100.01'), document: 'alvará 1' },
      });
      await expect(refused).rejects.toBeInstanceOf(StoreError);
      await expect(refused).rejects.toThrow(/conta da ordem cronológica do ente .* saldo disponível de 100\.00 em 2026-04-02/);
      expect(await sqlBalances(db, ente)).toEqual(before);
      // A back-dated debit cannot spend money that arrived later.
      await expect(
        recordDebit(db, { enteId: ente, actor: 'ana', debit: { kind: 'PAGAMENTO', date: isoDate('2026-03-31'), amount: money('1.00'), document: 'alvará 2' } }),
      ).rejects.toThrow(/saldo disponível de 0\.00 em 2026-03-31/);
      const ok = await recordDebit(db, {
        enteId: ente,
        actor: 'ana',
        debit: { kind: 'PAGAMENTO', date: isoDate('2026-04-02'), amount: money('100.00'), document: 'alvará 3', precatorio: 'P-1' },
      });
      expect(ok.balances.CRONOLOGICA.toFixed(2)).toBe('0.00');
    });

    it('SQL SUMs equal the pure ledger after any history; never negative at any date; refusals exactly beyond the available', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              deposit: fc.boolean(),
              day: fc.integer({ min: 1, max: 28 }),
              cents: fc.integer({ min: 1, max: 5_000_000 }),
              which: fc.constantFrom('PAGAMENTO' as const, 'TRANSFERENCIA' as const),
            }),
            { minLength: 1, maxLength: 10 },
          ),
          async (ops) => {
            const ente = await newEnte(db);
            for (const op of ops) {
              const date = makeIsoDate(2026, 6, op.day);
              const amount = new Dec(op.cents).dividedBy(100);
              if (op.deposit) {
                await recordDeposit(db, RULES, { enteId: ente, actor: 'prop', date, amount, document: 'extrato' });
                continue;
              }
              const debit =
                op.which === 'PAGAMENTO'
                  ? ({ kind: 'PAGAMENTO', date, amount, document: 'alvará' } as const)
                  : ({ kind: 'TRANSFERENCIA', date, amount, document: 'varredura', from: 'CRONOLOGICA', to: 'ACORDO' } as const);
              const available = availableOn(await ledgerOf(db, ente), debitMovement(debit)[0]!.account, date);
              const outcome = await recordDebit(db, { enteId: ente, actor: 'prop', debit }).then(
                () => 'ok',
                (e: unknown) => (e instanceof StoreError ? 'recusado' : Promise.reject(e)),
              );
              expect(outcome).toBe(amount.lessThanOrEqualTo(available) ? 'ok' : 'recusado');
            }
            const ledger = await ledgerOf(db, ente);
            const b = balancesOf(ledger);
            const sums = await sqlBalances(db, ente);
            for (const a of ['ENTRADA', 'CRONOLOGICA', 'ACORDO'] as const) expect(sums[a] ?? '0.00').toBe(b[a].toFixed(2));
            const running: Record<string, Money> = { ENTRADA: ZERO, CRONOLOGICA: ZERO, ACORDO: ZERO };
            for (const e of ledger) {
              running[e.account] = running[e.account]!.plus(signed(e));
              expect(running[e.account]!.isNegative()).toBe(false);
            }
          },
        ),
        { numRuns: 12 },
      );
    }, 120_000);

    it('imports deposits all or none, reporting every bad line with line and field', async () => {
      const ente = await newEnte(db);
      const bad = await importDeposits(db, RULES, {
        actor: 'ana',
        dates: DATES,
        csv: `\uFEFFente;data;valor;documento\n${ente};10/05/2026;1.500,00;extrato 1\nnao-existe;2026-05-11;10,00;x\n${ente};2026-02-30;10,00;x\n${ente};2026-05-12;-5,00;x\n${ente};2099-01-01;1,00;\n`,
      });
      expect(bad.ok).toBe(false);
      if (bad.ok) return;
      expect(bad.errors.map((e) => `${e.line}:${e.field}`)).toEqual(['3:ente', '4:data', '5:valor', '6:data', '6:documento']);
      expect(await ledgerOf(db, ente)).toEqual([]);
      const good = await importDeposits(db, RULES, {
        actor: 'ana',
        dates: DATES,
        csv: `ente,data,valor,documento\n${ente},2026-05-10,"1.500,00",extrato 1\n${ente},2026-06-10,200.5,extrato 2\n`,
      });
      expect(good).toEqual({ ok: true, recorded: 2, total: money('1700.5') });
      expect((await sqlBalances(db, ente))['CRONOLOGICA']).toBe('1700.50');
    });
  });
}
