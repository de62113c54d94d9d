import { localRegistry } from '../app/local-registry.ts';
import type { RegistryClient } from '../app/registry-client.ts';
import { loadRpvLaws, loadRuleBook } from '../rules/load-rule-book.ts';
import { localActor, openConfiguredDatabase } from './environment.ts';
import { supportedDatesToday } from './supported-dates-today.ts';

/**
 * The registry a CLI command writes to: the configured store, opened by this process, with the
 * operating-system user as the actor of its events.
 */
export async function openRegistry(env: NodeJS.ProcessEnv = process.env): Promise<RegistryClient> {
  return localRegistry(await openConfiguredDatabase(env), { actor: localActor(), rules: () => loadRuleBook(), rpvLaws: () => loadRpvLaws(), dates: () => supportedDatesToday() });
}
