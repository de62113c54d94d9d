// Goal: debtors kept by staff on both backends (issue 17 §5; R4.2): an ente is created and edited
// with one event each (before and after), an unchanged save writes nothing, unknown esfera/regime,
// a bad id and a regime change of an ente with precatórios are refused naming the field; an RPV
// law is recorded with its legal basis (dates outside the supported range refused) and the lists
// follow: GET /api/entes shows the new ceiling (50 SM × the SM in force) right after the write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRpvLaw, saveEnte } from '../../src/app/ente-writes.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { Dec, money } from '../../src/domain/money.ts';
import { ruleInForce } from '../../src/domain/rules/timeline.ts';
import { supportedDates } from '../../src/domain/supported-dates.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import type { Db } from '../../src/storage/db.ts';
import { StoreError } from '../../src/storage/errors.ts';
import { RUN_DATE, demoApp, demoInput, staffHeaders } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';

const DATES = supportedDates(RULES, loadCorrectionRules(), RUN_DATE);

async function refusal(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StoreError) return e.campo;
    throw e;
  }
  return 'aceito';
}

const eventsOf = async (db: Db, ente: string) =>
  (await db.query<{ kind: string; after: { antes: unknown; depois: unknown } }>('select kind, after from events where ente_id = $1 order by id', [ente])).rows;

for (const backend of BACKENDS) {
  describe(`debtors kept by staff on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    beforeAll(async () => {
      db = await backend.open();
    }, 60_000);
    afterAll(async () => db?.dispose());

    it('creates and edits an ente, one event each with before and after; an unchanged save writes nothing', async () => {
      const base = { id: 'municipio-de-teste', nome: 'Município de Teste', esfera: 'municipal', regime: 'geral', actor: 'ana' };
      expect((await saveEnte(db, base)).criado).toBe(true);
      expect((await saveEnte(db, { ...base, nome: 'Município de Teste do Pará' })).criado).toBe(false);
      await saveEnte(db, { ...base, nome: 'Município de Teste do Pará' });
      const ev = await eventsOf(db, base.id);
      expect(ev.map((e) => e.kind)).toEqual(['ente-criado', 'ente-alterado']);
      expect(ev[0]!.after.antes).toBeNull();
      expect(ev[1]!.after).toEqual({
        antes: { id: base.id, nome: 'Município de Teste', esfera: 'municipal', regime: 'geral' },
        depois: { id: base.id, nome: 'Município de Teste do Pará', esfera: 'municipal', regime: 'geral' },
      });
    });

    it('refuses bad input naming the field, and a regime change of an ente with precatórios', async () => {
      const base = { id: 'ente-recusas', nome: 'Ente', esfera: 'estadual', regime: 'especial', actor: 'ana' };
      expect(await refusal(saveEnte(db, { ...base, esfera: 'distrital' }))).toBe('esfera');
      expect(await refusal(saveEnte(db, { ...base, regime: 'misto' }))).toBe('regime');
      expect(await refusal(saveEnte(db, { ...base, id: 'Com Espaço' }))).toBe('id');
      expect(await refusal(saveEnte(db, { ...base, nome: ' ' }))).toBe('nome');
      expect((await db.query('select 1 from entes where id = $1', [base.id])).rows).toHaveLength(0);
      // A regime change of an ente with precatórios: see the API case (Belém, of the demo).
    });

    it('records RPV laws with their basis; out-of-range and malformed input refused naming the field', async () => {
      await saveEnte(db, { id: 'ente-leis', nome: 'Ente das Leis', esfera: 'municipal', regime: 'geral', actor: 'ana' });
      const law = {
        enteId: 'ente-leis',
        actor: 'ana',
        validFrom: isoDate('2024-01-01'),
        kind: 'salarios-minimos',
        amount: new Dec(50),
        legalBasis: 'Lei municipal 1/2023',
      };
      expect(await refusal(recordRpvLaw(db, { ...law, validFrom: isoDate('1900-01-01') }, DATES.expedicao))).toBe('vigenteDesde');
      expect(await refusal(recordRpvLaw(db, { ...law, amount: new Dec(-1) }, DATES.expedicao))).toBe('valor');
      expect(await refusal(recordRpvLaw(db, { ...law, kind: 'teto-rgps' }, DATES.expedicao))).toBe('valor');
      expect(await refusal(recordRpvLaw(db, { ...law, kind: 'outro' }, DATES.expedicao))).toBe('tipo');
      expect(await refusal(recordRpvLaw(db, { ...law, legalBasis: '' }, DATES.expedicao))).toBe('fundamento');
      expect(await refusal(recordRpvLaw(db, { ...law, enteId: 'nao-existe' }, DATES.expedicao))).toBe('id');
      const v0 = (await db.query<{ v: string }>(`select version::text as v from entes where id = 'ente-leis'`)).rows[0]!.v;
      await recordRpvLaw(db, law, DATES.expedicao);
      await recordRpvLaw(db, { ...law, amount: new Dec(45) }, DATES.expedicao);
      const v1 = (await db.query<{ v: string }>(`select version::text as v from entes where id = 'ente-leis'`)).rows[0]!.v;
      expect(Number(v1)).toBe(Number(v0) + 2);
      const ev = (await eventsOf(db, 'ente-leis')).filter((e) => e.kind === 'lei-rpv-registrada');
      expect(ev.map((e) => e.after)).toEqual([
        { antes: null, depois: { vigenteDesde: '2024-01-01', tipo: 'salarios-minimos', valor: '50', fundamento: 'Lei municipal 1/2023' } },
        {
          antes: { vigenteDesde: '2024-01-01', tipo: 'salarios-minimos', valor: '50', fundamento: 'Lei municipal 1/2023' },
          depois: { vigenteDesde: '2024-01-01', tipo: 'salarios-minimos', valor: '45', fundamento: 'Lei municipal 1/2023' },
        },
      ]);
    });

    it('API: staff-only; the RPV ceiling of the lists follows a new law at once', async () => {
      const ctx = await demoApp(await backend.open(), demoInput(5, 0.02));
      try {
        const ente = 'municipio-de-belem';
        const teto = async () =>
          money(
            ((await (await ctx.app.request('/api/entes')).json()) as { entes: { id: string; tetoRpv: string }[] }).entes.find((e) => e.id === ente)!.tetoRpv,
          );
        const before = await teto();
        const post = (path: string, body: unknown, headers: Record<string, string> = staffHeaders) =>
          ctx.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
        const law = { vigenteDesde: '2024-01-01', tipo: 'salarios-minimos', valor: '50', fundamento: 'Lei municipal de teste' };
        expect((await post(`/api/entes/${ente}/leis-rpv`, law, { 'content-type': 'application/json' })).status).toBe(401);
        for (const [campo, bad] of [
          ['valor', { ...law, valor: '-5' }],
          ['vigenteDesde', { ...law, vigenteDesde: '2099-01-01' }],
          ['tipo', { ...law, tipo: 'outro' }],
        ] as const) {
          const r = await post(`/api/entes/${ente}/leis-rpv`, bad);
          expect([campo, r.status, ((await r.json()) as { campo: string }).campo]).toEqual([campo, 400, campo]);
        }
        expect((await post(`/api/entes/${ente}/leis-rpv`, law)).status).toBe(201);
        const sm = ruleInForce(RULES.salarioMinimo, RUN_DATE)!.value;
        const after = await teto();
        expect(after.toFixed(2)).toBe(sm.times(50).toFixed(2));
        expect(after.equals(before)).toBe(false);
        const created = await post('/api/entes', { id: 'municipio-novo', nome: 'Município Novo', esfera: 'municipal', regime: 'especial' });
        expect(created.status).toBe(201);
        expect(((await (await ctx.app.request('/api/entes')).json()) as { entes: { id: string }[] }).entes.map((e) => e.id)).toContain('municipio-novo');
        const belem = ctx.input.entes.find((e) => e.id === ente)!;
        const regime = await post('/api/entes', { id: ente, nome: belem.nome, esfera: belem.esfera, regime: belem.regime === 'geral' ? 'especial' : 'geral' });
        expect([regime.status, ((await regime.json()) as { campo: string }).campo]).toEqual([422, 'regime']);
        const bad = await post('/api/entes', { id: 'municipio-novo', nome: 'Município Novo', esfera: 'municipal', regime: 'misto' });
        expect([bad.status, ((await bad.json()) as { campo: string }).campo]).toEqual([400, 'regime']);
      } finally {
        await (ctx.db as Db & { dispose?: () => Promise<void> }).dispose?.();
      }
    }, 120_000);
  });
}
