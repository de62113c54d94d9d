// Goal: the EC 136 plan on both storage backends (issue 17 §3; R7.8, R7.9): the RCL of a year is
// recorded with its source and one event with before and after; bad input is refused naming the
// field and writes nothing; the plan of year Y reads the RCL of Y − 1 and reproduces O7.9 (600
// mi/year, 50 mi/month); what-if changes only the answer; deposits in the ledger below the plan
// flag the debtor with the shortfall (R7.9), and a deposit covering it clears the flag. The API
// answers the same as the use case, writes are staff-only, and bad query values are 400s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec136PlanOf, planJson, recordRcl } from '../../src/app/ec136-plan.ts';
import { recordDeposit, recordSequestro } from '../../src/app/special-account.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { money } from '../../src/domain/money.ts';
import { loadEc136Rules } from '../../src/rules/load-ec136.ts';
import type { Db } from '../../src/storage/db.ts';
import { StoreError } from '../../src/storage/errors.ts';
import { demoApp, demoInput, staffHeaders } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';

const EC136 = loadEc136Rules();
let nextEnte = 0;
async function newEnte(db: Db): Promise<string> {
  const id = `ente-plano-${++nextEnte}`;
  await db.query(`insert into entes (id, nome, esfera, regime) values ($1, $2, 'estadual', 'especial')`, [id, `Ente ${id}`]);
  return id;
}

async function refusal(p: Promise<unknown>): Promise<{ field: string | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StoreError) return { field: e.campo, message: e.motivo };
    throw e;
  }
  throw new Error('não recusou');
}

for (const backend of BACKENDS) {
  describe(`EC 136 plan on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    beforeAll(async () => {
      db = await backend.open();
    }, 60_000);
    afterAll(async () => db?.dispose());

    it('records the RCL with its source; a correction is one event with before and after', async () => {
      const ente = await newEnte(db);
      await recordRcl(db, {
        enteId: ente,
        actor: 'ana',
        exercicio: 2025,
        rcl: money('40000000000'),
        estoqueMora: money('7000000000'),
        fonte: 'RREO 6º bim. 2025',
      });
      await recordRcl(db, { enteId: ente, actor: 'bia', exercicio: 2025, rcl: money('40000000000.50'), fonte: 'RREO retificado' });
      const { rows } = await db.query<{ actor: string; after: { antes: unknown; depois: { rcl: string; fonte: string } } }>(
        `select actor, after from events where ente_id = $1 and kind = 'rcl-registrada' order by id`,
        [ente],
      );
      expect(rows.map((r) => r.actor)).toEqual(['ana', 'bia']);
      expect(rows[0]!.after.antes).toBeNull();
      expect(rows[1]!.after.antes).toEqual({ exercicio: 2025, rcl: '40000000000.00', estoqueMora: '7000000000.00', fonte: 'RREO 6º bim. 2025' });
      expect(rows[1]!.after.depois).toEqual({ exercicio: 2025, rcl: '40000000000.50', estoqueMora: null, fonte: 'RREO retificado' });
    });

    it('refuses out-of-range input naming the field and writes nothing', async () => {
      const ente = await newEnte(db);
      const base = { enteId: ente, actor: 'ana', exercicio: 2025, rcl: money('1000'), fonte: 'RREO' };
      expect(await refusal(recordRcl(db, { ...base, rcl: money('0') }))).toMatchObject({ field: 'rcl' });
      expect(await refusal(recordRcl(db, { ...base, rcl: money('-5') }))).toMatchObject({ field: 'rcl' });
      expect(await refusal(recordRcl(db, { ...base, exercicio: 1999 }))).toMatchObject({ field: 'exercicio' });
      expect(await refusal(recordRcl(db, { ...base, estoqueMora: money('-1') }))).toMatchObject({ field: 'estoqueMora' });
      expect(await refusal(recordRcl(db, { ...base, fonte: '  ' }))).toMatchObject({ field: 'fonte' });
      expect(await refusal(recordRcl(db, { ...base, enteId: 'nao-existe' }))).toMatchObject({ field: 'id' });
      const n = await db.query<{ n: string }>(`select count(*)::text as n from ente_rcl where ente_id = $1`, [ente]);
      expect(n.rows[0]!.n).toBe('0');
      const e = await db.query<{ n: string }>(`select count(*)::text as n from events where ente_id = $1`, [ente]);
      expect(e.rows[0]!.n).toBe('0');
    });

    it('O7.9 from the recorded RCL of Y − 1; what-if changes the answer, not the registry', async () => {
      const ente = await newEnte(db);
      await recordRcl(db, { enteId: ente, actor: 'ana', exercicio: 2025, rcl: money('40000000000'), estoqueMora: money('7000000000'), fonte: 'RREO' });
      const plan = planJson(await ec136PlanOf(db, EC136, { enteId: ente, ano: 2026, asOf: isoDate('2026-01-15') }));
      expect(plan).toMatchObject({ inciso: 'II', percentualRcl: '1.5', limiteAnual: '600000000.00', depositoMensal: '50000000.00', hipotese: false });
      const whatIf = planJson(await ec136PlanOf(db, EC136, { enteId: ente, ano: 2026, asOf: isoDate('2026-01-15'), estoque: money('34000000000.01') }));
      expect(whatIf).toMatchObject({ inciso: 'IX', percentualRcl: '5', limiteAnual: '2000000000.00', hipotese: true });
      expect(planJson(await ec136PlanOf(db, EC136, { enteId: ente, ano: 2026, asOf: isoDate('2026-01-15') })).inciso).toBe('II');
      expect(planJson(await ec136PlanOf(db, EC136, { enteId: ente, ano: 2027, asOf: isoDate('2027-01-15') }))).toMatchObject({ rcl: null });
    });

    it('R7.9: deposits below the plan flag the debtor with the shortfall; a late deposit clears it', async () => {
      const ente = await newEnte(db);
      // RCL 1.200.000,00, stock 100.000,00 → r = 8,3 % → 1 % → 12.000,00/year, 1.000,00/month; plan = min(limit, stock).
      await recordRcl(db, { enteId: ente, actor: 'ana', exercicio: 2025, rcl: money('1200000'), estoqueMora: money('100000'), fonte: 'RREO' });
      await recordDeposit(db, RULES, { enteId: ente, actor: 'ana', date: isoDate('2026-01-20'), amount: money('1000'), document: 'jan' });
      await recordDeposit(db, RULES, { enteId: ente, actor: 'ana', date: isoDate('2026-02-27'), amount: money('400'), document: 'fev' });
      const onMarch = await ec136PlanOf(db, EC136, { enteId: ente, ano: 2026, asOf: isoDate('2026-03-15') });
      expect(planJson(onMarch).inadimplencia).toMatchObject({ inadimplente: true, valorNaoLiberado: '600.00', mesesEmAtraso: ['2026-02'] });
      await recordDeposit(db, RULES, { enteId: ente, actor: 'ana', date: isoDate('2026-03-10'), amount: money('1600'), document: 'mar' });
      const onApril = await ec136PlanOf(db, EC136, { enteId: ente, ano: 2026, asOf: isoDate('2026-04-01') });
      expect(planJson(onApril).inadimplencia).toMatchObject({ inadimplente: false, valorNaoLiberado: '0.00', mesesEmAtraso: ['2026-02'] });
    });

    it('R7.9: a sequestro recorded by staff enters the account like a deposit, is one event, and cures the default', async () => {
      const ente = await newEnte(db);
      await recordRcl(db, { enteId: ente, actor: 'ana', exercicio: 2025, rcl: money('1200000'), estoqueMora: money('100000'), fonte: 'RREO' });
      const before = planJson(await ec136PlanOf(db, EC136, { enteId: ente, ano: 2026, asOf: isoDate('2026-02-28') }));
      expect(before.inadimplencia).toMatchObject({ inadimplente: true, valorNaoLiberado: '2000.00' });
      const r = await recordSequestro(db, RULES, { enteId: ente, actor: 'ana', date: isoDate('2026-02-20'), amount: money('2000.00'), document: 'SISBAJUD 1' });
      expect(r.entries[0]).toMatchObject({ account: 'ENTRADA', kind: 'SEQUESTRO', direction: 'credito' });
      expect(r.balances.CRONOLOGICA.plus(r.balances.ACORDO).toFixed(2)).toBe('2000.00');
      const after = planJson(await ec136PlanOf(db, EC136, { enteId: ente, ano: 2026, asOf: isoDate('2026-02-28') }));
      expect(after.inadimplencia).toMatchObject({ inadimplente: false, valorNaoLiberado: '0.00' });
      const ev = await db.query<{ kind: string }>(`select kind from events where ente_id = $1 order by id`, [ente]);
      expect(ev.rows.map((e) => e.kind)).toEqual(['rcl-registrada', 'sequestro-registrado']);
    });

    it('API: public plan with what-if, staff-only RCL writes, bad values are 400s', async () => {
      const ctx = await demoApp(await backend.open(), demoInput(5, 0.02));
      try {
        const ente = 'estado-do-para';
        const put = (body: unknown, headers: Record<string, string> = staffHeaders) =>
          ctx.app.request(`/api/entes/${ente}/rcl`, { method: 'POST', headers, body: JSON.stringify(body) });
        const before = (await (await ctx.app.request(`/api/entes/${ente}/plano-ec136?ano=2025`)).json()) as { rcl: unknown; motivo: string };
        expect(before.rcl).toBeNull();
        expect(before.motivo).toContain('sem RCL registrada do exercício 2024');
        expect((await put({ exercicio: 2024, valor: '1000.00', fonte: 'x' }, { 'content-type': 'application/json' })).status).toBe(401);
        for (const [campo, bad] of [
          ['valor', { exercicio: 2024, valor: '0.00', fonte: 'x' }],
          ['valor', { exercicio: 2024, valor: '-1', fonte: 'x' }],
          ['exercicio', { exercicio: 1900, valor: '1000.00', fonte: 'x' }],
          ['fonte', { exercicio: 2024, valor: '1000.00', fonte: '' }],
          ['estoqueMora', { exercicio: 2024, valor: '1000.00', estoqueMora: '-5', fonte: 'x' }],
        ] as const) {
          const r = await put(bad);
          expect([campo, r.status, ((await r.json()) as { campo: string }).campo]).toEqual([campo, 400, campo]);
        }
        expect((await put({ exercicio: 2024, valor: '40000000000.00', estoqueMora: '7000000000.00', fonte: 'RREO SEFA-PA 2024' })).status).toBe(201);
        const res = await ctx.app.request(`/api/entes/${ente}/plano-ec136?ano=2025&data=2025-01-10`);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ inciso: 'II', limiteAnual: '600000000.00', depositoMensal: '50000000.00' });
        const whatIf = await ctx.app.request(`/api/entes/${ente}/plano-ec136?ano=2025&data=2025-01-10&rclHipotese=70000000000.00`);
        expect(await whatIf.json()).toMatchObject({ inciso: 'I', limiteAnual: '700000000.00', hipotese: true });
        for (const q of ['ano=2024', 'ano=abc', 'rclHipotese=0', 'estoqueHipotese=-1', 'data=2099-01-01', 'xyz=1'])
          expect([q, (await ctx.app.request(`/api/entes/${ente}/plano-ec136?${q}`)).status]).toEqual([q, 400]);
        expect((await ctx.app.request('/api/entes/nao-existe/plano-ec136?ano=2025')).status).toBe(404);
        const seq = (body: unknown, headers: Record<string, string> = staffHeaders) =>
          ctx.app.request(`/api/entes/${ente}/conta-especial/sequestros`, { method: 'POST', headers, body: JSON.stringify(body) });
        expect((await seq({ data: '2025-11-01', valor: '10.00', documento: 's' }, { 'content-type': 'application/json' })).status).toBe(401);
        expect((await seq({ data: '2025-11-01', valor: '0.00', documento: 's' })).status).toBe(400);
        expect((await seq({ data: '2025-11-01', valor: '10.00', documento: 'ordem 1' })).status).toBe(201);
        const pub = (await (await ctx.app.request(`/api/entes/${ente}/conta-especial`)).json()) as { depositos: { origem?: string; valor: string }[] };
        expect(pub.depositos.filter((d) => d.origem === 'SEQUESTRO').map((d) => d.valor)).toEqual(['10.00']);
        const list = (await (await ctx.app.request(`/api/entes/${ente}/rcl`)).json()) as { itens: unknown[] };
        expect(list.itens).toEqual([{ exercicio: 2024, rcl: '40000000000.00', estoqueMora: '7000000000.00', fonte: 'RREO SEFA-PA 2024' }]);
      } finally {
        await (ctx.db as Db & { dispose?: () => Promise<void> }).dispose?.();
      }
    }, 120_000);
  });
}
