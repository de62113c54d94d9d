import { localRegistry } from '../app/local-registry.ts';
import type { RegistryClient } from '../app/registry-client.ts';
import { remoteRegistry } from '../app/remote-registry.ts';
import { readIndexSnapshot } from '../indices/snapshot.ts';
import { loadRpvLaws, loadRuleBook } from '../rules/load-rule-book.ts';
import { readLocalCredential } from '../storage/local-credential.ts';
import { DEFAULT_PGLITE_DIR } from '../storage/open-db.ts';
import { type HolderRecord, holderState, readHolder } from '../storage/store-holder.ts';
import { localActor, openConfiguredDatabase } from './environment.ts';
import { supportedDatesToday } from './supported-dates-today.ts';

/** How long a command waits for a `servir` that holds the folder but is still starting (no URL yet). */
const STARTING_SERVER_WAIT_MS = 30_000;

/**
 * The registry a CLI command reads and writes (issue 15 §1). On PostgreSQL, or on a PGlite folder
 * nobody holds, the command opens the store itself (and, on PGlite, holds it while it runs). On a
 * folder a running `servir` holds, it goes through that server's API — one stderr line says so —
 * as the server's per-start local credential (`local:<os user>`, storage/local-credential.ts) or,
 * when set, PRECATORIOS_TOKEN (a named user's token). A holder that is not a server answering
 * somewhere is left to the store's own refusal, which names it.
 */
export async function openRegistry(
  env: NodeJS.ProcessEnv = process.env,
  say: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<RegistryClient> {
  const dir = env['DATABASE_URL'] ? undefined : env['PRECATORIOS_DATA_DIR'] || DEFAULT_PGLITE_DIR;
  const holder = dir === undefined || dir.startsWith('memory://') ? undefined : await liveServer(dir);
  if (dir !== undefined && holder?.url) {
    const token = env['PRECATORIOS_TOKEN'] || readLocalCredential(dir);
    if (!token) {
      throw new Error(
        `${describe(holder)} segura o registro em ${dir}, mas a credencial local (${dir}/precatorios.credencial) não pôde ser lida por este usuário; defina PRECATORIOS_TOKEN com o token de um usuário da equipe`,
      );
    }
    say(`registro aberto por ${describe(holder)} — usando a API em ${holder.url.replace(/\/+$/, '')}`);
    return remoteRegistry(holder.url, token);
  }
  return localRegistry(await openConfiguredDatabase(env), {
    actor: localActor(),
    rules: () => loadRuleBook(),
    rpvLaws: () => loadRpvLaws(),
    dates: () => supportedDatesToday(),
    indexSnapshot: () => readIndexSnapshot().series,
  });
}

const describe = (h: HolderRecord) => `\`${h.comando}\` (processo ${h.pid} em ${h.host}, desde ${h.desde})`;

/** The live holder of `dir`; a `servir` still starting is waited for until it records its URL. */
async function liveServer(dir: string): Promise<HolderRecord | undefined> {
  const deadline = Date.now() + STARTING_SERVER_WAIT_MS;
  for (;;) {
    const holder = readHolder(dir);
    if (!holder || holderState(holder).kind !== 'vivo') return undefined;
    if (holder.url || !/\bservir\b/.test(holder.comando) || Date.now() > deadline) return holder;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
