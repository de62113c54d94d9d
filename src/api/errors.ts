import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { StoreError, type StoreErrorKind } from '../storage/errors.ts';
import { StorageFailure } from '../storage/storage-errors.ts';

/** The JSON body of every expected error: which field, and why, in Portuguese. */
export interface ErrorBody {
  readonly erro: string;
  readonly campo: string | null;
  readonly motivo: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly erro: string,
    readonly campo: string | null,
    readonly motivo: string,
  ) {
    super(motivo);
  }
}

const STATUS_OF: Record<StoreErrorKind, { status: ContentfulStatusCode; erro: string }> = {
  'nao-encontrado': { status: 404, erro: 'nao-encontrado' },
  conflito: { status: 409, erro: 'conflito' },
  invalido: { status: 422, erro: 'invalido' },
};

/** One place maps failures to HTTP: expected ones say why; anything else is a logged 500 that leaks nothing. */
export function errorHandler(log: (message: string) => void) {
  return (error: Error, c: Context) => {
    const { status, body } = errorAnswer(error, `${c.req.method} ${c.req.path}`, log);
    return c.json<ErrorBody>(body, status);
  };
}

/**
 * The status and body a failure is answered with (`where`: method and path, for the log). Also
 * used where the status line is already sent (the import's progress stream carries it last).
 */
export function errorAnswer(error: unknown, where: string, log: (message: string) => void): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof ApiError) return { status: error.status, body: { erro: error.erro, campo: error.campo, motivo: error.motivo } };
  if (error instanceof StoreError) {
    const { status, erro } = STATUS_OF[error.kind];
    return { status, body: { erro, campo: error.campo, motivo: error.motivo } };
  }
  // The store itself failed (full disk, read-only, damaged): the service is unavailable, and says why.
  if (error instanceof StorageFailure) {
    log(`[api] falha do armazenamento em ${where}: ${error.message}`);
    return { status: 503, body: { erro: 'armazenamento-indisponivel', campo: null, motivo: error.publicReason() } };
  }
  if (error instanceof HTTPException) {
    return { status: error.status as ContentfulStatusCode, body: { erro: 'requisicao-invalida', campo: null, motivo: error.message || 'requisição inválida' } };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  log(`[api] erro inesperado em ${where}: ${e.stack ?? e.message}${driverDetail(e)}`);
  return { status: 500, body: { erro: 'erro-interno', campo: null, motivo: 'erro interno; a equipe foi avisada pelo registro do servidor' } };
}

/** What PostgreSQL drivers attach to an error (SQLSTATE, detail, position…): for the log only. */
function driverDetail(error: Error): string {
  const fields = ['code', 'detail', 'hint', 'position', 'where', 'schema', 'table', 'column', 'constraint'] as const;
  const e = error as Partial<Record<(typeof fields)[number], unknown>>;
  const parts = fields.filter((f) => e[f] !== undefined && e[f] !== null && e[f] !== '').map((f) => `${f}=${String(e[f])}`);
  return parts.length ? ` [${parts.join(' ')}]` : '';
}
