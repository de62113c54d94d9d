// Goal: the staff desk's list (issue 18 §2) — the TJRJ columns the chronological entry lacks (paid
// so far, payments made), the paid and cancelled precatórios behind the status filter, and each
// debtor's counts and amounts paid — agree with the registry they are read from, before and after
// a payment recorded through the API. Payments made (a database read) only for staff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money, sum } from '../../src/domain/money.ts';
import { demoApp, staffHeaders } from '../support/api.ts';

let ctx: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  ctx = await demoApp();
}, 60_000);
afterAll(async () => {
  await ctx.db.close();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await ctx.app.request(path, { headers });
  expect(res.status, path).toBe(200);
  return (await res.json()) as any;
};
const ENTE = 'municipio-de-belem';
const paidOf = (numero: string) => sum(ctx.input.precatorios.find((p) => p.numero === numero)!.beneficiarios.map((b) => b.pagoBrl)).toFixed(2);

describe('desk list', () => {
  it('lists the paid precatórios behind status=pago, in list order, without a position, with what was paid', async () => {
    // The debtor with the most paid precatórios in the demo: the filter cannot pass on an empty list.
    const paid = ctx.input.precatorios.filter((p) => p.status === 'pago');
    expect(paid.length).toBeGreaterThan(0);
    const counts = new Map<string, number>();
    for (const p of paid) counts.set(p.enteId, (counts.get(p.enteId) ?? 0) + 1);
    const ente = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const expected = paid.filter((p) => p.enteId === ente);
    const page = await get(`/api/entes/${ente}/fila?status=pago&tamanho=500`);
    expect(page.total).toBe(expected.length);
    expect(new Set(page.itens.map((i: any) => i.numero))).toEqual(new Set(expected.map((p) => p.numero)));
    for (const i of page.itens) {
      expect(i.posicao).toBeNull();
      expect(i.status).toBe('pago');
      expect(i.valorPago).toBe(paidOf(i.numero));
    }
    // List order (R2.2): budget year never goes down along the page.
    const anos = page.itens.map((i: any) => i.orcamento);
    expect(anos).toEqual([...anos].sort((a, b) => a - b));
  });

  it('counts paid and cancelled precatórios and the amount paid per debtor', async () => {
    const { entes } = await get('/api/entes');
    for (const e of entes) {
      const mine = ctx.input.precatorios.filter((p) => p.enteId === e.id);
      expect(e.pagos).toBe(mine.filter((p) => p.status === 'pago').length);
      expect(e.cancelados).toBe(mine.filter((p) => p.status === 'cancelado').length);
      expect(e.pago).toBe(sum(mine.flatMap((p) => p.beneficiarios.map((b) => b.pagoBrl))).toFixed(2));
    }
  });

  it('shows a payment recorded through the API in the row, its count and the debtor total', async () => {
    // Payments made need a database read: staff only (a public page never waits for the database).
    expect((await get(`/api/entes/${ENTE}/fila?tamanho=1`)).itens[0].parcelasPagas).toBeUndefined();
    const first = (await get(`/api/entes/${ENTE}/fila?tamanho=1`, staffHeaders)).itens[0];
    expect(first.parcelasPagas).toBe(0);
    const p = ctx.input.precatorios.find((x) => x.numero === first.numero)!;
    const before = (await get('/api/entes')).entes.find((e: any) => e.id === ENTE);
    const res = await ctx.app.request(`/api/precatorios/${p.numero}/pagamentos`, {
      method: 'POST',
      headers: staffHeaders,
      body: JSON.stringify({ beneficiarioId: p.beneficiarios[0]!.id, valor: '100.00', pagoEm: '2025-11-20' }),
    });
    expect(res.status).toBe(201);
    const row = (await get(`/api/entes/${ENTE}/fila?tamanho=500`, staffHeaders)).itens.find((i: any) => i.numero === p.numero);
    expect(row.parcelasPagas).toBe(1);
    expect(row.valorPago).toBe(money(first.valorPago).plus('100').toFixed(2));
    const after = (await get('/api/entes')).entes.find((e: any) => e.id === ENTE);
    expect(money(after.pago).minus(before.pago).toFixed(2)).toBe('100.00');
  });
});
