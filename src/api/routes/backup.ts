import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { backupRegistry, restoreBackup } from '../../app/backup.ts';
import { type BackupManifest, BackupError, checkEmptyRegistry } from '../../storage/backup.ts';
import { BACKUP_STREAM_TYPE, backupFrames, writeFrames } from '../../storage/backup-transfer.ts';
import { type AppDeps, RESTORE_BODY_LIMIT_BYTES } from '../app.ts';
import { requireStaff } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { limitedBody, tooLarge } from '../upload.ts';
import type { Wire, restauracaoResponse } from '../response-schemas.ts';

/**
 * Backup and restore of the live registry, by the process that holds it (issue 15 §1): the
 * snapshot is taken here, in one read-only transaction of the holder, so it is consistent and the
 * store's files are never opened by a second process (`exportar --completo` while `servir` runs
 * once left a store that no longer opened). Administration only: a backup holds all personal data.
 */
export function backupRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: { actor: string } }>();
  const staff = requireStaff(deps.staff);

  app.get('/', staff, async (c) => {
    // A private folder (0700) for the snapshot's files while they are sent; removed once sent or on failure.
    const dir = await mkdtemp(join(tmpdir(), 'backup-'));
    const folder = join(dir, 'backup');
    let manifest: BackupManifest;
    try {
      manifest = await backupRegistry(deps.db, folder);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    deps.log(
      `[api] backup completo (${manifest.tabelas.reduce((n, t) => n + t.linhas, 0)} linhas, hash ${manifest.hashConteudo.slice(0, 12)}…) por ${c.get('actor')}`,
    );
    const frames = (async function* () {
      try {
        yield* backupFrames(folder, manifest);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })();
    c.header('Cache-Control', 'no-store');
    return c.body(Readable.toWeb(Readable.from(frames)) as ReadableStream, 200, { 'content-type': BACKUP_STREAM_TYPE });
  });

  app.post('/restauracao', staff, async (c) => {
    if (!c.req.raw.body) throw new ApiError(400, 'entrada-invalida', null, 'envie o backup no corpo da requisição');
    // Refused before the upload is taken in (the restore checks again, with the tables locked).
    await checkEmptyRegistry(deps.db).catch(asInvalidBackup);
    const dir = await mkdtemp(join(tmpdir(), 'restauracao-'));
    try {
      await writeFrames(
        limitedBody(c.req.raw, RESTORE_BODY_LIMIT_BYTES, () =>
          tooLarge(RESTORE_BODY_LIMIT_BYTES, 'o backup enviado', 'RESTORE_BODY_LIMIT_BYTES em src/api/app.ts'),
        ),
        dir,
      );
      const summary = await restoreBackup(deps.db, dir);
      deps.log(`[api] backup restaurado (hash ${summary.hashConteudo.slice(0, 12)}…) por ${c.get('actor')}`);
      return c.json({ tabelas: summary.tabelas, hashConteudo: summary.hashConteudo } satisfies Wire<typeof restauracaoResponse>);
    } catch (error) {
      asInvalidBackup(error);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  return app;
}

/** A backup refused for a reason the user can act on is a 422 naming it; anything else stays unexpected. */
function asInvalidBackup(error: unknown): never {
  if (error instanceof BackupError) throw new ApiError(422, 'backup-invalido', 'backup', error.message);
  throw error;
}
