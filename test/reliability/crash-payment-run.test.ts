// Goal (issue 9, "Crash safety"): a staff payment run (`precatorios pagar`) killed with SIGKILL
// mid-way leaves either none of its payments or all of them — payments, beneficiaries' `pago`,
// statuses, versions and the event log agreeing — on a file-backed PGlite store and on PostgreSQL.
// Method: a store seeded once with the demo registry (template, copied back after a run that
// committed); `pagar` for the Estado do Pará with 90 % of its payable balance (hundreds of
// payments, the last one partial) in a child process, killed at seeded moments tied to its
// progress on stderr; after each kill the store is reopened with openDatabase, passes the self-check
// `servir` runs at start (checkStoreTotals), and is compared with the state before the run and with
// the state the pure plan predicts.
// Runtime (2 cores, idle): ~1–2 min per backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.ts';
import { Dec } from '../../src/domain/money.ts';
import { buildPaymentOrder } from '../../src/domain/queue/payment-order.ts';
import { type PaymentRunPlan, planPaymentRun } from '../../src/domain/queue/payment-run.ts';
import { getEnte, importRegistry, precatoriosOfEnte } from '../../src/storage/registry-store.ts';
import { demoInput } from '../support/api.ts';
import { RULES } from '../support/rules.ts';
import { type CrashStore, CRASH_BACKENDS, reopenChecked } from './support/crash-stores.ts';
import { type ChildSpec, killPlan, runAndKill, sooner } from './support/kill.ts';
import { ALLOWED, type KillRecord, type Outcome, summarise } from './support/outcomes.ts';
import { type PaymentState, afterRun, paymentState } from './support/payment-state.ts';

const SEED = 20261124;
const ENTE = 'estado-do-para';
const DATE = isoDate('2026-11-23');
/** 21 kills per backend: 4 in start-up, 12 in the first 15 % of the payments, 3 anywhere, 1 before the commit, 1 after it. */
const COUNTS = { startup: 4, earlyWrites: 12, anyWrite: 3, afterLastWrite: 1, afterCommit: 1 };

describe.each(CRASH_BACKENDS)('rodada de pagamento morta com SIGKILL ($name)', (backend) => {
  let store: CrashStore;
  let before: PaymentState;
  let plan: PaymentRunPlan;
  let spec: ChildSpec;

  beforeAll(async () => {
    store = await backend.create(async (db) => {
      await db.transaction((tx) => importRegistry(tx, demoInput(SEED, 0.2), 'teste'));
    });
    const db = await store.open();
    try {
      before = await paymentState(db, ENTE);
      const { ente } = (await getEnte(db, ENTE))!;
      const order = buildPaymentOrder(await precatoriosOfEnte(db, ENTE), ente, DATE, RULES);
      const payable = planPaymentRun(order, ente.regime, new Dec(0)).payableBrl;
      plan = planPaymentRun(order, ente.regime, payable.times(0.9).toDecimalPlaces(2, Dec.ROUND_DOWN));
    } finally {
      await db.close();
    }
    spec = {
      args: ['pagar', '--ente', ENTE, '--valor', plan.availableBrl.toFixed(2), '--data', DATE, '--usuario', 'teste-de-queda', '--formato', 'json'],
      env: store.env,
      total: plan.items.length,
      // pagar prints this only after its transaction committed.
      committed: /rodada gravada/,
    };
  }, 180_000);
  afterAll(async () => {
    await store?.dispose();
  });

  it('the run is long enough to be killed mid-way, and ends with a partial payment', () => {
    expect(plan.items.length).toBeGreaterThan(300);
    expect(plan.partial).toBeDefined();
    expect(before.payments).toBe(0);
  });

  it('after every kill the store reopens with none of the run or all of it, balances, statuses and events agreeing', async () => {
    const whole = afterRun(before, plan);
    const records: KillRecord[] = [];
    let last: Outcome = 'none';
    // A run that ends before its kill is a record too; the same moment is then tried sooner.
    for (const planned of killPlan(SEED + (backend.name === 'pglite' ? 1 : 2), COUNTS, plan.items.length, 0.15, 2500)) {
      for (const trigger of sooner(planned)) {
        if (last === 'all') await store.reset();
        const result = await runAndKill(spec, trigger);
        await store.settle();
        if (!result.killed) expect(result.exitCode, result.stderr).toBe(0);
        const started = Date.now();
        const db = await reopenChecked(store, `após ${result.killed ? 'SIGKILL' : 'saída'} em ${result.stage}`);
        let state: PaymentState;
        try {
          state = await paymentState(db, ENTE);
        } finally {
          await db.close();
        }
        const context = `após ${result.killed ? 'SIGKILL' : 'saída'} em ${result.stage} (gravados ${result.progress} de ${plan.items.length}, ${result.elapsedMs} ms)`;
        if (state.payments === 0) {
          expect(state, `nenhum pagamento da rodada deveria restar ${context}`).toEqual(before);
          last = 'none';
        } else {
          expect(state, `a rodada inteira deveria estar no banco ${context}`).toEqual(whole);
          last = 'all';
        }
        if (result.killed) expect(ALLOWED[result.stage], `${result.stage} → ${last}`).toContain(last);
        records.push({ result, outcome: last, reopenMs: Date.now() - started });
        if (result.killed) break;
      }
    }
    console.info(summarise(`rodada de ${plan.items.length} pagamentos (${ENTE}), ${backend.name}`, records));
    const killed = records.filter((r) => r.result.killed);
    expect(killed.length).toBeGreaterThanOrEqual(20);
    expect(killed.filter((r) => r.result.stage === 'mid-write').length).toBeGreaterThanOrEqual(10);
    expect(records.some((r) => r.outcome === 'all')).toBe(true);
  }, 1_200_000);
});
