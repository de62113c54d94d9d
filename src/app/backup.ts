import type { Db } from '../storage/db.ts';
import { type BackupManifest, type Progress, type RestoreSummary, exportRegistry, restoreRegistry } from '../storage/backup.ts';

/**
 * Backup and restore use cases (issue 15 §2): `exportar --completo` / `importar --completo` on a
 * store the CLI opened itself, and GET/POST /api/backup on the holder's — one consistent snapshot
 * either way, taken by whoever holds the store (storage/backup.ts has the format).
 */
export const backupRegistry = (db: Db, folder: string, progress?: Progress): Promise<BackupManifest> => exportRegistry(db, folder, progress);
export const restoreBackup = (db: Db, folder: string, progress?: Progress): Promise<RestoreSummary> => restoreRegistry(db, folder, progress);
