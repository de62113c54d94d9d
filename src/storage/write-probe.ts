import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LOW_SPACE_BYTES, PROBE_FILE, freeBytes } from './data-folder.ts';
import type { Db } from './db.ts';
import { StorageFailure, describeUnknown, errnoCode, translatePgliteError } from './storage-errors.ts';

export type WriteStatus =
  | { readonly ok: true; readonly livreBytes?: number }
  | {
      readonly ok: false;
      readonly tipo: 'disco-cheio' | 'somente-leitura' | 'banco-indisponivel';
      readonly motivo: string;
      readonly livreBytes?: number;
      readonly erro?: string;
    };

/** How long the probe waits for the database (a PGlite busy with a long import answers after it). */
export const PROBE_TIMEOUT_MS = 5000;

/**
 * Whether writes work now (issue 15 §1: `/api/health` said ok while every write failed). A rolled-back
 * write proves nothing about the disk, so the probe commits one: it replaces the single row of
 * store_probe. For a PGlite folder it also checks the free space (below one WAL segment a write
 * may fail half-way) and writes, syncs and removes a small file in the folder (a read-only mount).
 */
export async function probeWrites(db: Db, dataDir?: string): Promise<WriteStatus> {
  let livreBytes: number | undefined;
  if (dataDir) {
    livreBytes = freeBytes(dataDir);
    const withFree = livreBytes === undefined ? {} : { livreBytes };
    if (livreBytes !== undefined && livreBytes < LOW_SPACE_BYTES) {
      return {
        ok: false,
        tipo: 'disco-cheio',
        motivo: `disco cheio: ${(livreBytes / 1024 / 1024).toFixed(1)} MB livres na pasta do registro (mínimo ${LOW_SPACE_BYTES / 1024 / 1024} MB)`,
        ...withFree,
      };
    }
    const fileProblem = probeFile(join(dataDir, PROBE_FILE));
    if (fileProblem) return { ...fileProblem, ...withFree };
  }
  const withFree = livreBytes === undefined ? {} : { livreBytes };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProbeTimeout()), PROBE_TIMEOUT_MS);
    });
    await Promise.race([
      db.query(`insert into store_probe (id, escrito_em) values (true, now()) on conflict (id) do update set escrito_em = excluded.escrito_em`),
      timeout,
    ]);
    return { ok: true, ...withFree };
  } catch (error) {
    return { ...classify(error, dataDir ?? ''), ...withFree };
  } finally {
    clearTimeout(timer);
  }
}

class ProbeTimeout extends Error {}

function probeFile(path: string): Extract<WriteStatus, { ok: false }> | undefined {
  try {
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, 'sonda de escrita\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    unlinkSync(path);
    return undefined;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOSPC' || code === 'EDQUOT')
      return { ok: false, tipo: 'disco-cheio', motivo: `disco cheio: não coube um arquivo de teste na pasta do registro (${code})` };
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
      return { ok: false, tipo: 'somente-leitura', motivo: `a pasta do registro é somente leitura (${code})` };
    return { ok: false, tipo: 'banco-indisponivel', motivo: `a pasta do registro não aceita escrita (${code ?? 'erro desconhecido'})` };
  }
}

function classify(error: unknown, dir: string): Extract<WriteStatus, { ok: false }> {
  if (error instanceof ProbeTimeout)
    return {
      ok: false,
      tipo: 'banco-indisponivel',
      motivo: `o banco não respondeu a uma escrita em ${PROBE_TIMEOUT_MS / 1000} s (ocupado com uma escrita longa, ou travado)`,
    };
  const state = (error as { code?: unknown } | null)?.code;
  // 25006: a read-only transaction (a PostgreSQL standby, default_transaction_read_only).
  if (state === '25006') return { ok: false, tipo: 'somente-leitura', motivo: 'o banco PostgreSQL só aceita leituras (réplica ou modo somente leitura)' };
  const failure = error instanceof StorageFailure ? error : translatePgliteError(error, dir);
  if (failure?.kind === 'disco-cheio') return { ok: false, tipo: 'disco-cheio', motivo: 'disco cheio: o banco recusou uma escrita por falta de espaço' };
  if (failure?.kind === 'somente-leitura') return { ok: false, tipo: 'somente-leitura', motivo: 'o armazenamento do banco é somente leitura' };
  // The driver's text may name hosts or paths: for the server's log (`erro`), not the answer.
  return { ok: false, tipo: 'banco-indisponivel', motivo: 'o banco recusou uma escrita de teste', erro: describeUnknown(error) };
}
