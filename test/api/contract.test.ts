// Goal (issue 18 §3): one contract. Every operation of the OpenAPI document is called on the demo
// registry — publicly, with the staff token, and again after the staff writes (so the answers that
// were empty before, the EC 136 plan, the special account, the payments, are full) — and each JSON
// answer is parsed with the schema its operation names in the document (api/response-schemas.ts).
// A status the document does not list fails; a JSON answer without a schema fails; a field the
// schema does not know fails (strict objects, and the parsed value must equal the answer: the
// schemas the CLI shares from src/app strip unknown keys rather than refuse them); a changed type
// fails. On both backends (the answers come from storage).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createApp } from '../../src/api/app.ts';
import { OPENAPI_DOCUMENT, RESPONSE_SCHEMAS, type ResponseName } from '../../src/api/openapi.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { readIndexSnapshot } from '../../src/indices/snapshot.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import { BACKENDS } from '../support/backends.ts';
import { RUN_DATE, TOKEN, demoInput, seededDb } from '../support/api.ts';
import { RULES } from '../support/rules.ts';
import { type Operation, type Sample, afterBaseline, csvRow, csvText, operations, requestFor } from './operations.ts';

type Doc = Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
const PATHS = OPENAPI_DOCUMENT.paths as unknown as Doc;
const ALL = operations();
const key = (op: Operation) => `${op.method} ${op.template}`;

/** The document itself is the one JSON answer without a schema of its own. */
const SELF = 'GET /api/openapi.json';
/**
 * Success answers the walk cannot reach on the demo registry, each for a reason that is the right
 * answer there: a restore needs an empty registry (422 here; restores: test/app/registry-client.contract.test.ts).
 */
const UNREACHED_SUCCESS = new Set(['POST /api/backup/restauracao']);

interface Checked {
  readonly op: string;
  readonly status: number;
  readonly schema: ResponseName | undefined;
  readonly problem: string | undefined;
  readonly body: unknown;
}

/** The schema the document names for `op` answering `status` as JSON, or why there is none. */
function schemaOf(op: string, status: number): ResponseName | { problem: string } {
  const [method, template] = op.split(' ') as [string, string];
  const response = PATHS[template]?.[method.toLowerCase()]?.responses[String(status)];
  if (!response) return { problem: `status ${status} não documentado` };
  const ref = response.content?.['application/json']?.schema?.$ref;
  const name = ref?.replace('#/components/schemas/', '');
  if (!name || !(name in RESPONSE_SCHEMAS)) return { problem: `resposta JSON ${status} sem esquema no documento` };
  return name as ResponseName;
}

/** Parses `body` with the schema `name`: no issue, and nothing dropped (an unknown key would be). */
export function violation(name: ResponseName, body: unknown): string | undefined {
  const schema: z.ZodType = RESPONSE_SCHEMAS[name];
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    return parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
  const dropped = firstDifference(parsed.data, body, '');
  return dropped === undefined ? undefined : `campo fora do esquema: ${dropped}`;
}

function firstDifference(parsed: unknown, sent: unknown, path: string): string | undefined {
  if (sent === null || typeof sent !== 'object') return Object.is(parsed, sent) ? undefined : path || '(raiz)';
  if (parsed === null || typeof parsed !== 'object') return path || '(raiz)';
  for (const [k, v] of Object.entries(sent)) {
    const at = path ? `${path}.${k}` : k;
    if (!(k in parsed)) return at;
    const d = firstDifference((parsed as Record<string, unknown>)[k], v, at);
    if (d !== undefined) return d;
  }
  return undefined;
}

for (const backend of BACKENDS) {
  describe(`the API answers what its OpenAPI document says, on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    let app: ReturnType<typeof createApp>;
    let sample: Sample;
    /** A beneficiary the walk leaves unpaid (the sample's first one is ceded whole by it). */
    let other: string;
    const checked: Checked[] = [];

    const check = async (op: string, url: string, init: RequestInit) => {
      const res = await app.request(url, init);
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
      if (!json) {
        // Non-JSON answers (CSV, Atom, HTML, the backup stream) only need a documented status.
        const found = schemaOf(op, res.status);
        const documented = typeof found === 'string' || !found.problem.startsWith('status');
        checked.push({ op, status: res.status, schema: undefined, problem: documented ? undefined : found.problem, body: text.slice(0, 200) });
        return text;
      }
      const body: unknown = JSON.parse(text);
      if (op === SELF) {
        checked.push({ op, status: res.status, schema: undefined, problem: res.status === 200 ? undefined : 'documento indisponível', body: null });
        return text;
      }
      const found = schemaOf(op, res.status);
      if (typeof found !== 'string') checked.push({ op, status: res.status, schema: undefined, problem: found.problem, body });
      else checked.push({ op, status: res.status, schema: found, problem: violation(found, body), body });
      return text;
    };

    beforeAll(async () => {
      db = await backend.open();
      const input = demoInput();
      await seededDb(input, db);
      app = createApp({
        db,
        rules: RULES,
        correctionRules: loadCorrectionRules(),
        // As `servir`: the shipped index snapshot, so lookups and payments carry their correction and liquidation.
        indexSnapshot: readIndexSnapshot().series,
        rpvLaws: loadRpvLaws(),
        today: () => RUN_DATE,
        adminToken: TOKEN,
        log: () => undefined,
        indexRecheckMs: 0,
      });
      const open = input.precatorios.filter((p) => p.enteId === 'estado-do-para' && p.status === 'ativo');
      const p = open.find((x) => x.beneficiarios.length >= 2) ?? open[0]!;
      other = p.beneficiarios[1]!.id;
      sample = { enteId: 'estado-do-para', regime: 'especial', numero: p.numero, beneficiarioId: p.beneficiarios[0]!.id, cancelavel: open.at(-1)!.numero };

      const staffAuth = { authorization: `Bearer ${TOKEN}` };
      // Public first (an empty special account, no RCL), then staff (every write), then both again.
      for (const pass of ['public', 'staff', 'public', 'staff-reads'] as const) {
        for (const op of ALL) {
          if (op.staff && pass === 'public') continue;
          if (pass === 'staff-reads' && op.method !== 'GET') continue;
          const { url, init } = requestFor(op, sample);
          if (pass !== 'public') init.headers = { ...(init.headers as Record<string, string>), ...staffAuth };
          const text = await check(key(op), url, init);
          if (pass === 'staff') sample = afterBaseline(op, sample, text);
        }
      }
      // What the baselines leave out: a scenario with the months detailed, a payment with its withholding (R6.6),
      // every staff operation without a token (401), and unknown things (404).
      await check('POST /api/simulacoes', '/api/simulacoes', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          enteId: sample.enteId,
          de: '2026-01',
          ate: '2027-12',
          financiamento: { tipo: 'deposito-mensal', valor: '2000000.00' },
          cenario: { nome: 'mais depósito', variacaoFinanciamentoPct: '50' },
          detalharMeses: true,
          tamanho: 50,
        }),
      });
      await check('POST /api/precatorios/{numero}/pagamentos', `/api/precatorios/${encodeURIComponent(sample.numero)}/pagamentos`, {
        method: 'POST',
        headers: { ...staffAuth, 'content-type': 'application/json' },
        body: JSON.stringify({ beneficiarioId: other, valor: '50.00', pagoEm: '2025-11-20', retencao: { regime: 'PF_TABELA', vinculo: 'sem-vinculo' } }),
      });
      for (const op of ALL.filter((o) => o.staff)) {
        const { url, init } = requestFor(op, sample);
        const { authorization: _, ...anonymous } = init.headers as Record<string, string>;
        await check(key(op), url, { ...init, headers: anonymous });
      }
      // The import's progress stream (the CLI's way): every line parses with ImportacaoProgresso, the last is the report.
      const row = { ...csvRow(sample), numero: 'CONTRATO-NDJSON-1' };
      const res = await app.request('/api/importacoes', {
        method: 'POST',
        headers: { ...staffAuth, 'content-type': 'text/csv', accept: 'application/x-ndjson' },
        body: csvText([row]),
      });
      const lines = (await res.text()).trim().split('\n');
      for (const line of lines)
        checked.push({
          op: 'POST /api/importacoes (x-ndjson)',
          status: res.status,
          schema: 'ImportacaoProgresso',
          problem: violation('ImportacaoProgresso', JSON.parse(line)),
          body: JSON.parse(line),
        });
      // A deposits CSV with a bad line: 422 with every refused line (DepositosRecusados).
      await check('POST /api/entes/{id}/conta-especial/depositos/importacao', `/api/entes/${sample.enteId}/conta-especial/depositos/importacao`, {
        method: 'POST',
        headers: { ...staffAuth, 'content-type': 'text/csv' },
        body: 'data;valor;documento\n2025-11-20;abc;extrato\n',
      });
      await check('GET /api/entes/{id}/fila', '/api/entes/marte/fila', {});
      await check('GET /api/precatorios/{numero}', '/api/precatorios/0000000-00.0000.0.00.0000', {});
      await check('GET /api/entes/{id}/fila', '/api/entes/estado-do-para/fila?tamanho=0', {});
    }, 240_000);
    afterAll(async () => {
      await db?.dispose();
    });

    it('every answer is documented and parses with the schema its operation names', () => {
      const failures = checked.filter((c) => c.problem !== undefined).map((c) => `${c.op} ${c.status}: ${c.problem}`);
      expect([...new Set(failures)]).toEqual([]);
    });

    it('every operation with a JSON success answer was seen answering it (so no schema goes untested)', () => {
      const succeeded = new Set(checked.filter((c) => c.status < 300 && c.schema !== undefined).map((c) => c.op));
      const expected = ALL.map(key).filter((op) => {
        const [method, template] = op.split(' ') as [string, string];
        const responses = PATHS[template]![method.toLowerCase()]!.responses;
        return Object.entries(responses).some(([status, r]) => Number(status) < 300 && r.content?.['application/json']?.schema?.$ref);
      });
      expect(expected.length).toBeGreaterThanOrEqual(35);
      expect(expected.filter((op) => !succeeded.has(op) && !UNREACHED_SUCCESS.has(op))).toEqual([]);
      // Errors too: the 400, 401 and 404 answers parse with Erro.
      const errors = new Set(checked.filter((c) => c.schema === 'Erro').map((c) => c.status));
      expect([...errors].sort()).toEqual(expect.arrayContaining([400, 401, 404]));
      // Every component but the unreachable restore's is some answer's schema here.
      const seen = new Set(checked.map((c) => c.schema));
      expect(Object.keys(RESPONSE_SCHEMAS).filter((name) => !seen.has(name as ResponseName))).toEqual(['Restauracao']);
    });

    it('the filled answers were reached: the EC 136 plan, the corrected value, a liquidated and withheld payment, a scenario', () => {
      const bodyOf = (op: string, pick: (b: any) => unknown) => checked.filter((c) => c.op === op && c.status < 300).map((c) => pick(c.body as any));
      expect(bodyOf('GET /api/entes/{id}/plano-ec136', (b) => b.rcl !== null)).toContain(true);
      expect(bodyOf('GET /api/precatorios/{numero}', (b) => 'memoria' in b.valorCorrigido)).toContain(true);
      expect(bodyOf('POST /api/precatorios/{numero}/pagamentos', (b) => b.liquidacao !== null && b.retencao !== null)).toContain(true);
      expect(bodyOf('POST /api/importacoes (x-ndjson)', (b) => 'relatorio' in b && b.relatorio.novos === 1)).toContain(true);
      expect(bodyOf('POST /api/simulacoes', (b) => b.cenario !== null && b.meses !== null)).toContain(true);
      expect(bodyOf('GET /api/entes/{id}/conta-especial', (b) => b.depositos.length > 0 && b.pagamentos.length > 0)).toContain(true);
    });

    it('fails on an answer with a field the schema does not know, or a field of another type', () => {
      // The check above is only worth something if it can fail: the real answers, changed one way each.
      const real = checked.filter((c) => c.schema !== undefined && c.problem === undefined && c.status < 300);
      expect(real.length).toBeGreaterThan(40);
      for (const c of real) {
        const body = c.body as Record<string, unknown>;
        expect([c.op, violation(c.schema!, { ...body, campoNovo: 1 })]).not.toEqual([c.op, undefined]);
        const [field, value] = Object.entries(body).find(([, v]) => v !== null) ?? [];
        if (field === undefined) continue;
        const retyped = typeof value === 'number' ? String(value) : typeof value === 'string' ? 12 : typeof value === 'boolean' ? 'sim' : 'x';
        expect([c.op, field, violation(c.schema!, { ...body, [field]: retyped })]).not.toEqual([c.op, field, undefined]);
      }
      // One level down too: a new field inside the lookup's precatório and inside a list row.
      const consulta = real.find((c) => c.op === 'GET /api/precatorios/{numero}')!.body as { precatorio: object };
      expect(violation('Consulta', { ...consulta, precatorio: { ...consulta.precatorio, cpfCompleto: '52998224725' } })).toMatch(/cpfCompleto/);
      const fila = real.find((c) => c.op === 'GET /api/entes/{id}/fila')!.body as { itens: object[] };
      expect(violation('Fila', { ...fila, itens: [{ ...fila.itens[0], nome: 'x' }] })).toMatch(/nome/);
    });
  });
}
