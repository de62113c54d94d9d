// Goal: the creditor's lookup shows the balance corrected to a month, with its memória de cálculo,
// computed by the same engine as `precatorios corrigir`, from the series stored in the registry.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { correct, isModulated } from '../../src/domain/correction/index.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { CORRECTION_RULES, SHARED_SERIES, TJAP_JUROS, envWith } from '../domain/correction/fixtures.ts';
import { demoApp } from '../support/api.ts';

let ctx: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  ctx = await demoApp();
}, 60_000);
afterAll(async () => {
  await ctx.db.close();
});

const lookup = async (numero: string, query = '') => (await (await ctx.app.request(`/api/precatorios/${numero}${query}`)).json()) as any;

it('says the indices are missing before any import', async () => {
  const p = ctx.input.precatorios[0]!;
  expect((await lookup(p.numero)).valorCorrigido).toEqual({ erro: expect.stringContaining('índices ainda não carregados') });
});

it('corrects the open balance with the stored series, line by line as the engine does', async () => {
  await new SqlIndexStore(ctx.db).put([...SHARED_SERIES, TJAP_JUROS]);
  // Not modulated (expedidos after 25/03/2015): the shared TR series starts only in 2022 (R5.5).
  const candidates = ctx.input.precatorios.filter((p) => p.status === 'ativo' && p.dataBase && p.dataBase >= '2015-06' && p.dataBase <= '2021-06').slice(0, 20);
  expect(candidates.length).toBe(20);
  const env = envWith({ extra: [TJAP_JUROS] });
  expect(env.rules).toBe(CORRECTION_RULES);
  for (const p of candidates) {
    const body = await lookup(p.numero, '?ate=2025-07');
    const ente = ctx.input.entes.find((e) => e.id === p.enteId)!;
    const saldo = p.beneficiarios.reduce((a, b) => a.plus(b.valorBrl.minus(b.pagoBrl)), p.valorRequisitadoBrl.minus(p.valorRequisitadoBrl));
    const expected = correct(
      saldo,
      p.dataBase!,
      '2025-07' as never,
      {
        natureza: p.natureza,
        tributario: p.tributario,
        modulated: isModulated(p, env.rules),
        esfera: ente.esfera,
        budgetYear: body.posicao.orcamento,
      },
      env,
    );
    if (!expected.ok) throw new Error(JSON.stringify(expected.error));
    expect(body.valorCorrigido.total).toBe(expected.value.totalBrl.toFixed(2));
    expect(body.valorCorrigido.memoria.length).toBe(expected.value.lines.length);
    expect(body.valorCorrigido.memoria.some((l: any) => l.fase === 'GRACA')).toBe(true);
  }
});

it('explains, instead of guessing, when a modulated precatório needs TR months the registry lacks', async () => {
  const modulated = ctx.input.precatorios.find((p) => p.status === 'ativo' && isModulated(p, CORRECTION_RULES) && p.dataBase! < '2014-01')!;
  const body = await lookup(modulated.numero, '?ate=2025-07');
  expect(body.valorCorrigido.erro).toMatch(/série tr: sem taxa para \d{4}-\d{2}/);
  expect(body.posicao.posicao).toBeGreaterThan(0);
});

it('refuses a malformed target month with 400', async () => {
  const res = await ctx.app.request(`/api/precatorios/${ctx.input.precatorios[0]!.numero}?ate=2025-13`);
  expect(res.status).toBe(400);
  expect(((await res.json()) as any).campo).toBe('ate');
});

it('re-reads the stored series only after the recheck interval (a sync shows up within it)', async () => {
  const { openDatabase } = await import('../../src/storage/open-db.ts');
  const { CorrectionService } = await import('../../src/app/correction-environment.ts');
  const db = await openDatabase({ pgliteDir: 'memory://' });
  try {
    let clock = 0;
    const service = new CorrectionService(db, CORRECTION_RULES, 1000, () => clock);
    expect(await service.env()).toBeUndefined();
    await new SqlIndexStore(db).put([...SHARED_SERIES]);
    clock = 999;
    expect(await service.env()).toBeUndefined();
    clock = 1000;
    expect(Object.keys((await service.env())!.indices).sort()).toEqual(['inpc', 'ipca', 'ipca_e', 'poupanca', 'selic', 'tr']);
  } finally {
    await db.close();
  }
});
