import { describeUnknown } from '../storage/storage-errors.ts';
import { demoCommand } from './demo.ts';
import { corrigirCommand } from './corrigir.ts';
import { exportarCommand } from './exportar.ts';
import { filaCommand } from './fila.ts';
import { indicesCommand } from './indices.ts';
import { pagarCommand } from './pagar.ts';
import { partesCommand } from './partes.ts';
import { importarCommand } from './importar.ts';
import { servirCommand } from './servir.ts';
import { simularCommand } from './simular.ts';
import { usuariosCommand } from './usuarios.ts';

/** A subcommand gets its own arguments and returns the process exit code. */
export type Command = {
  readonly summary: string;
  readonly run: (args: string[]) => Promise<number>;
};

/** Every subcommand, by its Portuguese name. */
const COMMANDS: Record<string, Command> = {
  fila: filaCommand,
  corrigir: corrigirCommand,
  indices: indicesCommand,
  demo: demoCommand,
  importar: importarCommand,
  pagar: pagarCommand,
  partes: partesCommand,
  exportar: exportarCommand,
  servir: servirCommand,
  simular: simularCommand,
  usuarios: usuariosCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    if (name !== undefined && name !== 'ajuda' && name !== '--help' && name !== '-h') process.stderr.write(`comando desconhecido: ${name}\n\n`);
    process.stderr.write(usage());
    return name === undefined || name === 'ajuda' || name === '--help' || name === '-h' ? 0 : 64;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    // Never `[object Object]`: PGlite can throw values that are not Errors (storage-errors.ts).
    process.stderr.write(`erro: ${describeUnknown(error)}\n`);
    return 1;
  }
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `uso: precatorios <comando> [opções]\n\ncomandos:\n${lines.join('\n')}\n`;
}
