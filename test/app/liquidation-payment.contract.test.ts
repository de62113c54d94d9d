// Goal: every payment is a liquidation on its date (issue 16 §1): the R5.17 example — two
// precatórios of R$ 100.000,00, data-base 2019-06, budget 2021, paid on 2026-01-15 by a municipal
// debtor in regime geral — paid through the payment run and the API for what is owed that day
// (R$ 174.789,41 each, superpreference tranche R$ 145.890,00), to the cent, on both backends; the
// stored rows carry month, owed and components; the rest paid later settles everything.
// Method: a registry imported from project-format rows, the shared index series stored in it (read
// in place from ../shared), the use case and the HTTP routes driven and the store read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { runPayment } from '../../src/app/payment-run.ts';
import { correct } from '../../src/domain/correction/correct.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { money } from '../../src/domain/money.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';
import { envWith } from '../domain/correction/fixtures.ts';
import { R517_A as A, R517_B as B, seedR517 } from '../support/r517-registry.ts';

const TOKEN = 'token-de-teste-da-equipe';
const staff = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describe.each(BACKENDS)('payments liquidated on their date, on $name', (backend) => {
  type Opened = Awaited<ReturnType<typeof backend.open>>;
  let db: Opened;
  let api: Opened;
  const seed = (target: Opened) => seedR517(target);
  beforeAll(async () => {
    db = await backend.open();
    api = await backend.open();
    await seed(db);
    await seed(api);
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
    await api?.dispose();
  });

  it('pays the R5.17 example for what is owed on 2026-01-15: tranches of R$ 145.890,00 on R$ 174.789,41 owed (R6.1, R6.5)', async () => {
    const plan = await runPayment(db, { enteId: 'x', availableBrl: money('200000.00'), paidOn: isoDate('2026-01-15'), actor: 'teste' }, RULES);
    expect(plan.payableBrl.toFixed(2)).toBe('349578.82'); // 2 × 174.789,41
    expect(plan.items.map((i) => [i.kind, i.numero, i.amountBrl.toFixed(2), i.liquidation?.owedBrl.toFixed(2)])).toEqual([
      ['superpreferencia', A, '145890.00', '174789.41'],
      ['superpreferencia', B, '54110.00', '174789.41'],
    ]);
    expect(plan.settled).toEqual([]);
    expect(plan.faceValued).toEqual([]);
    const { rows } = await db.query<Record<string, string>>(
      `select precatorio_numero as n, calc_month, owed::text, amount::text, (principal + juros_mora + selic + juros_ec136)::text as soma,
              (amount + open_principal + open_juros_mora + open_selic + open_juros_ec136)::text as devido, face_extinguished::text as face
         from payments order by id`,
    );
    expect(rows.map((r) => [r['n'], r['calc_month'], r['owed'], r['soma'], r['devido']])).toEqual([
      [A, '2026-01', '174789.41', '145890.00', '174789.41'],
      [B, '2026-01', '174789.41', '54110.00', '174789.41'],
    ]);
    const events = await db.query<{ after: { liquidacao?: { mes: string; devido: string; pago: string } } }>(
      `select after from events where kind = 'pagamento-superpreferencia' order by id`,
    );
    expect(events.rows.map((e) => [e.after.liquidacao?.mes, e.after.liquidacao?.devido, e.after.liquidacao?.pago])).toEqual([
      ['2026-01', '174789.41', '145890.00'],
      ['2026-01', '174789.41', '54110.00'],
    ]);
    // pago counts face: 100.000 × 145.890/174.789,41, so the face open stays the data-base equivalent of what is owed.
    expect(rows[0]!['face']).toBe(
      money('100000')
        .times(money('145890').dividedBy(money('174789.41')))
        .toFixed(2),
    );
  });

  it('refuses a date whose indices are not published, naming series and month, writing nothing', async () => {
    const before = await db.query<{ n: string }>('select count(*)::text as n from payments');
    await expect(runPayment(db, { enteId: 'x', availableBrl: money('10.00'), paidOn: isoDate('2026-12-01'), actor: 'teste' }, RULES)).rejects.toThrow(
      /série \w+, mês 2026-1\d/,
    );
    expect((await db.query<{ n: string }>('select count(*)::text as n from payments')).rows).toEqual(before.rows);
  });

  it('pays the rest two months later for what A − B says, and settles both (R5.15)', async () => {
    const env = envWith();
    const context = { natureza: 'alimentar' as const, tributario: false, modulated: false, esfera: 'municipal' as const, budgetYear: 2021 };
    const a = correct(money('100000.00'), '2019-06' as never, '2026-03' as never, context, env);
    const { rows } = await db.query<Record<string, string>>(
      'select principal::text, juros_mora::text, selic::text, juros_ec136::text from payments order by id',
    );
    const bOf = (r: Record<string, string>) =>
      correct(
        { principal: money(r['principal']!), jurosMora: money(r['juros_mora']!), selic: money(r['selic']!), jurosEc136: money(r['juros_ec136']!) },
        '2026-01' as never,
        '2026-03' as never,
        context,
        env,
      );
    if (!a.ok) throw new Error('correção');
    const owed = rows.map((r) => {
      const b = bOf(r);
      if (!b.ok) throw new Error('correção');
      return a.value.totalBrl.minus(b.value.totalBrl);
    });
    const plan = await runPayment(db, { enteId: 'x', availableBrl: money('1000000.00'), paidOn: isoDate('2026-03-10'), actor: 'teste' }, RULES);
    const byNumero = (n: string) => plan.items.filter((i) => i.numero === n).reduce((s, i) => s.plus(i.amountBrl), money('0'));
    expect([byNumero(A).toFixed(2), byNumero(B).toFixed(2)]).toEqual(owed.map((o) => o.toFixed(2)));
    expect([...plan.settled].sort()).toEqual([A, B]);
    const { rows: ben } = await db.query<Record<string, string>>('select (valor - pago)::text as aberto from beneficiarios');
    expect(ben.map((r) => r['aberto'])).toEqual(['0.00', '0.00']);
  });

  it('through the API: the payment run and a staff payment answer owed, paid and components, to the cent', async () => {
    const app = createApp({
      db: api,
      rules: RULES,
      correctionRules: loadCorrectionRules(),
      rpvLaws: loadRpvLaws(),
      today: () => isoDate('2026-01-20'),
      adminToken: TOKEN,
      log: () => undefined,
      indexRecheckMs: 0,
    });
    const res = await app.request('/api/entes/x/rodadas-de-pagamento', {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ valor: '200000.00', data: '2026-01-15' }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      pagavel: string;
      pagamentos: { valor: string; liquidacao: { devido: string; componentes: Record<string, string> } }[];
    };
    expect(body.pagavel).toBe('349578.82');
    expect(body.pagamentos.map((p) => [p.valor, p.liquidacao.devido])).toEqual([
      ['145890.00', '174789.41'],
      ['54110.00', '174789.41'],
    ]);
    const c = body.pagamentos[0]!.liquidacao.componentes;
    expect(
      Object.values(c)
        .reduce((s, v) => s.plus(money(v)), money('0'))
        .toFixed(2),
    ).toBe('145890.00');
    // A staff payment of the rest of B on the same date: owed = 174.789,41 − 54.110,00.
    const pay = await app.request(`/api/precatorios/${B}/pagamentos`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ beneficiarioId: 'b1', valor: '120679.41', pagoEm: '2026-01-15' }),
    });
    expect(pay.status).toBe(201);
    const paid = (await pay.json()) as { liquidacao: { devido: string; emAberto: Record<string, string> }; precatorio: { status: string } };
    expect(paid.liquidacao.devido).toBe('120679.41');
    expect(Object.values(paid.liquidacao.emAberto)).toEqual(['0.00', '0.00', '0.00', '0.00']);
    expect(paid.precatorio.status).toBe('pago');
    // Above what is owed, or a date in the future: refused in Portuguese.
    const over = await app.request(`/api/precatorios/${A}/pagamentos`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ beneficiarioId: 'b1', valor: '28899.42', pagoEm: '2026-01-15' }),
    });
    expect([over.status, ((await over.json()) as { motivo: string }).motivo]).toEqual([422, expect.stringMatching(/maior que o devido na data \(28899\.41\)/)]);
    // The lookup's corrected value is what a full payment that day pays (A − B, R5.15): paying it settles A.
    const look = await app.request(`/api/precatorios/${A}?ate=2026-01`);
    const shown = ((await look.json()) as { valorCorrigido: { total: string; pagamentosCorrigidos: string } }).valorCorrigido;
    expect([shown.total, shown.pagamentosCorrigidos]).toEqual(['28899.41', '145890.00']);
    const full = await app.request(`/api/precatorios/${A}/pagamentos`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ beneficiarioId: 'b1', valor: shown.total, pagoEm: '2026-01-15' }),
    });
    expect([full.status, ((await full.json()) as { precatorio: { status: string } }).precatorio.status]).toEqual([201, 'pago']);
    const future = await app.request(`/api/precatorios/${A}/pagamentos`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ beneficiarioId: 'b1', valor: '1.00', pagoEm: '2026-01-21' }),
    });
    expect(future.status).toBe(400);
  });
});
