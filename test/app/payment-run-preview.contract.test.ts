// Goal (issue 18 §2 "payment run (preview, then confirm)"): a preview of a payment run shows exactly
// what the confirmation then writes — the same payments, liquidations, withholdings, settled and
// partial precatórios, to the centavo — and leaves the registry as it was (payments, balances,
// statuses, versions, events, special account); a refusal is the same refusal. Both backends.
// Method: the seeded demo; for seeded amounts (a share of what is payable, up to all of it) the
// preview, the store's state before and after it, then the confirmed run on the same state; the
// answers compared as the API and `pagar --formato json` print them (paymentRunJson), the preview
// having no payment ids.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentRunJson, runPayment } from '../../src/app/payment-run.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { Dec } from '../../src/domain/money.ts';
import { buildPaymentOrder } from '../../src/domain/queue/payment-order.ts';
import { planPaymentRun } from '../../src/domain/queue/payment-run.ts';
import { StoreError } from '../../src/storage/errors.ts';
import { getEnte, importRegistry, precatoriosOfEnte } from '../../src/storage/registry-store.ts';
import { paymentState } from '../reliability/support/payment-state.ts';
import { demoInput } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';

const DATE = isoDate('2026-11-23');

describe.each(BACKENDS)('payment run preview on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  beforeAll(async () => {
    db = await backend.open();
    await db.transaction((tx) => importRegistry(tx, demoInput(7, 0.02), 'teste'));
  }, 120_000);
  afterAll(async () => db?.dispose());

  const ledger = async () => (await db.query<{ n: string }>('select count(*)::text as n from special_account_entries')).rows[0]!.n;

  it('shows what the confirmation writes, and writes nothing itself', async () => {
    const entes = (await db.query<{ id: string }>('select id from entes order by id')).rows.map((r) => r.id);
    let paying = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...entes), fc.integer({ min: 1, max: 12_000 }), async (enteId, basisPoints) => {
        const { ente } = (await getEnte(db, enteId))!;
        const payable = planPaymentRun(buildPaymentOrder(await precatoriosOfEnte(db, enteId), ente, DATE, RULES), ente.regime, new Dec(0)).payableBrl;
        const available = Dec.max(new Dec('0.01'), payable.times(basisPoints).dividedBy(10_000).toDecimalPlaces(2, Dec.ROUND_DOWN));
        const input = { enteId, availableBrl: available, paidOn: DATE, actor: 'servidora' };
        const before = { state: await paymentState(db, enteId), ledger: await ledger() };
        const preview = await runPayment(db, input, RULES, undefined, undefined, undefined, 'previa');
        expect({ state: await paymentState(db, enteId), ledger: await ledger() }).toEqual(before);
        expect(preview.paymentIds).toEqual([]);
        const confirmed = await runPayment(db, input, RULES);
        const withoutIds = (j: ReturnType<typeof paymentRunJson>) => ({ ...j, pagamentos: j.pagamentos.map((p) => ({ ...p, pagamento: null })) });
        expect(paymentRunJson(preview)).toEqual(withoutIds(paymentRunJson(confirmed)));
        expect(confirmed.paymentIds).toHaveLength(confirmed.items.length);
        if (confirmed.items.length > 0) paying++;
      }),
      { numRuns: 8, seed: 20261202 },
    );
    expect(paying).toBeGreaterThanOrEqual(4);
  }, 600_000);

  it('refuses what the run refuses, in the same words', async () => {
    const input = { enteId: 'ente-que-nao-existe', availableBrl: new Dec(10), paidOn: DATE, actor: 'servidora' };
    const refusal = async (mode: 'gravar' | 'previa') => {
      try {
        await runPayment(db, input, RULES, undefined, undefined, undefined, mode);
      } catch (error) {
        return error instanceof StoreError ? `${error.kind}:${error.campo}:${error.motivo}` : String(error);
      }
      return 'aceito';
    };
    expect(await refusal('previa')).toBe(await refusal('gravar'));
    expect(await refusal('previa')).toMatch(/^nao-encontrado:ente:/);
  });
});
