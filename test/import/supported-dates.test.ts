// Issue 15: impossible dates are refused where they enter, with line, column and reason; the ranges
// come from the rule tables (not constants); no date is ever shifted (years 0000–0099 became
// 1900–1999); and one impossible row that still reaches the store leaves its debtor's lists, and
// every other answer, working.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IsoDate, addMonths, addYears, isoDate, monthOf, toCourtTimestamp } from '../../src/domain/dates.ts';
import type { RuleBook } from '../../src/domain/rule-book.ts';
import { type Dated, type Timeline, timeline } from '../../src/domain/rules/timeline.ts';
import { LIFESPAN_MAX_YEARS, type SupportedDates, supportedDates } from '../../src/domain/supported-dates.ts';
import { parseDate, parseTimestamp, parseYearMonth } from '../../src/import/fields.ts';
import { PROJECT_COLUMNS } from '../../src/import/project-format.ts';
import { readPrecatoriosCsv } from '../../src/import/read-csv.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { money } from '../../src/domain/money.ts';
import { runPayment } from '../../src/app/payment-run.ts';
import { BACKENDS } from '../support/backends.ts';
import { RUN_DATE, TOKEN } from '../support/api.ts';
import { RULES } from '../support/rules.ts';
import { GENERATED_ENTE, appOver, peopleRegistryArb, seed } from '../api/fixtures.ts';

const CORRECTION = loadCorrectionRules();
const TODAY = isoDate('2025-11-23');
const DATES = supportedDates(RULES, CORRECTION, TODAY);

const dayAfter = (d: IsoDate, n = 1): IsoDate => {
  const t = new Date(`${d}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10) as IsoDate;
};

/** A valid project row; `over` replaces columns. Presented 2024-03-10, issued 2024-02-20, data-base 2024-01. */
function row(numero: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    numero,
    ente_id: 'municipio-x',
    ente_nome: 'Município X',
    esfera: 'municipal',
    regime: 'geral',
    natureza: 'alimentar',
    tributario: 'não',
    apresentado_em: '2024-03-10 10:00',
    expedido_em: '2024-02-20',
    data_base: '2024-01',
    valor_requisitado: '1000.00',
    status: 'ativo',
    processo_origem: '',
    beneficiario_id: `${numero}#1`,
    credor_id: '',
    titularidade: 'originario',
    valor_beneficiario: '1000.00',
    pago: '',
    superpreferencia_paga: '',
    nascimento: '1950-05-01',
    doenca_grave_desde: '',
    deficiencia_desde: '',
    nome: '',
    cpf: '',
    ...over,
  };
}
const csv = (rows: readonly Record<string, string>[]) =>
  `${PROJECT_COLUMNS.join(',')}\n${rows.map((r) => PROJECT_COLUMNS.map((c) => `"${r[c] ?? ''}"`).join(',')).join('\n')}\n`;
const tempCsv = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'faixas-')), 'a.csv');
  writeFileSync(path, text);
  return path;
};

/** For each field: values at the bound (accepted) and just beyond it (refused), as CSV text. */
function boundCases(d: SupportedDates) {
  return [
    {
      field: 'apresentado_em',
      at: [`${d.apresentacao.from} 00:00`, `${d.apresentacao.until} 23:59`],
      beyond: [`${dayAfter(d.apresentacao.from, -1)} 23:59`, `${dayAfter(d.apresentacao.until)} 00:00`],
      over: (v: string) => ({ apresentado_em: v, expedido_em: '', data_base: '' }),
    },
    {
      field: 'expedido_em',
      at: [d.expedicao.from],
      beyond: [dayAfter(d.expedicao.from, -1)],
      over: (v: string) => ({ expedido_em: v, apresentado_em: `${d.expedicao.from} 10:00`, data_base: '' }),
    },
    {
      field: 'expedido_em',
      at: [d.expedicao.until],
      beyond: [dayAfter(d.expedicao.until)],
      over: (v: string) => ({ expedido_em: v, apresentado_em: `${d.apresentacao.until} 10:00`, data_base: '' }),
    },
    { field: 'data_base', at: [d.dataBase.from], beyond: [addMonths(d.dataBase.from, -1)], over: (v: string) => ({ data_base: v }) },
    { field: 'data_base', at: ['2024-02'], beyond: ['2024-03'], over: (v: string) => ({ data_base: v }) }, // ≤ month of expedição (2024-02-20), R5.1
    {
      field: 'data_base',
      at: [monthOf(d.today)],
      beyond: [addMonths(monthOf(d.today), 1)],
      over: (v: string) => ({ data_base: v, expedido_em: '', apresentado_em: `${d.today} 09:00` }),
    },
    {
      field: 'nascimento',
      at: [addYears(isoDate('2024-03-10'), -LIFESPAN_MAX_YEARS), d.today],
      beyond: [dayAfter(addYears(isoDate('2024-03-10'), -LIFESPAN_MAX_YEARS), -1), dayAfter(d.today), '0001-01-01', '2099-01-01'],
      over: (v: string) => ({ nascimento: v }),
    },
    { field: 'doenca_grave_desde', at: [d.today], beyond: [dayAfter(d.today), '9999-12-31'], over: (v: string) => ({ doenca_grave_desde: v, nascimento: '' }) },
    { field: 'expedido_em', at: ['2024-03-10'], beyond: ['2024-03-11'], over: (v: string) => ({ expedido_em: v, data_base: '' }) }, // ≤ apresentação, R1.1
  ];
}

describe('supported date ranges', () => {
  it('come from the rule tables: each bound moves with the rule row it is derived from', () => {
    expect(DATES.apresentacao.from).toBe(RULES.budgetYearRules[0]!.validFrom);
    expect(DATES.dataBase.from).toBe(CORRECTION.tables.estadual_municipal[0]!.validFrom.slice(0, 7));
    const firsts = [
      RULES.superpreferenceMultipliers.geral,
      RULES.superpreferenceMultipliers.especial,
      RULES.rpvDefaults.uniao,
      RULES.rpvDefaults.estadual,
      RULES.rpvDefaults.municipal,
      RULES.salarioMinimo,
      RULES.tetoRgps,
      RULES.superpreferenceAgeYears,
      RULES.chronologicalShareMinimum,
    ].map((t) => t[0]!.validFrom);
    expect(DATES.rodada.from).toBe(firsts.sort().at(-1));
    const shift = <T>(t: Timeline<T>, to: IsoDate): Timeline<T> =>
      timeline([{ ...t[0]!, validFrom: to } as Dated<T>, ...t.slice(1).filter((r) => r.validFrom > to)]);
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 1988 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const from = isoDate(`${year}-${String(month).padStart(2, '0')}-01`);
        const rules: RuleBook = { ...RULES, budgetYearRules: shift(RULES.budgetYearRules, from) };
        const d = supportedDates(rules, CORRECTION, TODAY);
        expect(d.apresentacao.from).toBe(from);
        expect(d.orcamento.from).toBe(year + (month <= 7 ? 1 : 2)); // annual cut-off on 1 July (R1.2)
        expect(d.nascimento.from).toBe(addYears(from, -LIFESPAN_MAX_YEARS));
      }),
      { numRuns: 50 },
    );
    const later: RuleBook = {
      ...RULES,
      superpreferenceMultipliers: { ...RULES.superpreferenceMultipliers, especial: shift(RULES.superpreferenceMultipliers.especial, isoDate('2011-03-04')) },
    };
    expect(supportedDates(later, CORRECTION, TODAY).rodada.from).toBe('2011-03-04');
    expect(supportedDates(later, CORRECTION, TODAY).inicioSimulacao.from).toBe('2011-04');
  });

  it('end where today (a value, not the clock) and its budget year end', () => {
    expect(DATES.apresentacao.until).toBe(TODAY);
    expect(DATES.rodada.until).toBe('2027-12-31'); // presented on 2025-11-23 → budget 2027 (EC 136 window, R1.5)
    expect(supportedDates(RULES, CORRECTION, isoDate('2026-01-10')).rodada.until).toBe('2027-12-31');
    expect(supportedDates(RULES, CORRECTION, isoDate('2026-03-10')).rodada.until).toBe('2028-12-31'); // after 1 Feb 2026 → 2028
  });
});

describe('CSV import at and beyond each bound', () => {
  it('accepts every value at a bound and refuses every value beyond it, with line, column and reason', async () => {
    const cases = boundCases(DATES).flatMap((c) => [
      ...c.at.map((v) => ({ ...c, value: v, ok: true })),
      ...c.beyond.map((v) => ({ ...c, value: v, ok: false })),
    ]);
    const rows = cases.map((c, i) => row(`B-${i}`, c.over(c.value)));
    const outcome = await readPrecatoriosCsv(tempCsv(csv(rows)), DATES);
    cases.forEach((c, i) => {
      const line = i + 2;
      const errors = outcome.rejected.filter((r) => r.line === line);
      const label = `${c.field} = ${c.value} (linha ${line}): ${JSON.stringify(errors)}`;
      if (c.ok) expect(errors, label).toEqual([]);
      else {
        expect(
          errors.map((e) => e.field),
          label,
        ).toContain(c.field);
        expect(errors.find((e) => e.field === c.field)!.reason, label).toMatch(/[a-zà-ú]{4,}/);
      }
    });
    expect(outcome.precatorios.length).toBe(cases.filter((c) => c.ok).length);
  });

  it('refuses the 1985 row of the issue with its line and fields, and takes the rest of the file', async () => {
    const path = tempCsv(
      csv([row('OK-1'), row('X-1985', { apresentado_em: '1985-03-01 10:00', expedido_em: '1985-02-01', data_base: '1985-01' }), row('OK-2')]),
    );
    const outcome = await readPrecatoriosCsv(path, DATES);
    expect(outcome.precatorios.map((p) => p.numero)).toEqual(['OK-1', 'OK-2']);
    const errors = outcome.rejected.filter((r) => r.line === 3);
    expect(errors.map((e) => e.field).sort()).toEqual(['apresentado_em', 'data_base', 'expedido_em']);
    expect(errors.find((e) => e.field === 'apresentado_em')!.reason).toBe(
      '1985-03-01 fora do intervalo aceito (1988-10-05 a 2025-11-23): a primeira regra de exercício orçamentário vale desde 1988-10-05 (CF 1988 art. 100, R1.2) e um recebimento não pode ser futuro (R1.1)',
    );
    expect(errors.find((e) => e.field === 'data_base')!.reason).toMatch(
      /^1985-01 fora do intervalo aceito \(2001-01 a 2025-11\): a cadeia de correção começa em 2001-01 \(R5\.4/,
    );
  });

  it("reports a beneficiary's bad date on that beneficiary's own line and column", async () => {
    const path = tempCsv(csv([row('P-1'), { ...row('P-1'), beneficiario_id: 'P-1#2', valor_beneficiario: '0.00', nascimento: '2099-01-01' }]));
    const outcome = await readPrecatoriosCsv(path, DATES);
    expect(outcome.rejected.find((r) => r.field === 'nascimento')).toMatchObject({ line: 3 });
  });
});

describe('no date is ever shifted', () => {
  const yearText = fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0'));
  const day = fc
    .tuple(yearText, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

  it('reads every four-digit year as written: 0099 stays 0099 (never 1999), in ISO and Brazilian forms', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (date, h, mi) => {
        const time = `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
        const br = `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
        expect(toCourtTimestamp(`${date} ${time}`)!.slice(0, 16)).toBe(`${date}T${time}`);
        const ts = parseTimestamp(`${br} ${time}`);
        expect(ts.ok && ts.value.slice(0, 16)).toBe(`${date}T${time}`);
        const d = parseDate(br);
        expect(d.ok && d.value).toBe(date);
        const ym = parseYearMonth(`${date.slice(5, 7)}/${date.slice(0, 4)}`);
        expect(ym.ok && ym.value).toBe(date.slice(0, 7));
      }),
      { numRuns: 2000 },
    );
    expect(toCourtTimestamp('0099-03-01 10:00')!.slice(0, 16)).toBe('0099-03-01T10:00');
  });

  it('refuses a year outside the range quoting it as written, and accepts none shifted', async () => {
    const years = fc.sample(yearText, { seed: 99, numRuns: 60 }).concat(['0000', '0099', '0050', '1999', '9999']);
    const rows = years.map((y, i) => row(`Y-${i}`, { apresentado_em: `${y}-03-01 10:00`, expedido_em: '', data_base: '', nascimento: '' }));
    const outcome = await readPrecatoriosCsv(tempCsv(csv(rows)), DATES);
    years.forEach((y, i) => {
      const accepted = outcome.precatorios.find((p) => p.numero === `Y-${i}`);
      const inRange = `${y}-03-01` >= DATES.apresentacao.from && `${y}-03-01` <= DATES.apresentacao.until;
      if (inRange) expect(accepted?.apresentacao.kind === 'registrada' && accepted.apresentacao.apresentadoEm.slice(0, 10)).toBe(`${y}-03-01`);
      else expect(outcome.rejected.find((r) => r.line === i + 2 && r.field === 'apresentado_em')?.reason).toMatch(new RegExp(`^${y}-03-01 fora do intervalo`));
    });
  });
});

for (const backend of BACKENDS) {
  describe(`the storage path on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    let api: ReturnType<typeof appOver>;
    const enteA = GENERATED_ENTE(7);
    const enteB = GENERATED_ENTE(8);
    let numeros: string[] = [];
    // (The import test above adds precatórios to ente A; the lists are compared before and after.)
    beforeAll(async () => {
      db = await backend.open();
      const [a] = fc.sample(peopleRegistryArb(enteA, 5, 700), { seed: 7, numRuns: 1 });
      const [b] = fc.sample(peopleRegistryArb(enteB, 5, 800), { seed: 8, numRuns: 1 });
      await seed(db, [enteA, enteB], [...a!, ...b!]);
      numeros = a!.filter((p) => p.status === 'ativo' || p.status === 'suspenso').map((p) => p.numero);
      api = appOver(db);
    }, 90_000);
    afterAll(async () => {
      await db?.dispose();
    });

    const importCsv = async (text: string) => {
      const res = await api.app.request('/api/importacoes', {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
        body: text,
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { novos: number; rejeitadas: { linha: number; campo: string; motivo: string }[] };
    };

    it('the API import (worker thread, one transaction) applies the same bounds: at a bound stored, beyond refused', async () => {
      const d = supportedDates(RULES, CORRECTION, RUN_DATE);
      const cases = boundCases(d).flatMap((c) => [...c.at.map((v) => ({ ...c, value: v, ok: true })), ...c.beyond.map((v) => ({ ...c, value: v, ok: false }))]);
      const body = await importCsv(csv(cases.map((c, i) => row(`S-${backend.name}-${i}`, { ...c.over(c.value), ente_id: enteA.id, regime: enteA.regime }))));
      cases.forEach((c, i) => {
        const fields = body.rejeitadas.filter((r) => r.linha === i + 2).map((r) => r.campo);
        if (c.ok) expect(fields, `${c.field} = ${c.value}`).toEqual([]);
        else expect(fields, `${c.field} = ${c.value}`).toContain(c.field);
      });
      expect(body.novos).toBe(cases.filter((c) => c.ok).length);
      const stored = await db.query<{ n: string }>(`select count(*)::text as n from precatorios where numero like $1`, [`S-${backend.name}-%`]);
      expect(Number(stored.rows[0]!.n)).toBe(body.novos);
      // What went in kept its dates: a presentation at the first bound is stored on that day.
      const first = await db.query<{ d: string }>(`select (apresentado_em at time zone 'America/Belem')::date::text as d from precatorios where numero = $1`, [
        `S-${backend.name}-0`,
      ]);
      expect(first.rows[0]!.d).toBe(d.apresentacao.from);
    });

    it('an impossible row written straight into the database leaves GET /api/entes, the lists and the other entes answering', async () => {
      const bad = numeros[0]!;
      const before = (await (await api.app.request(`/api/entes/${enteA.id}/fila?tamanho=500`)).json()) as { itens: { numero: string }[] };
      expect(before.itens.map((i) => i.numero)).toContain(bad);
      await db.query(`update precatorios set apresentado_em = '1985-03-01 10:00-03', version = version + 1 where numero = $1`, [bad]);
      await db.query(`update entes set version = version + 1 where id = $1`, [enteA.id]);
      const entes = await api.app.request('/api/entes');
      expect(entes.status).toBe(200);
      const fila = await api.app.request(`/api/entes/${enteA.id}/fila?tamanho=500`);
      expect(fila.status).toBe(200);
      const list = (await fila.json()) as { foraDaLista: string[]; itens: { numero: string }[] };
      expect(list.foraDaLista).toEqual([bad]);
      expect(list.itens.map((i) => i.numero)).not.toContain(bad);
      expect(list.itens.length).toBe(before.itens.length - 1);
      expect((await api.app.request(`/api/entes/${enteB.id}/fila`)).status).toBe(200);
      expect((await api.app.request(`/api/entes/${enteA.id}/superpreferencias`)).status).toBe(200);
      const lookup = await api.app.request(`/api/precatorios/${bad}`);
      expect(lookup.status).toBe(200);
      expect(((await lookup.json()) as { posicao: unknown }).posicao).toBeNull();
      const projection = await api.app.request('/api/simulacoes', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enteId: enteA.id, de: '2026-01', ate: '2027-12', financiamento: { tipo: 'deposito-mensal', valor: '10000.00' } }),
      });
      expect(projection.status).toBe(200);
      expect(((await projection.json()) as { foraDaLista: string[] }).foraDaLista).toEqual([bad]);
      // A server start builds every list first: it must not stop on this one.
      await expect(api.app.queues.warm(isoDate('2025-11-20'))).resolves.toBe(2);
      // Staff see it in the log, with the reason; the public answer carries no reason (it may quote personal data).
      expect(api.logs.some((l) => l.includes(bad) && l.includes('1985-03-01') && l.includes('corte orçamentário'))).toBe(true);
      expect(JSON.stringify(list)).not.toContain('1985');
      // A payment run, though, must follow the whole order: it stops, naming the precatório, and writes nothing.
      const payments = async () => Number((await db.query<{ n: string }>('select count(*)::text as n from payments')).rows[0]!.n);
      const paidBefore = await payments();
      await expect(
        runPayment(db, { enteId: enteA.id, availableBrl: money('1000000.00'), paidOn: isoDate('2025-11-20'), actor: 'teste' }, RULES),
      ).rejects.toThrow(new RegExp(`o precatório ${bad.replace(/[.]/g, '\\.')} não tem posição na lista`));
      expect(await payments()).toBe(paidBefore);
      await expect(
        runPayment(db, { enteId: enteB.id, availableBrl: money('1.00'), paidOn: isoDate('2025-11-20'), actor: 'teste' }, RULES),
      ).resolves.toBeDefined();
    });
  });
}
