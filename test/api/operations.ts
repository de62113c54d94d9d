// Every operation of the API, read from the OpenAPI document (which a test keeps equal to the
// routes): its parameters, its body fields, and a valid request to start from — so a route added
// tomorrow is attacked and checked by the security tests without anyone listing it.
import { OPENAPI_DOCUMENT } from '../../src/api/openapi.ts';
import { HONORARIOS_COLUMNS, PROJECT_COLUMNS } from '../../src/import/project-format.ts';

/** Every column of the project CSV format, the optional honorários columns included (R6.14). */
const CSV_COLUMNS = [...PROJECT_COLUMNS, ...HONORARIOS_COLUMNS];
import { TOKEN } from '../support/api.ts';

export type Slot =
  | { readonly in: 'path' | 'query'; readonly name: string }
  | { readonly in: 'body'; readonly name: string }
  | { readonly in: 'csv'; readonly name: string }
  | { readonly in: 'header'; readonly name: string };

export interface Operation {
  readonly method: 'GET' | 'POST';
  readonly template: string;
  readonly staff: boolean;
  /** `csv`: the registry import (project format); `csv-depositos`: the special account's deposits CSV. */
  readonly body: 'json' | 'csv' | 'csv-depositos' | undefined;
  /** Everything a client controls in this operation. */
  readonly slots: readonly Slot[];
  /** Body fields sent in the valid baseline request. */
  readonly required: readonly string[];
  readonly schemas: Readonly<Record<string, Schema>>;
}

type Schema = { readonly type?: unknown; readonly enum?: readonly string[]; readonly format?: string; readonly pattern?: string };
interface Param {
  readonly name: string;
  readonly in: string;
  readonly schema?: Schema;
}
interface Op {
  readonly parameters?: readonly Param[];
  readonly security?: unknown;
  readonly requestBody?: {
    readonly content: Record<string, { readonly schema?: { readonly properties?: Record<string, Schema>; readonly required?: readonly string[] } }>;
  };
}

export function operations(): Operation[] {
  return Object.entries(OPENAPI_DOCUMENT.paths as unknown as Record<string, Record<string, Op>>).flatMap(([template, ops]) =>
    Object.entries(ops).map(([method, op]): Operation => {
      const params = (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
      const json = op.requestBody?.content['application/json']?.schema;
      const deposits = template.endsWith('/conta-especial/depositos/importacao');
      const csv = op.requestBody?.content['text/csv'] !== undefined && !deposits;
      const staff = op.security !== undefined;
      const schemas: Record<string, Schema> = Object.fromEntries([
        ...params.map((p) => [p.name, p.schema ?? {}] as const),
        ...Object.entries(json?.properties ?? {}),
      ]);
      return {
        method: method.toUpperCase() as Operation['method'],
        template,
        staff,
        body: json ? 'json' : csv ? 'csv' : deposits ? 'csv-depositos' : undefined,
        slots: [
          ...params.map((p): Slot => ({ in: p.in as 'path' | 'query', name: p.name })),
          ...Object.keys(json?.properties ?? {}).flatMap((name): Slot[] => [
            { in: 'body', name },
            // One level down into the objects a valid request sends (financiamento.valor, cenario.nome…).
            ...Object.keys(NESTED[name] ?? {}).map((key): Slot => ({ in: 'body', name: `${name}.${key}` })),
          ]),
          ...(csv ? CSV_COLUMNS.map((name): Slot => ({ in: 'csv', name })) : []),
          ...(staff ? [{ in: 'header', name: 'authorization' } as const] : []),
        ],
        required: json?.required ?? [],
        schemas,
      };
    }),
  );
}

/** Real things in the registry the valid requests point at. */
export interface Sample {
  readonly enteId: string;
  readonly regime: 'geral' | 'especial';
  readonly numero: string;
  readonly beneficiarioId: string;
  /** A precatório still open for cancellation: each successful cancel needs a fresh one. */
  readonly cancelavel: string;
  /** A payment of `numero` (its document is a staff read, R6.20); '1' until the baseline payment names one. */
  readonly pagamento?: string | undefined;
}

/** The sample after a baseline request: a payment of the sample's precatório names the document's payment. */
export function afterBaseline(op: Operation, sample: Sample, text: string): Sample {
  if (op.method !== 'POST' || op.template !== '/api/precatorios/{numero}/pagamentos') return sample;
  const pagamento = (JSON.parse(text) as { pagamento?: unknown }).pagamento;
  return typeof pagamento === 'string' ? { ...sample, pagamento } : sample;
}

/** Valid objects for body fields that are objects; their keys are attacked one by one too. */
const NESTED: Record<string, Record<string, unknown>> = {
  financiamento: { tipo: 'deposito-mensal', valor: '1000.00', parcelaCronologica: '1', crescimentoAnualPct: '0' },
  rcl: { valorAnual: '1000000.00', anoBase: 2025, crescimentoAnualPct: '2' },
  novosPorAno: { quantidade: 1, valorTotal: '1000.00', fracaoAlimentar: '0.5' },
  premissas: { ipcaAnualPct: '3', selicAnualPct: '10', corrigirSaldos: true },
  cenario: {
    nome: 'cenário',
    variacaoFinanciamentoPct: '10',
    tetoRpv: { valor: '50000.00', desde: '2026-06' },
    superpreferencias: [],
    precatoriosExtras: [],
    novosPorAno: { quantidade: 1, valorTotal: '1000.00' },
  },
};

/**
 * Whether a slot carries free text or an identifier (what could reach SQL as a string), as opposed
 * to a value the schema pins down (enum, date, number, pattern) and validation refuses otherwise.
 */
export function isTextSlot(op: Operation, slot: Slot): boolean {
  if (slot.in !== 'body' && slot.in !== 'query') return true;
  if (slot.name.includes('.')) return false;
  const schema = op.schemas[slot.name] ?? {};
  return (schema.type === 'string' || schema.type === undefined) && !schema.enum && !schema.format && !schema.pattern && !(slot.name in NESTED);
}

/** A valid value by name (what the routes mean by it) or else by schema, for the baseline request. */
function validValue(op: Operation, name: string, schema: Schema, s: Sample): unknown {
  const byName: Record<string, unknown> = {
    // POST /api/entes creates a debtor (issue 17 §5): a new one, not the sample's.
    id: op.method === 'POST' && op.template === '/api/entes' ? 'ente-novo-teste' : s.enteId,
    nome: 'Ente de teste',
    esfera: 'municipal',
    fundamento: 'Lei de teste',
    enteId: s.enteId,
    numero: op.template.endsWith('/cancelamento') ? s.cancelavel : s.numero,
    serie: 'ipca_e',
    beneficiarioId: s.beneficiarioId,
    pagamento: s.pagamento ?? '1',
    cedenteId: s.beneficiarioId,
    falecidoId: s.beneficiarioId,
    herdeiros: [{ id: 'herdeiro-teste', credorId: 'herdeiro-teste', quinhao: '1' }],
    cessionarioCredorId: 'fundo-teste',
    data: '2025-11-20',
    ate: '2026-06',
    de: '2026-01',
    pagina: 1,
    tamanho: 10,
    orcamento: 2024,
    valor: '1.00',
    motivo: schema.enum ? schema.enum[0] : 'motivo de teste',
    vigenteDesde: '2025-01-01',
    numeros: [s.numero],
    login: 'injecao-teste',
    // EC 136 plan (R7.8): an RCL exercício, a plan year, what-if figures.
    exercicio: 2024,
    ano: 2025,
    rclHipotese: '1000000.00',
    estoqueHipotese: '1000.00',
    // Acordos diretos (R7.6, R7.7): fractions and the edital the baseline opened (the first one, id 1).
    desagio: '0.1',
    desagioMaximo: '0.4',
    parcelaAcordos: '0.5',
    edital: '1',
    precatorio: s.numero,
    beneficiario: s.beneficiarioId,
    series: [{ serie: 'ipca_e', valores: [{ mes: '2024-01', taxaPct: '0.31' }] }],
    ...NESTED,
  };
  if (name in byName) return byName[name];
  if (schema.enum) return schema.enum[0];
  if (schema.format === 'date') return '2025-11-20';
  if (schema.type === 'integer') return 1;
  if (schema.type === 'boolean') return false;
  if (schema.type === 'array') return [];
  if (schema.type === 'object') return {};
  return 'x';
}

/** The project CSV format: one valid row, all columns. */
export function csvRow(s: Sample): Record<string, string> {
  return {
    numero: 'INJ-BASE-1',
    ente_id: s.enteId,
    ente_nome: 'Ente de teste',
    esfera: 'municipal',
    regime: s.regime,
    natureza: 'alimentar',
    tributario: 'não',
    apresentado_em: '2024-03-10 10:00',
    expedido_em: '2024-02-20',
    data_base: '2024-01',
    valor_requisitado: '1000.00',
    status: 'ativo',
    processo_origem: 'proc-1',
    beneficiario_id: 'b1',
    credor_id: 'c1',
    titularidade: 'originario',
    valor_beneficiario: '1000.00',
    pago: '',
    superpreferencia_paga: '',
    nascimento: '1950-05-01',
    doenca_grave_desde: '',
    deficiencia_desde: '',
    nome: 'Pessoa de Teste',
    cpf: '52998224725',
  };
}

const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;
export const csvText = (rows: readonly Record<string, string>[]) =>
  `${CSV_COLUMNS.join(',')}\n${rows.map((row) => CSV_COLUMNS.map((c) => csvCell(row[c] ?? '')).join(',')).join('\n')}\n`;

/** What an answer must never show: SQL from our queries, driver internals, stack frames. */
export const LEAKS: readonly RegExp[] = [
  /\bselect\b[\s\S]{0,200}\bfrom\b/i,
  /\binsert\s+into\b/i,
  /\bupdate\s+\w+\s+set\b/i,
  /\bdelete\s+from\b/i,
  /\bdrop\s+table\b/i,
  /syntax error/i,
  /SQLSTATE/i,
  /\brelation "/i,
  /\bcolumn "/i,
  /invalid byte sequence/i,
  /unterminated/i,
  /pglite|node-postgres|\bpg\b[:.]/i,
  /\bat\s+[\w.<>]+\s+\(/,
  /\.(?:ts|js|mjs):\d+/,
  /node_modules/,
  /\bstack\b/i,
];

/**
 * The request for `op`: valid everywhere, except `slot`, which carries `value` (raw: the path
 * segment is sent exactly as given, without encoding).
 */
export function requestFor(op: Operation, s: Sample, attack?: { slot: Slot; value: unknown; raw?: boolean }): { url: string; init: RequestInit } {
  const pick = (slot: Slot, valid: unknown) => (attack && attack.slot.in === slot.in && attack.slot.name === slot.name ? attack.value : valid);
  let path = op.template;
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  const headers: Record<string, string> = op.staff ? { authorization: `Bearer ${TOKEN}` } : {};
  for (const slot of op.slots) {
    const schema = op.schemas[slot.name] ?? {};
    if (slot.in === 'path') {
      const v = pick(slot, validValue(op, slot.name, schema, s));
      path = path.replace(`{${slot.name}}`, attack?.raw && attack.slot.name === slot.name ? String(v) : encodeURIComponent(String(v)));
    } else if (slot.in === 'query') {
      if (attack?.slot.in === 'query' && attack.slot.name === slot.name) query.set(slot.name, String(attack.value));
    } else if (slot.in === 'body' && !slot.name.includes('.')) {
      const attacked = attack?.slot.in === 'body' && (attack.slot.name === slot.name || attack.slot.name.startsWith(`${slot.name}.`));
      if (attacked || op.required.includes(slot.name) || slot.name === 'financiamento' || slot.name === 'ate' || slot.name === 'de')
        body[slot.name] = pick(slot, validValue(op, slot.name, schema, s));
      if (attack && attack.slot.in === 'body' && attack.slot.name.startsWith(`${slot.name}.`)) {
        body[slot.name] = { ...(body[slot.name] as object), [attack.slot.name.slice(slot.name.length + 1)]: attack.value };
      }
    } else if (slot.in === 'header' && attack?.slot.in === 'header' && attack.slot.name === slot.name) {
      // In the login's place of a staff token: the one part of it that reaches a query.
      headers[slot.name] = slot.name === 'authorization' ? `Bearer pct_${String(attack.value)}_${'A'.repeat(43)}` : String(attack.value);
    }
  }
  const qs = query.toString();
  const url = `${path}${qs ? `?${qs}` : ''}`;
  if (op.method === 'GET') return { url, init: { headers } };
  if (op.body === 'csv') {
    const row = csvRow(s);
    if (attack?.slot.in === 'csv') row[attack.slot.name] = String(attack.value);
    return { url, init: { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csvText([row]) } };
  }
  if (op.body === 'csv-depositos') return { url, init: { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: DEPOSITS_CSV } };
  return { url, init: { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) } };
}

/** One valid deposit for the special account's CSV import (its columns: app/special-account.ts). */
const DEPOSITS_CSV = 'data;valor;documento\n2025-11-20;100,00;extrato de teste\n';
