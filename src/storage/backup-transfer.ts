import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { type BackupManifest, BackupError, MANIFEST_FILE, verifyBackupFolder, writeBackupFolder } from './backup.ts';

/**
 * A backup folder (storage/backup.ts) sent over HTTP as one stream, so the holder of a live store
 * can take the snapshot and the CLI write it where it was asked to (issue 15 §1): for each file, one
 * header line `{"arquivo": name, "bytes": n}` and then its n bytes as they are — the table files
 * first, the manifest last. The receiver writes into a private staging folder, checks everything
 * against the manifest (the same check a restore makes) and only then renames it into place.
 */
export const BACKUP_STREAM_TYPE = 'application/x-precatorios-backup';

const FILE_NAME = /^(?:[a-z0-9_]+\.ndjson|manifest\.json)$/;

export async function* backupFrames(folder: string, manifest: BackupManifest): AsyncGenerator<Uint8Array> {
  for (const arquivo of [...manifest.tabelas.map((t) => t.arquivo), MANIFEST_FILE]) {
    const path = join(folder, arquivo);
    yield Buffer.from(`${JSON.stringify({ arquivo, bytes: statSync(path).size })}\n`);
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) yield chunk;
  }
}

/** Writes a streamed backup to `folder` (new or empty), 0700/0600 like `exportRegistry`; nothing is left on failure. */
export function receiveBackup(frames: AsyncIterable<Uint8Array>, folder: string): Promise<BackupManifest> {
  return writeBackupFolder(folder, async (staging) => {
    await writeFrames(frames, staging);
    return verifyBackupFolder(staging);
  });
}

/** Parses the frames into files of `folder`; a malformed stream (or a name that is not a backup file) is refused. */
export async function writeFrames(frames: AsyncIterable<Uint8Array>, folder: string): Promise<void> {
  let pending = Buffer.alloc(0);
  let current: { out: ReturnType<typeof createWriteStream>; left: number } | undefined;
  const seen = new Set<string>();
  const finish = async () => {
    if (!current) return;
    current.out.end();
    await once(current.out, 'finish');
    current = undefined;
  };
  for await (const chunk of frames) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    while (pending.length > 0) {
      if (current) {
        const part = pending.subarray(0, current.left);
        pending = pending.subarray(part.length);
        current.left -= part.length;
        if (!current.out.write(part)) await once(current.out, 'drain');
        if (current.left === 0) await finish();
        continue;
      }
      const newline = pending.indexOf(10);
      if (newline === -1) {
        if (pending.length > 1024) throw new BackupError(['fluxo de backup inválido (cabeçalho de arquivo ausente)']);
        break;
      }
      let header: { arquivo?: unknown; bytes?: unknown };
      try {
        header = JSON.parse(pending.subarray(0, newline).toString('utf8')) as typeof header;
      } catch {
        throw new BackupError(['fluxo de backup inválido (cabeçalho de arquivo ilegível)']);
      }
      pending = pending.subarray(newline + 1);
      if (
        typeof header.arquivo !== 'string' ||
        !FILE_NAME.test(header.arquivo) ||
        seen.has(header.arquivo) ||
        !Number.isSafeInteger(header.bytes) ||
        (header.bytes as number) < 0
      ) {
        throw new BackupError([`fluxo de backup inválido (arquivo ${JSON.stringify(header.arquivo)})`]);
      }
      seen.add(header.arquivo);
      current = { out: createWriteStream(join(folder, header.arquivo), { mode: 0o600 }), left: header.bytes as number };
      if (current.left === 0) await finish();
    }
  }
  if (current || pending.length > 0) {
    await finish().catch(() => undefined);
    throw new BackupError(['o fluxo de backup terminou no meio de um arquivo (conexão interrompida?); nada foi gravado']);
  }
  if (!seen.has(MANIFEST_FILE)) throw new BackupError([`o fluxo de backup não trouxe o ${MANIFEST_FILE}; nada foi gravado`]);
}
