// Goal: the withholding comes from the registry (issue 16 §2; money-movements.md R6.7, R6.8, R6.12,
// R6.20): a CSV row with the ofício's tax facts is imported, a staff payment WITHOUT a `retencao`
// body withholds from them, and the payment row, the event, the API answer and the payment document
// (JSON, CSV with ';' and BOM, printable page) all show the O6.5 RRA example: base 100.000,00,
// NM 24, table 05/2025 → IRRF 6.288,24. A body given with the payment wins and is recorded; a fact
// not informed says why no withholding was recorded; the document is staff-only; the database
// refuses an out-of-range fact. On both backends.
// Method: rows read by the project-format assembler (the import's own path, test/support/tax-facts-registry.ts),
// the HTTP routes driven. The O6.5 base is exact because the data-base is the payment month (no
// correction, no interest: principal = face) and the beneficiary is com-vínculo (IR base = principal).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentDocumentSchema } from '../../src/app/payment-document.ts';
import { BACKENDS } from '../support/backends.ts';
import { paymentApp, paymentStaffHeaders } from '../support/payment-app.ts';
import { BODY_WINS, COMUM, RRA, seedTaxFacts } from '../support/tax-facts-registry.ts';

const staff = paymentStaffHeaders;
describe.each(BACKENDS)('withholding from the registered tax facts, on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  beforeAll(async () => {
    db = await backend.open();
    await seedTaxFacts(db);
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
  });
  const app = () => paymentApp(db);
  const pay = async (numero: string, body: object) => {
    const res = await app().request(`/api/precatorios/${numero}/pagamentos`, { method: 'POST', headers: staff, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const paymentRow = async (id: string) =>
    (
      await db.query<Record<string, string | null>>(
        'select amount::text, principal::text, tax_regime, rra_months::text, irrf::text, previdencia::text, net::text from payments where id = $1',
        [id],
      )
    ).rows[0];

  it('O6.5 end to end: import → pay without a body → row, event, answer and document show IRRF 6.288,24', async () => {
    const r = await pay(RRA, { beneficiarioId: 'b1', valor: '100000.00', pagoEm: '2026-01-15' });
    expect(r.status).toBe(201);
    expect(r.body['retencao']).toMatchObject({ regime: 'PF_RRA', meses: '24', bruto: '100000.00', baseIr: '100000.00', irrf: '6288.24', liquido: '93711.76' });
    const id = r.body['pagamento'] as string;
    expect(await paymentRow(id)).toEqual({
      amount: '100000.00',
      principal: '100000.00',
      tax_regime: 'PF_RRA',
      rra_months: '24',
      irrf: '6288.24',
      previdencia: '0.00',
      net: '93711.76',
    });
    const event = await db.query<{ after: { pagamento: string; liquidacao: { retencao: Record<string, string> } } }>(
      `select after from events where precatorio_numero = $1 and kind like 'pagamento-%'`,
      [RRA],
    );
    expect(event.rows[0]?.after.pagamento).toBe(id);
    expect(event.rows[0]?.after.liquidacao.retencao).toMatchObject({ irrf: '6288.24', previdencia: '0.00', liquido: '93711.76' });

    const url = `/api/precatorios/${RRA}/pagamentos/${id}/documento`;
    const json = await app().request(url, { headers: staff });
    expect(json.headers.get('cache-control')).toBe('no-store');
    const doc = paymentDocumentSchema.parse(await json.json());
    expect(doc).toMatchObject({
      identificacao: { numero: RRA, pagamento: id, pagoEm: '2026-01-15', natureza: 'alimentar' },
      beneficiario: { nome: 'Maria da Silva', cpf: '52998224725' },
      bruto: '100000.00',
      componentes: { principal: '100000.00', total: '100000.00' },
      fracoes: { mesesRraDoPagamento: '24', mesesRraDoOficio: '24' },
      retencoes: { regime: 'PF_RRA', irrf: '6288.24', previdencia: '0.00' },
      liquido: '93711.76',
    });
    expect(doc.fundamentos.join('\n')).toMatch(/Lei 7\.713\/1988 art\. 12-A/);
    expect(doc.naoRegistrado.length).toBeGreaterThan(0);
    const csv = await app().request(`${url}?formato=csv`, { headers: staff });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('retenções;IRRF;6288.24\r\n');
    expect(text).toContain('valores;líquido ao beneficiário;93711.76\r\n');
    const html = await (await app().request(`${url}?formato=html`, { headers: staff })).text();
    expect(html).toMatch(/<th>IRRF<\/th><td>6288\.24<\/td>/);
    expect(html).toContain('Maria da Silva');
    // Personal data: no document without a staff token; a bad format or id is a 400/422, not a 500.
    expect((await app().request(url)).status).toBe(401);
    expect((await app().request(`${url}?formato=pdf`, { headers: staff })).status).toBe(400);
    expect((await app().request(`/api/precatorios/${RRA}/pagamentos/abc/documento`, { headers: staff })).status).toBe(422);
    expect((await app().request(`/api/precatorios/${RRA}/pagamentos/999999/documento`, { headers: staff })).status).toBe(404);
  });

  it('a `retencao` body wins over the registered facts and is recorded', async () => {
    const r = await pay(BODY_WINS, { beneficiarioId: 'b1', valor: '100000.00', pagoEm: '2026-01-15', retencao: { regime: 'ISENTO', vinculo: 'com-vinculo' } });
    expect(r.status).toBe(201);
    expect(await paymentRow(r.body['pagamento'] as string)).toMatchObject({ tax_regime: 'ISENTO', irrf: '0.00', previdencia: '0.00', net: '100000.00' });
  });

  it('a fact not informed: the payment lands gross only and says why; the database refuses an out-of-range fact', async () => {
    const r = await pay(COMUM, { beneficiarioId: 'b1', valor: '1000.00', pagoEm: '2026-01-15' });
    expect([r.status, r.body['retencao'], r.body['retencaoNaoCalculada']]).toEqual([201, null, expect.stringMatching(/regime tributário não informado/)]);
    expect(await paymentRow(r.body['pagamento'] as string)).toMatchObject({ amount: '1000.00', tax_regime: null, net: null });
    const doc = paymentDocumentSchema.parse(
      await (await app().request(`/api/precatorios/${COMUM}/pagamentos/${r.body['pagamento'] as string}/documento`, { headers: staff })).json(),
    );
    expect([doc.retencoes, doc.liquido, doc.retencaoNaoRegistrada]).toEqual([null, null, expect.stringMatching(/não registrada/)]);
    await expect(db.query(`update beneficiarios set rra_months = 0 where precatorio_numero = $1`, [COMUM])).rejects.toThrow(/rra_months/);
    await expect(db.query(`update beneficiarios set non_taxable_share = 1.5 where precatorio_numero = $1`, [COMUM])).rejects.toThrow(/non_taxable_share/);
    await expect(
      db.query(`update beneficiarios set tax_regime = 'PJ_SERVICOS', previdencia_regime = 'IGEPREV_PA' where precatorio_numero = $1`, [COMUM]),
    ).rejects.toThrow(/beneficiarios_previdencia_one/);
  });
});
