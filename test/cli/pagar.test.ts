// Goal: `precatorios pagar` pays an ente's lists in the legal order and records it all in one
// transaction: payments, beneficiaries' `pago`, status `pago`, one event per payment and one summary
// event; bad input is refused with a Portuguese reason and exit code 64, before anything is written.
// Method: a PGlite directory seeded with a small demo registry; the CLI spawned against it as a real
// process; the store read back and compared with the pure plan. Runtime: ~15 s (5 processes).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pagarCommand } from '../../src/cli/pagar.ts';
import { localActor } from '../../src/shell/environment.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { Dec, money } from '../../src/domain/money.ts';
import { buildPaymentOrder } from '../../src/domain/queue/payment-order.ts';
import { planPaymentRun } from '../../src/domain/queue/payment-run.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { getEnte, importRegistry, precatoriosOfEnte } from '../../src/storage/registry-store.ts';
import { demoInput } from '../support/api.ts';
import { RULES } from '../support/rules.ts';
import { seedR517 } from '../support/r517-registry.ts';

const BIN = fileURLToPath(new URL('../../bin/precatorios.mjs', import.meta.url));
const ENTE = 'municipio-de-belem';
const DATE = isoDate('2026-11-23');
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pagar-'));
  const db = await openDatabase({ pgliteDir: join(dir, 'pglite') });
  await db.transaction((tx) => importRegistry(tx, demoInput(7, 0.05), 'teste'));
  await db.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(process.execPath, [BIN, 'pagar', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', PRECATORIOS_DATA_DIR: join(dir, 'pglite') },
  });
}

/** The command in this process (input errors need no child): exit code and what it wrote to stderr. */
async function runHere(...args: string[]): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('PRECATORIOS_DATA_DIR', join(dir, 'pglite'));
  try {
    return { status: await pagarCommand.run(args), stderr };
  } finally {
    spy.mockRestore();
    vi.unstubAllEnvs();
  }
}

async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase({ pgliteDir: join(dir, 'pglite') });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

async function totals(db: Db) {
  const { rows } = await db.query<Record<string, string>>(
    `select (select count(*) from payments)::text as pagamentos, (select coalesce(sum(amount), 0) from payments)::text as soma,
            (select count(*) from events where kind like 'pagamento-%')::text as eventos,
            (select count(*) from events where kind = 'rodada-de-pagamento')::text as rodadas`,
  );
  return rows[0]!;
}

describe('precatorios pagar', () => {
  it('refuses bad input with the reason and exit code 64, writing nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--valor', '1000'], /informe o ente/],
      [['--ente', ENTE], /informe o valor disponível/],
      [['--ente', ENTE, '--valor', 'abc'], /--valor: "abc" não é um valor em reais/],
      [['--ente', ENTE, '--valor', '0'], /deve ser maior que zero/],
      [['--ente', ENTE, '--valor', '10.005'], /duas casas decimais/],
      [['--ente', ENTE, '--valor', '100', '--data', '2026-02-30'], /--data: "2026-02-30" não é uma data válida/],
      [['--ente', ENTE, '--valor', '100', '--formato', 'xml'], /--formato deve ser tabela ou json/],
    ];
    for (const [args, reason] of cases) {
      const result = await runHere(...args);
      expect(result.status, args.join(' ')).toBe(64);
      expect(result.stderr).toMatch(reason);
    }
    const unknown = await runHere('--ente', 'ente-que-nao-existe', '--valor', '100', '--data', DATE);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('ente "ente-que-nao-existe" não está no registro');
    expect(await withDb(totals)).toEqual({ pagamentos: '0', soma: '0', eventos: '0', rodadas: '0' });
  });

  it('pays in the legal order what the pure plan says, to the cent, and records it all (Brazilian amount, JSON output)', async () => {
    const before = await withDb(async (db) => {
      const ente = (await getEnte(db, ENTE))!.ente;
      return { ente, precatorios: await precatoriosOfEnte(db, ENTE) };
    });
    const order = buildPaymentOrder(before.precatorios, before.ente, DATE, RULES);
    // Three quarters of what is payable: the tranches, part of the list, and one paid in part.
    const payable = planPaymentRun(order, before.ente.regime, new Dec(0)).payableBrl;
    const amount = payable.times(0.75).toDecimalPlaces(2, Dec.ROUND_DOWN);
    const plan = planPaymentRun(order, before.ente.regime, amount);
    expect(plan.partial).toBeDefined();
    expect(plan.items.some((i) => i.kind === 'superpreferencia')).toBe(true);

    const brazilian = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2 }).format(Number(amount.toFixed(2)));
    const result = run('--ente', ENTE, '--valor', brazilian, '--data', '23/11/2026', '--usuario', 'servidora', '--formato', 'json');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('aviso: --usuario foi descontinuado e é ignorado');
    const out = JSON.parse(result.stdout);
    expect(out.pago).toBe(amount.toFixed(2));
    expect(out.sobra).toBe('0.00');
    expect(
      out.pagamentos.map((p: { numero: string; beneficiario: string; valor: string; lista: string }) => [p.lista, p.numero, p.beneficiario, p.valor]),
    ).toEqual(plan.items.map((i) => [i.kind, i.numero, i.beneficiarioId, i.amountBrl.toFixed(2)]));
    expect(out.parcial.numero).toBe(plan.partial!.numero);

    await withDb(async (db) => {
      expect(await totals(db)).toEqual({ pagamentos: String(plan.items.length), soma: amount.toFixed(2), eventos: String(plan.items.length), rodadas: '1' });
      const { rows } = await db.query<{ actor: string; paid_on: string }>('select distinct actor, paid_on::text as paid_on from payments');
      // The OS user who ran the command, not the --usuario it typed (deprecated: accepted, ignored, said so).
      expect(rows).toEqual([{ actor: localActor(), paid_on: DATE }]);
      expect(localActor()).toMatch(/^local:.+/);
      const after = await precatoriosOfEnte(db, ENTE);
      const settled = new Set(plan.settled);
      for (const p of after)
        expect(p.status === 'pago', p.numero).toBe(settled.has(p.numero) || before.precatorios.find((x) => x.numero === p.numero)!.status === 'pago');
      // Σ paid per beneficiary grew by exactly what the plan gave it.
      const paidBefore = new Map(before.precatorios.flatMap((p) => p.beneficiarios.map((b) => [b.id, b.pagoBrl] as const)));
      for (const p of after)
        for (const b of p.beneficiarios) {
          const planned = plan.items.filter((i) => i.beneficiarioId === b.id).reduce((a, i) => a.plus(i.amountBrl), new Dec(0));
          expect(b.pagoBrl.minus(paidBefore.get(b.id)!).equals(planned), b.id).toBe(true);
        }
      const summary = await db.query<{ after: Record<string, unknown> }>(`select after from events where kind = 'rodada-de-pagamento'`);
      expect(summary.rows[0]!.after).toMatchObject({
        data: DATE,
        disponivel: amount.toFixed(2),
        pago: amount.toFixed(2),
        sobra: '0.00',
        pagamentos: plan.items.length,
      });
    });
  });

  it('pays the rest with money left over, then has nothing to pay and writes nothing (table output)', async () => {
    const first = run('--ente', ENTE, '--valor', '999999999.99', '--data', DATE);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Rodada de pagamento — municipio-de-belem, 2026-11-23');
    expect(first.stdout).toMatch(/sobra: R\$\s[\d.]+,\d\d/);
    const counts = await withDb(totals);
    const again = run('--ente', ENTE, '--valor', '1000', '--data', DATE);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Nada a pagar');
    expect(await withDb(totals)).toEqual(counts);
    await withDb(async (db) => {
      const open = (await precatoriosOfEnte(db, ENTE)).filter((p) => p.status === 'ativo');
      // Everyone active was paid in full; only suspended ones keep a balance.
      expect(open).toEqual([]);
      expect(money((await db.query<{ s: string }>('select (select sum(amount) from payments)::text as s')).rows[0]!.s).greaterThan(0)).toBe(true);
    });
  });
});

describe('precatorios pagar liquidates on the payment date (issue 16 §1, R5.17 example)', () => {
  let liqDir: string;
  beforeAll(async () => {
    liqDir = mkdtempSync(join(tmpdir(), 'pagar-liq-'));
    const db = await openDatabase({ pgliteDir: join(liqDir, 'pglite') });
    await seedR517(db);
    await db.close();
  }, 60_000);
  afterAll(() => rmSync(liqDir, { recursive: true, force: true }));
  const runLiq = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, 'pagar', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', PRECATORIOS_DATA_DIR: join(liqDir, 'pglite') },
    });

  it('refuses a future date, in Portuguese, before anything is written', () => {
    const r = runLiq('--ente', 'x', '--valor', '200000.00', '--data', '2030-01-15');
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/--data/);
  });

  it('pays R$ 200.000,00 as tranches of 145.890,00 + 54.110,00 on R$ 174.789,41 owed each, with the components', () => {
    const r = runLiq('--ente', 'x', '--valor', '200.000,00', '--data', '2026-01-15', '--formato', 'json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.pagavel).toBe('349578.82');
    expect(out.pagamentos.map((p: { valor: string; liquidacao: { devido: string; mes: string } }) => [p.valor, p.liquidacao.devido, p.liquidacao.mes])).toEqual(
      [
        ['145890.00', '174789.41', '2026-01'],
        ['54110.00', '174789.41', '2026-01'],
      ],
    );
    for (const p of out.pagamentos as { valor: string; liquidacao: { componentes: Record<string, string> } }[])
      expect(
        Object.values(p.liquidacao.componentes)
          .reduce((s, v) => s.plus(money(v)), new Dec(0))
          .toFixed(2),
      ).toBe(p.valor);
    expect(out.quitados).toEqual([]);
  });

  it('the table shows owed, paid and the components, and says how the amounts were valued', () => {
    const r = runLiq('--ente', 'x', '--valor', '10,00', '--data', '2026-01-15');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/devido na data/);
    expect(r.stdout).toMatch(/juros EC 136/);
    expect(r.stdout).toContain('Valores liquidados em 01/2026');
  });
});
