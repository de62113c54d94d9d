import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The credential a server holding a PGlite folder leaves in it for the CLI on the same machine
 * (issue 15 §1): a random token, readable by the folder's owner only (0600), that the server takes
 * as the staff identity `local:<its os user>`. Whoever can read it can read the database files
 * themselves, so it grants nothing more; it lives as long as the server (a new one per start) and
 * is removed when the server stops. PRECATORIOS_TOKEN (a named user's token) is the alternative.
 */
export const LOCAL_CREDENTIAL_FILE = 'precatorios.credencial';

export interface LocalCredential {
  readonly token: string;
  /** Removes the file if it still holds this credential; idempotent. */
  remove(): void;
}

export function issueLocalCredential(dir: string): LocalCredential {
  const token = randomBytes(24).toString('base64url');
  const path = join(dir, LOCAL_CREDENTIAL_FILE);
  const temp = join(dir, `.${LOCAL_CREDENTIAL_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  // Written whole, then renamed over any left by a killed server: a reader never sees half a token.
  writeFileSync(temp, `${token}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, path);
  return {
    token,
    remove() {
      if (readLocalCredential(dir) !== token) return;
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

/** The credential in `dir`, or undefined when there is none or it cannot be read (another user). */
export function readLocalCredential(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, LOCAL_CREDENTIAL_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
