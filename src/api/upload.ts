import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errnoCode } from '../storage/storage-errors.ts';
import { ApiError } from './errors.ts';

/** MiB as the limits are named to users. */
export const MIB = 1024 * 1024;

/**
 * Largest CSV POST /api/importacoes takes by default (`servir --limite-importacao` or
 * PRECATORIOS_LIMITE_IMPORTACAO change it). The upload is streamed to a private temporary file
 * and the import reads it from there as the local `importar` reads its file, so memory does not
 * grow with it; the cap bounds the server's temporary disk. 4 GiB is ~15 million rows of the
 * project format (~280 bytes a row in the TJPA demo).
 */
export const DEFAULT_IMPORT_MAX_BYTES = 4096 * MIB;

/** The 413 of an upload past `maxBytes`, naming the limit and how to change it. */
export function tooLarge(maxBytes: number, what: string, setting: string): ApiError {
  return new ApiError(
    413,
    'corpo-grande-demais',
    'arquivo',
    `${what} passa do limite deste servidor (${formatMib(maxBytes)}; ${setting}); divida o arquivo ou aumente o limite`,
  );
}

/** A limit as users set it (whole MiB), or in bytes when it is not whole MiB (tests, RESTORE_BODY_LIMIT_BYTES). */
export const formatMib = (bytes: number) => (Number.isInteger(bytes / MIB) ? `${bytes / MIB} MiB` : `${bytes} bytes`);

/**
 * Writes a request body to `path` as it arrives, never holding more than a chunk in memory (Hono's
 * bodyLimit buffers a body sent without Content-Length whole, up to its limit). A declared length
 * above `maxBytes` is refused before reading; an undeclared one is counted and cut at the limit.
 */
export async function saveUpload(request: Request, path: string, maxBytes: number, refuse: () => ApiError): Promise<number> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw refuse();
  if (!request.body) throw new ApiError(400, 'entrada-invalida', 'arquivo', 'envie o arquivo no corpo da requisição');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > maxBytes ? refuse() : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(request.body as import('node:stream/web').ReadableStream), count, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = errnoCode(error);
    // The temporary copy is on the server's disk, not the registry's: said apart from the store's own full disk.
    if (code === 'ENOSPC' || code === 'EDQUOT')
      throw new ApiError(507, 'sem-espaco-temporario', 'arquivo', 'o arquivo não coube no disco temporário do servidor; nada foi gravado no registro');
    throw new ApiError(400, 'envio-interrompido', 'arquivo', `o envio do arquivo foi interrompido depois de ${size} bytes; nada foi gravado no registro`);
  }
  return size;
}

/** A request body as chunks, counted: past `maxBytes` (declared or sent) it throws `refuse()`. */
export async function* limitedBody(request: Request, maxBytes: number, refuse: () => ApiError): AsyncIterable<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw refuse();
  if (!request.body) return;
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) throw refuse();
    yield chunk;
  }
}
