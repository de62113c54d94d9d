import { describeUnknown } from '../storage/storage-errors.ts';
import { optionsErrorText } from './output.ts';
import { demoCommand } from './demo.ts';
import { documentoCommand } from './documento.ts';
import { acordoCommand } from './acordo.ts';
import { depositoCommand } from './deposito.ts';
import { planoCommand } from './plano.ts';
import { enteCommand } from './ente.ts';
import { corrigirCommand } from './corrigir.ts';
import { exportarCommand } from './exportar.ts';
import { filaCommand } from './fila.ts';
import { indicesCommand } from './indices.ts';
import { mudancasCommand } from './mudancas.ts';
import { pagarCommand } from './pagar.ts';
import { partesCommand } from './partes.ts';
import { importarCommand } from './importar.ts';
import { servirCommand } from './servir.ts';
import { simularCommand } from './simular.ts';
import { usuariosCommand } from './usuarios.ts';

/** A subcommand gets its own arguments and returns the process exit code. */
export type Command = {
  readonly summary: string;
  /** Its usage text: printed for `--ajuda`, `--help` or `-h` anywhere in its arguments (exit 0). */
  readonly help: () => string;
  readonly run: (args: string[]) => Promise<number>;
};

/** Asking for help, in Portuguese or as most tools spell it. */
const HELP_FLAGS = new Set(['--ajuda', '--help', '-h', 'ajuda']);
/** Exit codes (README "Linha de comando"): 0 ok, 1 refused or failed, 2 rows rejected, 64 wrong usage. */
const EXIT_USAGE = 64;

/** Every subcommand, by its Portuguese name. */
const COMMANDS: Record<string, Command> = {
  fila: filaCommand,
  corrigir: corrigirCommand,
  indices: indicesCommand,
  demo: demoCommand,
  deposito: depositoCommand,
  ente: enteCommand,
  acordo: acordoCommand,
  importar: importarCommand,
  mudancas: mudancasCommand,
  pagar: pagarCommand,
  plano: planoCommand,
  partes: partesCommand,
  documento: documentoCommand,
  exportar: exportarCommand,
  servir: servirCommand,
  simular: simularCommand,
  usuarios: usuariosCommand,
};

/** The subcommands' names, for tests that go through every one. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    const asked = name === undefined || HELP_FLAGS.has(name);
    if (!asked) process.stderr.write(`comando desconhecido: ${name}\n\n`);
    process.stderr.write(usage());
    return asked ? 0 : EXIT_USAGE;
  }
  // `ajuda` only as an option here: `indices ajuda` would be an action's name.
  if (rest.some((arg) => arg !== 'ajuda' && HELP_FLAGS.has(arg))) {
    process.stdout.write(command.help());
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const options = optionsErrorText(error);
    if (options) {
      process.stderr.write(`erro: ${options}\nveja: precatorios ${name} --ajuda\n`);
      return EXIT_USAGE;
    }
    // Never `[object Object]`: PGlite can throw values that are not Errors (storage-errors.ts).
    process.stderr.write(`erro: ${describeUnknown(error)}\n`);
    return 1;
  }
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `uso: precatorios <comando> [opções]\n\ncomandos:\n${lines.join('\n')}\n`;
}
