import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { AcordoCallJson, EditalJson, HabilitacaoJson } from './acordos.ts';
import { CsvFileError } from '../import/read-csv.ts';
import { BackupError, verifyBackupFolder } from '../storage/backup.ts';
import { BACKUP_STREAM_TYPE, backupFrames, receiveBackup } from '../storage/backup-transfer.ts';
import { StoreError } from '../storage/errors.ts';
import { decodeDomain } from './domain-json.ts';
import { remoteIndexStore } from './index-series.ts';
import type { PlanJson } from './ec136-plan.ts';
import { parcelamentosCf20Response } from '../api/response-schemas.ts';
import type { SimulationInput } from './projection.ts';
import { importReportFromJson, importReportSchema } from './import-csv.ts';
import { paymentRunFromJson, paymentRunSchema } from './payment-run.ts';
import { paymentDocumentSchema } from './payment-document.ts';
import { positionChangesJsonSchema } from './position-changes.ts';
import type { RegistryClient } from './registry-client.ts';
import { movementJsonSchema, specialAccountStatementSchema } from './special-account.ts';
import { money } from '../domain/money.ts';
import { userFromJson, userJsonSchema } from './staff-users.ts';

/** What POST /api/importacoes streams back when asked (api/routes/importacoes.ts IMPORT_PROGRESS_TYPE). */
const IMPORT_PROGRESS_TYPE = 'application/x-ndjson';

const errorBody = z.object({ erro: z.string(), campo: z.string().nullable(), motivo: z.string() });
const restoreSchema = z.object({ tabelas: z.array(z.object({ tabela: z.string(), linhas: z.number().int() })), hashConteudo: z.string() });
const healthSchema = z.object({ banco: z.enum(['pglite', 'postgres']) }).loose();
const progressLine = z.union([
  z.object({ gravados: z.number().int().nonnegative(), bytesLidos: z.number().int().nonnegative(), bytesTotal: z.number().int().nonnegative() }),
  z.object({ relatorio: importReportSchema }),
  errorBody.extend({ status: z.number().int() }),
]);

/**
 * The /api/entes/:id routes name the ente by the path's `id`; this client's callers (the CLI) name
 * it `ente`, as the use cases do when run here.
 */
/** The acordos answers (app/acordos.ts shapes), checked loosely: an object from the server's use case. */
const acordoAnswer = z.object({}).loose();
const ENTE_PATH_FIELDS: Readonly<Record<string, string>> = { id: 'ente' };
/** What POST /api/entes and POST /api/entes/:id/leis-rpv answer (app/ente-writes.ts). */
const enteAnswerSchema = z.object({ id: z.string(), nome: z.string(), esfera: z.string(), regime: z.string(), criado: z.boolean() }).loose();
const lawAnswerSchema = z.object({ vigenteDesde: z.string(), tipo: z.string(), valor: z.string().nullable(), fundamento: z.string() }).loose();
/** What POST /api/entes/:id/rcl answers (app/ec136-plan.ts `rclJson`). */
const rclAnswerSchema = z.object({ exercicio: z.number().int(), rcl: z.string(), estoqueMora: z.string().nullable(), fonte: z.string() }).loose();

/** What POST …/conta-especial/depositos/importacao answers: the import, or every refused line (422). */
const depositImportSchema = z.object({ registrados: z.number().int().nonnegative(), total: z.string() }).loose();
const depositRejectionSchema = errorBody.extend({ rejeitadas: z.array(z.object({ linha: z.number().int(), campo: z.string(), motivo: z.string() })) });

/**
 * A failure the server answered, back as the error the same use case throws when run here; `fields`
 * renames the server's field names to the caller's (`ENTE_PATH_FIELDS`).
 */
async function failure(res: Response, what: string, fields: Readonly<Record<string, string>> = {}): Promise<Error> {
  const parsed = errorBody.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) return new Error(`${what}: o servidor respondeu ${res.status} sem explicação`);
  return failureOf(res.status, parsed.data, what, fields);
}

function failureOf(status: number, body: z.infer<typeof errorBody>, what: string, fields: Readonly<Record<string, string>> = {}): Error {
  const { erro, motivo } = body;
  const campo = body.campo === null ? null : (fields[body.campo] ?? body.campo);
  // The store's own failure (full disk, read-only…) reads as it does when the command opens the store.
  if (erro === 'armazenamento-indisponivel') return new Error(motivo);
  if (status === 404) return new StoreError('nao-encontrado', campo ?? '', motivo);
  if (status === 409) return new StoreError('conflito', campo ?? '', motivo);
  if (erro === 'arquivo-invalido') return new CsvFileError(motivo);
  if (erro === 'backup-invalido') return new BackupError([motivo]);
  if (status === 422) return new StoreError('invalido', campo ?? '', motivo);
  if (status === 403 && /papel/.test(motivo))
    return new Error(
      `${what}: ${motivo} — use o token de um usuário com esse papel em PRECATORIOS_TOKEN, ou deixe-o vazio para usar a credencial local do servidor`,
    );
  if (status === 401 || status === 403)
    return new Error(`o servidor recusou a credencial (${motivo}); defina PRECATORIOS_TOKEN com o token de um usuário da equipe`);
  return new Error(`${what}: ${motivo}${campo ? ` (campo ${campo})` : ''}`);
}

/**
 * The registry held by a running `servir`, reached through its API as a staff identity: the
 * server runs the very use cases a local store would (src/app), and the answers come back in the
 * shapes those use cases return, so the commands print the same in both modes.
 */
export async function remoteRegistry(url: string, token: string): Promise<RegistryClient> {
  const base = url.replace(/\/+$/, '');
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } }).catch(
      (error: unknown) => {
        throw new Error(
          `o servidor em ${base} não respondeu (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}); ele ainda está rodando?`,
        );
      },
    );
  const health = await call('/api/health');
  const kind = healthSchema.safeParse(await health.json().catch(() => undefined));
  if (!kind.success) throw new Error(`o servidor em ${base} não respondeu como um servidor do registro (GET /api/health: ${health.status})`);
  const json = async <T>(res: Response, schema: z.ZodType<T>, what: string, fields?: Readonly<Record<string, string>>): Promise<T> => {
    if (!res.ok) throw await failure(res, what, fields);
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success)
      throw new Error(`${what}: resposta do servidor fora do contrato (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
    return parsed.data;
  };
  return {
    kind: kind.data.banco,
    via: { kind: 'servidor', url: base },
    async importCsv(path, onBatch) {
      // Streamed from the file (no copy in memory), with its length so a server whose limit it
      // passes can refuse it before it is sent; the progress comes back line by line (NDJSON).
      const size = (await stat(path)).size;
      const res = await call('/api/importacoes', {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'content-length': String(size), accept: IMPORT_PROGRESS_TYPE },
        body: Readable.toWeb(createReadStream(path)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      if (!res.ok) throw await failure(res, 'importação');
      if (!res.body || !(res.headers.get('content-type') ?? '').startsWith(IMPORT_PROGRESS_TYPE))
        throw new Error(`importação: o servidor em ${base} não respondeu com o progresso (${res.headers.get('content-type') ?? 'sem tipo'})`);
      for await (const line of lines(res.body)) {
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          json = undefined;
        }
        const parsed = progressLine.safeParse(json);
        if (!parsed.success) throw new Error(`importação: linha de progresso fora do contrato (${parsed.error.issues[0]?.message})`);
        const p = parsed.data;
        if ('gravados' in p) onBatch?.(p.gravados, { bytesRead: p.bytesLidos, bytesTotal: p.bytesTotal });
        else if ('relatorio' in p) return importReportFromJson(p.relatorio);
        else throw failureOf(p.status, p, 'importação');
      }
      throw new Error(
        `importação: a conexão com o servidor em ${base} terminou antes do relatório; veja o log do servidor (a importação é uma transação: ou entrou inteira, ou nada)`,
      );
    },
    async runPayment(input, onProgress, mode = 'gravar') {
      const res = await call(`/api/entes/${encodeURIComponent(input.enteId)}/rodadas-de-pagamento${mode === 'previa' ? '/previa' : ''}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ valor: input.availableBrl.toFixed(2), data: input.paidOn }),
      });
      const plan = paymentRunFromJson(await json(res, paymentRunSchema, 'rodada de pagamento', ENTE_PATH_FIELDS));
      if (mode === 'gravar' && plan.items.length > 0) onProgress?.(plan.items.length, plan.items.length);
      return plan;
    },
    async paymentDocument(numero, paymentId) {
      const res = await call(`/api/precatorios/${encodeURIComponent(numero)}/pagamentos/${encodeURIComponent(paymentId)}/documento`);
      return json(res, paymentDocumentSchema, 'documento de pagamento');
    },
    async positionChanges(numero, desde) {
      const res = await call(`/api/precatorios/${encodeURIComponent(numero)}/mudancas${desde ? `?desde=${desde}` : ''}`);
      if (res.status === 404) return undefined;
      return json(res, positionChangesJsonSchema, 'mudanças de posição');
    },
    async exportBackup(folder, progress) {
      const res = await call('/api/backup');
      if (!res.ok) throw await failure(res, 'backup');
      if (!res.body) throw new Error('backup: o servidor respondeu sem corpo');
      const manifest = await receiveBackup(res.body as unknown as AsyncIterable<Uint8Array>, folder);
      for (const t of manifest.tabelas) await progress?.(t.tabela, t.linhas);
      return manifest;
    },
    async restoreBackup(folder, progress) {
      // Checked here first, so a damaged backup is refused before anything is sent.
      const manifest = await verifyBackupFolder(folder);
      const res = await call('/api/backup/restauracao', {
        method: 'POST',
        headers: { 'content-type': BACKUP_STREAM_TYPE },
        body: Readable.toWeb(Readable.from(backupFrames(folder, manifest))) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      const summary = await json(res, restoreSchema, 'restauração');
      for (const t of summary.tabelas) await progress?.(t.tabela, t.linhas);
      return summary;
    },
    indexStore: () => remoteIndexStore(call, failure),
    async simulationInput(enteId) {
      const res = await call(`/api/entes/${encodeURIComponent(enteId)}/dados-da-simulacao`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw await failure(res, 'leitura do registro');
      return decodeDomain(await res.text()) as SimulationInput;
    },
    async partyWrite(kind, numero, body) {
      const res = await call(`/api/precatorios/${encodeURIComponent(numero)}/${kind}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return json(res, z.object({ versao: z.number().int() }), `registro (${kind})`);
    },
    specialAccount: {
      async deposit(input) {
        const res = await call(`/api/entes/${encodeURIComponent(input.enteId)}/conta-especial/depositos`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ data: input.date, valor: input.amount.toFixed(2), documento: input.document }),
        });
        return json(res, movementJsonSchema, 'depósito', ENTE_PATH_FIELDS);
      },
      async importDeposits(csv, enteId) {
        if (enteId === undefined)
          throw new StoreError(
            'invalido',
            'ente',
            `o servidor em ${base} importa depósitos de um ente por vez: informe --ente (e um arquivo com as linhas desse ente)`,
          );
        const res = await call(`/api/entes/${encodeURIComponent(enteId)}/conta-especial/depositos/importacao`, {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: csv,
        });
        if (res.status === 422) {
          const body = await res.json().catch(() => undefined);
          const rejected = depositRejectionSchema.safeParse(body);
          if (rejected.success) return { ok: false, errors: rejected.data.rejeitadas.map((r) => ({ line: r.linha, field: r.campo, reason: r.motivo })) };
          const plain = errorBody.safeParse(body);
          throw plain.success
            ? failureOf(422, plain.data, 'importação de depósitos', ENTE_PATH_FIELDS)
            : new Error('importação de depósitos: resposta 422 fora do contrato');
        }
        const r = await json(res, depositImportSchema, 'importação de depósitos', ENTE_PATH_FIELDS);
        return { ok: true, recorded: r.registrados, total: money(r.total) };
      },
      async statement(enteId) {
        const res = await call(`/api/entes/${encodeURIComponent(enteId)}/conta-especial/extrato`);
        return json(res, specialAccountStatementSchema, 'extrato da conta especial', ENTE_PATH_FIELDS);
      },
    },
    async parcelamentosCf20(enteId) {
      const res = await call(`/api/entes/${encodeURIComponent(enteId)}/parcelamentos-cf20`);
      return json(res, parcelamentosCf20Response, 'parcelamentos do CF §20', ENTE_PATH_FIELDS);
    },
    ec136: {
      async recordRcl(input) {
        const res = await call(`/api/entes/${encodeURIComponent(input.enteId)}/rcl`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            exercicio: input.exercicio,
            valor: input.rcl.toFixed(2),
            ...(input.estoqueMora === undefined ? {} : { estoqueMora: input.estoqueMora.toFixed(2) }),
            fonte: input.fonte,
          }),
        });
        const r = await json(res, rclAnswerSchema, 'RCL', { ...ENTE_PATH_FIELDS, valor: 'rcl' });
        return { exercicio: r.exercicio, rcl: r.rcl, estoqueMora: r.estoqueMora, fonte: r.fonte };
      },
      async plan(input) {
        const q = new URLSearchParams({ ano: String(input.ano), data: input.asOf });
        if (input.rcl) q.set('rclHipotese', input.rcl.toFixed(2));
        if (input.estoque) q.set('estoqueHipotese', input.estoque.toFixed(2));
        const res = await call(`/api/entes/${encodeURIComponent(input.enteId)}/plano-ec136?${q}`);
        return (await json(res, z.object({ ente: z.string(), ano: z.number() }).loose(), 'plano EC 136', {
          ...ENTE_PATH_FIELDS,
          rclHipotese: 'rcl',
          estoqueHipotese: 'estoque',
        })) as unknown as PlanJson;
      },
    },
    entes: {
      async save(input) {
        const res = await call('/api/entes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
        const r = await json(res, enteAnswerSchema, 'cadastro do ente');
        return { criado: r.criado, ente: { id: r.id, nome: r.nome, esfera: r.esfera, regime: r.regime } };
      },
      async rpvLaw(input) {
        const res = await call(`/api/entes/${encodeURIComponent(input.enteId)}/leis-rpv`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            vigenteDesde: input.validFrom,
            tipo: input.kind,
            ...(input.amount === undefined ? {} : { valor: input.amount.toString() }),
            fundamento: input.legalBasis,
          }),
        });
        const r = await json(res, lawAnswerSchema, 'lei de RPV', ENTE_PATH_FIELDS);
        return { vigenteDesde: r.vigenteDesde, tipo: r.tipo, valor: r.valor, fundamento: r.fundamento };
      },
    },
    acordos: {
      async edital(input) {
        const res = await call(`/api/entes/${encodeURIComponent(input.enteId)}/acordos/editais`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            numero: input.numero,
            abertura: input.abertura,
            encerramento: input.encerramento,
            ...(input.desagioMaximo === undefined ? {} : { desagioMaximo: input.desagioMaximo }),
            ...(input.parcelaAcordos === undefined ? {} : { parcelaAcordos: input.parcelaAcordos }),
            ...(input.fundamento === undefined ? {} : { fundamento: input.fundamento }),
          }),
        });
        return (await json(res, acordoAnswer, 'edital de acordos', ENTE_PATH_FIELDS)) as unknown as EditalJson;
      },
      async habilitar(input) {
        const res = await call(`/api/acordos/editais/${encodeURIComponent(input.editalId)}/habilitacoes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ precatorio: input.numero, beneficiario: input.beneficiarioId, desagio: input.desagio, data: input.date }),
        });
        return (await json(res, acordoAnswer, 'habilitação')) as unknown as HabilitacaoJson;
      },
      async chamada(input) {
        const res = await call(`/api/acordos/editais/${encodeURIComponent(input.editalId)}/chamada`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ data: input.date, confirmar: input.confirm }),
        });
        return (await json(res, acordoAnswer, 'chamada de acordos')) as unknown as AcordoCallJson;
      },
    },
    users: {
      async create(input) {
        const res = await call('/api/usuarios', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: input.login, papel: input.role, ...(input.displayName === undefined ? {} : { nome: input.displayName }) }),
        });
        const body = await json(res, z.object({ usuario: userJsonSchema, token: z.string() }), 'criação do usuário');
        return { user: userFromJson(body.usuario), token: body.token };
      },
      async revoke(login) {
        const res = await call(`/api/usuarios/${encodeURIComponent(login)}/revogacao`, { method: 'POST' });
        await json(res, z.object({ revogado: z.literal(true) }).loose(), 'revogação do usuário');
      },
      async list() {
        const res = await call('/api/usuarios');
        return (await json(res, z.object({ usuarios: z.array(userJsonSchema) }), 'lista de usuários')).usuarios.map(userFromJson);
      },
    },
    close: async () => undefined,
  };
}

/** The text lines of a response body, as they arrive. */
async function* lines(body: ReadableStream<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    let at: number;
    while ((at = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      if (line.trim() !== '') yield line;
    }
  }
  if (pending.trim() !== '') yield pending;
}
