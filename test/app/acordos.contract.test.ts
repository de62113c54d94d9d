// Goal: the acordos diretos use cases on both storage backends (issue 17 §2; R7.6, R7.7): the
// R5.17 registry (two R$ 100.000,00 alimentar precatórios, owed R$ 174.789,41 each on 2026-01-15)
// as a regime-especial debtor with an acordo account of R$ 150.000,00 (deposit 300.000,00 × 0,5).
// An edital above 40 % or for a regime-geral ente is refused; a habilitação above the limit or out
// of the period is refused with a Portuguese message; the preview calls in list order (A before B,
// whatever the habilitação order) and writes nothing; the confirmation pays A owed × 0,6, extinguishes
// its whole credit (leaves the list), debits the ACORDO account only, stops at B (does not fit);
// A is never paid again (a new habilitação or staff payment is refused); the art. 82 answer lists
// the acordo without beneficiary; ledger conservation (SQL sums) still holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { callAcordos, createEdital, habilitar } from '../../src/app/acordos.ts';
import { art82Publication, recordDeposit } from '../../src/app/special-account.ts';
import { payPrecatorio, setFunding } from '../../src/app/staff-writes.ts';
import { acordoAmounts } from '../../src/domain/acordos.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { Dec, money } from '../../src/domain/money.ts';
import { DEFAULT_SPECIAL_ACCOUNT_CONFIG, balancesOf } from '../../src/domain/special-account/index.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import type { Db } from '../../src/storage/db.ts';
import { ledgerOf } from '../../src/storage/special-account-store.ts';
import { BACKENDS } from '../support/backends.ts';
import { R517_A as A, R517_B as B, seedR517 } from '../support/r517-registry.ts';
import { RULES } from '../support/rules.ts';
import { envWith } from '../domain/correction/fixtures.ts';

// R7.5: only an ente with an acordo regulation gets an acordo account; the test debtor 'x' is one.
const REGULATED = { ...DEFAULT_SPECIAL_ACCOUNT_CONFIG, acordoRegulatedEntes: new Set(['x']) };
const count = async (db: Db, sql: string) => (await db.query<{ n: string }>(sql)).rows[0]!.n;

describe.each(BACKENDS)('acordos diretos on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  const env = envWith();
  beforeAll(async () => {
    db = await backend.open();
    await seedR517(db);
    await db.query(`insert into entes (id, nome, esfera, regime) values ('geral-1', 'Município Geral', 'municipal', 'geral')`);
    await db.query(`update entes set regime = 'especial' where id = 'x'`);
    await db.query(`update precatorios set regime = 'especial' where ente_id = 'x'`);
    await setFunding(db, RULES, {
      enteId: 'x',
      actor: 'ana',
      validFrom: isoDate('2026-01-01'),
      kind: 'deposito-mensal',
      amount: money('300000'),
      chronologicalShare: '0.5',
    });
    await recordDeposit(
      db,
      RULES,
      { enteId: 'x', actor: 'ana', date: isoDate('2026-01-10'), amount: money('300000.00'), document: 'extrato 01/2026' },
      REGULATED,
    );
  }, 60_000);
  afterAll(async () => db?.dispose());

  let edital = '';
  it('refuses an edital above the 40 % cap or for a regime-geral ente; opens one with its event', async () => {
    const base = { enteId: 'x', actor: 'ana', numero: '1/2026', abertura: isoDate('2026-01-01'), encerramento: isoDate('2026-01-12') };
    await expect(createEdital(db, { ...base, desagioMax: new Dec('0.41') })).rejects.toThrow(/desagioMaximo: deságio máximo 41 % fora do permitido/);
    await expect(createEdital(db, { ...base, enteId: 'geral-1' })).rejects.toThrow(/não está no regime especial/);
    const e = await createEdital(db, { ...base, desagioMax: new Dec('0.40'), fundamento: 'Lei PA 7.482/2010' });
    expect([e.desagioMaximo, e.abertura, e.encerramento]).toEqual(['0.4', '2026-01-01', '2026-01-12']);
    expect(await count(db, `select count(*)::text as n from events where kind = 'acordo-edital-aberto'`)).toBe('1');
    edital = e.id;
  });

  it('refuses a habilitação above the limit or out of the period; habilita B then A', async () => {
    await expect(
      habilitar(db, { editalId: edital, actor: 'ana', numero: A, beneficiarioId: 'b1', desagio: new Dec('0.41'), date: isoDate('2026-01-05') }),
    ).rejects.toThrow('desagio: deságio de 41 % acima do limite do edital (40 %, R7.6)');
    await expect(
      habilitar(db, { editalId: edital, actor: 'ana', numero: A, beneficiarioId: 'b1', desagio: new Dec('0.4'), date: isoDate('2026-01-13') }),
    ).rejects.toThrow(/data: habilitação em 2026-01-13 fora do prazo/);
    await habilitar(db, { editalId: edital, actor: 'ana', numero: B, beneficiarioId: 'b1', desagio: new Dec('0.2'), date: isoDate('2026-01-05') });
    await habilitar(db, { editalId: edital, actor: 'ana', numero: A, beneficiarioId: 'b1', desagio: new Dec('0.4'), date: isoDate('2026-01-06') });
    await expect(
      habilitar(db, { editalId: edital, actor: 'ana', numero: A, beneficiarioId: 'b1', desagio: new Dec('0.3'), date: isoDate('2026-01-06') }),
    ).rejects.toThrow(/já está habilitado/);
    expect(await count(db, `select count(*)::text as n from events where kind = 'acordo-habilitacao'`)).toBe('2');
  });

  it('previews in list order and writes nothing; confirms: A paid owed × 0,6, settled, ACORDO debited, stops at B', async () => {
    const before = [await count(db, 'select count(*)::text as n from payments'), await count(db, 'select count(*)::text as n from special_account_entries')];
    const preview = await callAcordos(db, RULES, env, { editalId: edital, actor: 'ana', date: isoDate('2026-01-15'), confirm: false });
    expect(preview.saldoAcordo).toBe('150000.00');
    expect(preview.acordos.map((a) => [a.precatorio, a.devido, a.desagio, a.pago])).toEqual([[A, '174789.41', '0.4', '104873.65']]);
    expect(preview.acordos[0]!.pago).toBe(acordoAmounts(money('174789.41'), new Dec('0.4')).paidBrl.toFixed(2));
    // B (20 %) would take 139.831,53 > 45.126,35 left: the call stops there (R7.7), nobody after it.
    expect(preview.paradoEm).toEqual({ precatorio: B, beneficiario: 'b1', pago: '139831.53' });
    expect([await count(db, 'select count(*)::text as n from payments'), await count(db, 'select count(*)::text as n from special_account_entries')]).toEqual(
      before,
    );

    const done = await callAcordos(db, RULES, env, { editalId: edital, actor: 'ana', date: isoDate('2026-01-15'), confirm: true });
    expect(done.acordos.map((a) => [a.precatorio, a.pago, a.renuncia])).toEqual([[A, '104873.65', '69915.76']]);
    const { rows } = await db.query<{ kind: string; amount: string; open: string; status: string }>(
      `select p.kind, p.amount::text as amount, (p.open_principal + p.open_juros_mora + p.open_selic + p.open_juros_ec136)::text as open, r.status
         from payments p join precatorios r on r.numero = p.precatorio_numero`,
    );
    expect(rows.map((r) => [r.kind, new Dec(r.amount).toFixed(2), new Dec(r.open).toFixed(2), r.status])).toEqual([['acordo', '104873.65', '0.00', 'pago']]);
    const b = balancesOf(await ledgerOf(db, 'x'));
    expect([b.ACORDO.toFixed(2), b.CRONOLOGICA.toFixed(2)]).toEqual(['45126.35', '150000.00']);
    // Ledger conservation by SQL: the ACORDO account = its credits − its debits.
    const sums = await db.query<{ account: string; s: string }>(
      `select account, sum(case direction when 'credito' then amount else -amount end)::text as s from special_account_entries where ente_id = 'x' group by account`,
    );
    expect(Object.fromEntries(sums.rows.map((r) => [r.account, new Dec(r.s).toFixed(2)]))).toEqual({
      ENTRADA: '0.00',
      CRONOLOGICA: '150000.00',
      ACORDO: '45126.35',
    });
    const kinds = await db.query<{ kind: string }>(
      `select kind from events where kind in ('pagamento-acordo', 'conta-especial-debitada', 'acordo-celebrado') order by id`,
    );
    expect(kinds.rows.map((k) => k.kind)).toEqual(['pagamento-acordo', 'conta-especial-debitada', 'acordo-celebrado']);
  });

  it('never pays A again: a second call, a new habilitação and a staff payment are refused', async () => {
    const again = await callAcordos(db, RULES, env, { editalId: edital, actor: 'ana', date: isoDate('2026-01-15'), confirm: false });
    expect(again.acordos).toEqual([]);
    expect(again.paradoEm?.precatorio).toBe(B);
    const e2 = await createEdital(db, { enteId: 'x', actor: 'ana', numero: '2/2026', abertura: isoDate('2026-01-01'), encerramento: isoDate('2026-02-28') });
    await expect(
      habilitar(db, { editalId: e2.id, actor: 'ana', numero: A, beneficiarioId: 'b1', desagio: new Dec('0.1'), date: isoDate('2026-01-20') }),
    ).rejects.toThrow(/já foi quitado por acordo/);
    await expect(
      payPrecatorio(
        db,
        { numero: A, actor: 'ana', beneficiarioId: 'b1', amountBrl: money('1.00'), kind: 'cronologica', paidOn: isoDate('2026-01-16') },
        { rules: RULES, env },
      ),
    ).rejects.toThrow();
  });

  it('publishes the acordo in the art. 82 answer: date, precatório, amount, deságio, no beneficiary', async () => {
    const p = await art82Publication(db, 'x', (t) => t);
    expect(p.acordos).toEqual([{ data: '2026-01-15', precatorio: A, valor: '104873.65', desagio: '0.4', edital: '1/2026' }]);
    expect(JSON.stringify(p.acordos)).not.toMatch(/b1|c1/);
  });
});

describe.each(BACKENDS)('acordos diretos through the API, on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  const TOKEN = 'token-de-teste-da-equipe';
  const staff = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  beforeAll(async () => {
    db = await backend.open();
    await seedR517(db);
    await db.query(`update entes set regime = 'especial' where id = 'x'`);
    await db.query(`update precatorios set regime = 'especial' where ente_id = 'x'`);
    await setFunding(db, RULES, {
      enteId: 'x',
      actor: 'ana',
      validFrom: isoDate('2026-01-01'),
      kind: 'deposito-mensal',
      amount: money('300000'),
      chronologicalShare: '0.5',
    });
    await recordDeposit(
      db,
      RULES,
      { enteId: 'x', actor: 'ana', date: isoDate('2026-01-10'), amount: money('300000.00'), document: 'extrato 01/2026' },
      REGULATED,
    );
  }, 60_000);
  afterAll(async () => db?.dispose());

  it('opens, habilita and calls through staff routes; refuses bad input in Portuguese and anonymous writes', async () => {
    const app = createApp({
      db,
      rules: RULES,
      correctionRules: loadCorrectionRules(),
      rpvLaws: loadRpvLaws(),
      today: () => isoDate('2026-01-20'),
      adminToken: TOKEN,
      log: () => undefined,
      indexRecheckMs: 0,
    });
    const post = (path: string, body: unknown, headers: Record<string, string> = staff) =>
      app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
    const edital = { numero: '1/2026', abertura: '2026-01-01', encerramento: '2026-01-12' };
    expect((await post('/api/entes/x/acordos/editais', edital, { 'content-type': 'application/json' })).status).toBe(401);
    const tooHigh = await post('/api/entes/x/acordos/editais', { ...edital, desagioMaximo: '0.45' });
    expect([tooHigh.status, await tooHigh.json()]).toEqual([
      422,
      { erro: 'invalido', campo: 'desagioMaximo', motivo: 'deságio máximo 45 % fora do permitido: entre 0 % e 40 % (ADCT art. 102 §1º, R7.6)' },
    ]);
    const badFraction = await post('/api/entes/x/acordos/editais', { ...edital, desagioMaximo: '40%' });
    expect([badFraction.status, ((await badFraction.json()) as { campo: string }).campo]).toEqual([400, 'desagioMaximo']);
    const created = await post('/api/entes/x/acordos/editais', edital);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const h = await post(`/api/acordos/editais/${id}/habilitacoes`, { precatorio: A, beneficiario: 'b1', desagio: '0.4', data: '2026-01-05' });
    expect(h.status).toBe(201);
    const preview = await post(`/api/acordos/editais/${id}/chamada`, { data: '2026-01-15' });
    expect(preview.status).toBe(200);
    expect(((await preview.json()) as { acordos: { pago: string }[] }).acordos.map((a) => a.pago)).toEqual(['104873.65']);
    const done = await post(`/api/acordos/editais/${id}/chamada`, { data: '2026-01-15', confirmar: true });
    expect(done.status).toBe(201);
    const pub = (await (await app.request('/api/entes/x/conta-especial')).json()) as { acordos: unknown[] };
    expect(pub.acordos).toEqual([{ data: '2026-01-15', precatorio: A, valor: '104873.65', desagio: '0.4', edital: '1/2026' }]);
  });
});
