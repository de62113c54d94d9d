import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { CsvFileError } from '../import/read-csv.ts';
import { BackupError, verifyBackupFolder } from '../storage/backup.ts';
import { BACKUP_STREAM_TYPE, backupFrames, receiveBackup } from '../storage/backup-transfer.ts';
import { StoreError } from '../storage/errors.ts';
import { decodeDomain } from './domain-json.ts';
import { remoteIndexStore } from './index-series.ts';
import type { SimulationInput } from './projection.ts';
import { importReportFromJson, importReportSchema } from './import-csv.ts';
import { paymentRunFromJson, paymentRunSchema } from './payment-run.ts';
import type { RegistryClient } from './registry-client.ts';
import { userFromJson, userJsonSchema } from './staff-users.ts';

/** Largest CSV the server takes in one request (api/app.ts BODY_LIMIT_BYTES). */
const IMPORT_BODY_MAX = 64 * 1024 * 1024;

const errorBody = z.object({ erro: z.string(), campo: z.string().nullable(), motivo: z.string() });
const restoreSchema = z.object({ tabelas: z.array(z.object({ tabela: z.string(), linhas: z.number().int() })), hashConteudo: z.string() });
const healthSchema = z.object({ banco: z.enum(['pglite', 'postgres']) }).loose();

/**
 * The /api/entes/:id routes name the ente by the path's `id`; this client's callers (the CLI) name
 * it `ente`, as the use cases do when run here.
 */
const ENTE_PATH_FIELDS: Readonly<Record<string, string>> = { id: 'ente' };

/**
 * A failure the server answered, back as the error the same use case throws when run here; `fields`
 * renames the server's field names to the caller's (`ENTE_PATH_FIELDS`).
 */
async function failure(res: Response, what: string, fields: Readonly<Record<string, string>> = {}): Promise<Error> {
  const parsed = errorBody.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) return new Error(`${what}: o servidor respondeu ${res.status} sem explicação`);
  const { erro, motivo } = parsed.data;
  const campo = parsed.data.campo === null ? null : (fields[parsed.data.campo] ?? parsed.data.campo);
  if (res.status === 404) return new StoreError('nao-encontrado', campo ?? '', motivo);
  if (res.status === 409) return new StoreError('conflito', campo ?? '', motivo);
  if (erro === 'arquivo-invalido') return new CsvFileError(motivo);
  if (erro === 'backup-invalido') return new BackupError([motivo]);
  if (res.status === 422) return new StoreError('invalido', campo ?? '', motivo);
  if (res.status === 403 && /papel/.test(motivo))
    return new Error(
      `${what}: ${motivo} — use o token de um usuário com esse papel em PRECATORIOS_TOKEN, ou deixe-o vazio para usar a credencial local do servidor`,
    );
  if (res.status === 401 || res.status === 403)
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
    async importCsv(path) {
      const size = (await stat(path)).size;
      if (size > IMPORT_BODY_MAX) {
        throw new Error(
          `o arquivo tem ${Math.ceil(size / 1024 / 1024)} MiB e o servidor aceita até ${IMPORT_BODY_MAX / 1024 / 1024} MiB por importação; divida o arquivo, ou pare o servir e importe direto`,
        );
      }
      const res = await call('/api/importacoes', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: await readFile(path) });
      return importReportFromJson(await json(res, importReportSchema, 'importação'));
    },
    async runPayment(input, onProgress) {
      const res = await call(`/api/entes/${encodeURIComponent(input.enteId)}/rodadas-de-pagamento`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ valor: input.availableBrl.toFixed(2), data: input.paidOn }),
      });
      const plan = paymentRunFromJson(await json(res, paymentRunSchema, 'rodada de pagamento', ENTE_PATH_FIELDS));
      if (plan.items.length > 0) onProgress?.(plan.items.length, plan.items.length);
      return plan;
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
