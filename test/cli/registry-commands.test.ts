// Goal (issue 15 §1–§2): every CLI command that reads or writes the registry opens it one way
// (withRegistry → shell/open-registry.ts), always closes it, and maps a store refusal (StoreError)
// one way: exit 1, "erro: <motivo>". Method: the wrapper with a counted fake registry for each
// outcome; the CLI sources, so no command opens the registry by itself; and every registry command
// as a real process on a foreign folder: the same clean refusal, and the folder left as it was.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryClient } from '../../src/app/registry-client.ts';
import { withRegistry } from '../../src/cli/with-registry.ts';
import { StoreError } from '../../src/storage/errors.ts';
import { FIXTURE_CSV, expectCleanRefusal, hashFolder, pgliteEnv, registryTemplate, runCli } from '../storage/support/store-processes.ts';

function fakeRegistry() {
  const state = { closed: 0 };
  const registry = { close: async () => void state.closed++ } as unknown as RegistryClient;
  return { state, open: async () => registry };
}

async function capturingStderr<T>(run: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
  try {
    return { value: await run(), stderr: written.join('') };
  } finally {
    process.stderr.write = original;
  }
}

describe('withRegistry', () => {
  it('returns the work’s exit code and closes the registry once', async () => {
    for (const code of [0, 1, 2, 64]) {
      const fake = fakeRegistry();
      expect(await withRegistry(async () => code, fake.open)).toBe(code);
      expect(fake.state.closed).toBe(1);
    }
  });

  it('a StoreError is exit 1 with its reason, and the registry is closed', async () => {
    for (const kind of ['nao-encontrado', 'conflito', 'invalido'] as const) {
      const fake = fakeRegistry();
      const run = await capturingStderr(() =>
        withRegistry(async () => {
          throw new StoreError(kind, 'valor', `recusado (${kind})`);
        }, fake.open),
      );
      expect(run).toEqual({ value: 1, stderr: `erro: recusado (${kind})\n` });
      expect(fake.state.closed).toBe(1);
    }
  });

  it('any other error goes on to the CLI’s one handler, after closing', async () => {
    const fake = fakeRegistry();
    await expect(
      withRegistry(async () => {
        throw new Error('outro');
      }, fake.open),
    ).rejects.toThrow('outro');
    expect(fake.state.closed).toBe(1);
  });
});

describe('the CLI commands', () => {
  const cliDir = new URL('../../src/cli/', import.meta.url);
  it('open the registry only through withRegistry', () => {
    const direct = readdirSync(cliDir)
      .filter((f) => f.endsWith('.ts') && f !== 'with-registry.ts')
      .filter((f) => /\bopenRegistry\b|open-registry\.ts/.test(readFileSync(new URL(f, cliDir), 'utf8')));
    expect(direct).toEqual([]);
    const wrapped = readdirSync(cliDir).filter((f) => /\bwithRegistry\(/.test(readFileSync(new URL(f, cliDir), 'utf8')));
    for (const command of ['corrigir.ts', 'exportar.ts', 'importar.ts', 'indices.ts', 'pagar.ts', 'simular.ts', 'usuarios.ts'])
      expect(wrapped).toContain(command);
  });

  let store: Awaited<ReturnType<typeof registryTemplate>>;
  beforeAll(async () => {
    store = await registryTemplate();
  }, 120_000);
  afterAll(() => store?.dispose());

  const COMMANDS: readonly (readonly string[])[] = [
    ['importar', FIXTURE_CSV],
    ['pagar', '--ente', 'X', '--valor', '100'],
    ['exportar', '--completo', 'SAIDA'],
    ['usuarios', 'listar'],
    ['simular', '--ente', 'X', '--deposito-mensal', '100'],
    ['indices', 'listar'],
    ['corrigir', '--valor', '1000', '--data-base', '2020-01', '--ate', '2024-01', '--natureza', 'comum'],
  ];

  it.each(COMMANDS.map((args) => [args[0], args] as const))(
    '%s on a foreign folder: the same clean refusal, folder untouched',
    async (_name, args) => {
      const foreign = join(store.root, `estranha-${args[0]}`);
      mkdirSync(foreign, { recursive: true });
      writeFileSync(join(foreign, 'planilha.xlsx'), 'não é um banco');
      const before = hashFolder(foreign);
      const run = await runCli(
        args.map((a) => (a === 'SAIDA' ? join(store.root, `saida-${args[0]}`) : a)),
        pgliteEnv(foreign),
      );
      expectCleanRefusal(run, expect);
      expect(run.stderr).toContain(`a pasta ${foreign} não está vazia e não é a pasta de um registro (contém planilha.xlsx)`);
      expect(hashFolder(foreign)).toBe(before);
    },
    60_000,
  );
});
