// Goal: a staff payment records its withholding (issue 16 §2; money-movements.md R6.6–R6.13): with
// the ofício's tax facts, the R5.17 credit paid whole on 2026-01-15 answers and stores gross, IRRF,
// previdência and net (RRA NM 24, IGEPREV 14 %: 174.789,41 = 151.621,87 + 6.636,50 + 16.531,04), the
// event carries them, the database refuses a row where gross ≠ net + withholdings, and a refused
// withholding leaves nothing written. On both backends.
// Method: the R5.17 registry (test/support/r517-registry.ts), the HTTP route driven, the store read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.ts';
import { paymentApp, paymentStaffHeaders } from '../support/payment-app.ts';
import { R517_A as A, R517_B as B, seedR517 } from '../support/r517-registry.ts';

const staff = paymentStaffHeaders;

describe.each(BACKENDS)('a staff payment with the ofício tax facts records its withholding, on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  beforeAll(async () => {
    db = await backend.open();
    await seedR517(db);
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
  });
  const app = () => paymentApp(db);
  const pay = (numero: string, body: object) =>
    app().request(`/api/precatorios/${numero}/pagamentos`, { method: 'POST', headers: staff, body: JSON.stringify(body) });
  const payments = async () =>
    (
      await db.query<Record<string, string | null>>(
        'select precatorio_numero as n, amount::text, tax_regime, rra_months::text, irrf::text, previdencia::text, net::text from payments order by id',
      )
    ).rows;

  it('refuses a withholding it cannot compute, in Portuguese, and writes nothing', async () => {
    const before = await payments();
    const unknown = await pay(A, {
      beneficiarioId: 'b1',
      valor: '174789.41',
      pagoEm: '2026-01-15',
      retencao: { regime: 'PF_RRA', vinculo: 'com-vinculo', meses: '24', previdencia: { regime: 'RPPS_X' } },
    });
    expect([unknown.status, ((await unknown.json()) as { motivo: string }).motivo]).toEqual([
      422,
      expect.stringMatching(/regime previdenciário "RPPS_X" sem alíquota/),
    ]);
    const zeroMonths = await pay(A, {
      beneficiarioId: 'b1',
      valor: '174789.41',
      pagoEm: '2026-01-15',
      retencao: { regime: 'PF_RRA', vinculo: 'com-vinculo', meses: '0' },
    });
    expect(zeroMonths.status).toBe(400);
    expect(JSON.stringify(await zeroMonths.json())).toMatch(/meses/);
    expect(await payments()).toEqual(before);
  });

  it('answers and stores gross, IRRF, previdência and net: the R5.17 credit, RRA NM 24, IGEPREV 14 %', async () => {
    const res = await pay(A, {
      beneficiarioId: 'b1',
      valor: '174789.41',
      pagoEm: '2026-01-15',
      retencao: { regime: 'PF_RRA', vinculo: 'com-vinculo', meses: '24', previdencia: { regime: 'IGEPREV_PA' } },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { retencao: Record<string, unknown>; precatorio: { status: string } };
    expect(body.retencao).toMatchObject({
      regime: 'PF_RRA',
      meses: '24',
      bruto: '174789.41',
      tributavel: '118078.87',
      baseIr: '101547.83',
      irrf: '6636.50',
      previdencia: '16531.04',
      liquido: '151621.87',
    });
    expect(body.precatorio.status).toBe('pago');
    expect((await payments()).at(-1)).toEqual({
      n: A,
      amount: '174789.41',
      tax_regime: 'PF_RRA',
      rra_months: '24',
      irrf: '6636.50',
      previdencia: '16531.04',
      net: '151621.87',
    });
    const events = await db.query<{ after: { liquidacao?: { retencao?: Record<string, string> } } }>(
      `select after from events where kind = 'pagamento-cronologica' order by id`,
    );
    expect(events.rows.at(-1)?.after.liquidacao?.retencao).toEqual({
      regime: 'PF_RRA',
      meses: '24',
      irrf: '6636.50',
      previdencia: '16531.04',
      liquido: '151621.87',
    });
  });

  it('a payment without tax facts records none; the database refuses gross ≠ net + withholdings', async () => {
    const res = await pay(B, { beneficiarioId: 'b1', valor: '1000.00', pagoEm: '2026-01-15' });
    expect([res.status, ((await res.json()) as { retencao: unknown }).retencao]).toEqual([201, null]);
    expect((await payments()).at(-1)).toMatchObject({ n: B, tax_regime: null, irrf: null, net: null });
    await expect(db.query(`update payments set net = net + 0.01 where tax_regime is not null`)).rejects.toThrow(/payments_withholding_whole/);
    await expect(db.query(`update payments set tax_regime = 'PF_RRA' where tax_regime is null`)).rejects.toThrow(/payments_withholding_whole/);
  });
});
