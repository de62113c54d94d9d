import type { RegistryClient } from '../app/registry-client.ts';
import { openRegistry } from '../shell/open-registry.ts';
import { StoreError } from '../storage/errors.ts';

/**
 * How a CLI command uses the registry: opened as every command opens it (shell/open-registry.ts:
 * the store itself, or the running server's API), always closed, and a refusal of the store
 * (StoreError, already worded for the user) is exit 1 with its reason — one place for all commands
 * (importar, pagar, exportar, usuarios, simular, indices, corrigir, deposito). `open` is a seam for tests.
 */
export async function withRegistry(
  work: (registry: RegistryClient) => Promise<number>,
  open: () => Promise<RegistryClient> = () => openRegistry(),
): Promise<number> {
  const opened = await open();
  try {
    return await work(opened);
  } catch (error) {
    if (error instanceof StoreError) {
      process.stderr.write(`erro: ${error.motivo}\n`);
      return 1;
    }
    throw error;
  } finally {
    await opened.close();
  }
}
