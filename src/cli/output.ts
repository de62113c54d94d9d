import { type Stats, accessSync, constants, statSync } from 'node:fs';
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import type { Money } from '../domain/money.ts';
import type { RowError } from '../import/types.ts';

const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** pt-BR currency text for terminal output. Exact to the cent: values are rounded half-even first. */
export function formatBrl(amount: Money): string {
  return BRL.format(Number(amount.toFixed(2)));
}

/** Plain aligned columns, two spaces of indent. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()}\n`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('');
}

/**
 * RFC 4180 CSV; cells that could start a spreadsheet formula are prefixed with ' (CSV injection).
 * `separator` `;` is what a pt-BR spreadsheet opens without asking (the art. 82 exports).
 */
export function toCsv(rows: string[][], separator: ',' | ';' = ','): string {
  const cell = (c: string) => {
    const safe = /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
    return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `${rows.map((r) => r.map(cell).join(separator)).join('\n')}\n`;
}

/** Every rejected row on stderr: line, field and reason. */
export function reportRejected(rejected: readonly RowError[], rowsRead: number): void {
  if (rejected.length === 0) return;
  process.stderr.write(`${rejected.length} problema(s) em ${rowsRead} linha(s) lida(s):\n`);
  for (const r of rejected) process.stderr.write(`  linha ${r.line}, campo ${r.field}: ${r.reason}\n`);
}

/**
 * `--usuario nome` (importar, pagar) once named the actor of the events; a typed name proves
 * nothing, so the actor is now the OS user (`local:…`, src/shell). Still accepted, so scripts keep
 * working, and said to be ignored.
 */
export function warnDeprecatedUsuario(value: string | undefined): void {
  if (value !== undefined)
    process.stderr.write(`aviso: --usuario foi descontinuado e é ignorado; os eventos registram o usuário do sistema que rodou o comando (local:<usuário>)\n`);
}

/** A command's usage error: the reason, then the command's help; exit 64 (EX_USAGE, as documented). */
export function usageError(help: string, message: string): number {
  process.stderr.write(`erro: ${message}\n${help}`);
  return 64;
}

/** A command's options and positionals (parseArgs, positionals allowed), or its Portuguese message. */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(args: readonly string[], options: O) {
  return parseOptions(() => parseArgs({ args: [...args], options, allowPositionals: true }));
}

/** Runs node's parseArgs and turns its (English) error into the commands' Portuguese message. */
export function parseOptions<T>(parse: () => T): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string } {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    const message = optionsErrorText(error);
    if (message === undefined) throw error;
    return { ok: false, message };
  }
}

/**
 * Node's parseArgs errors (ERR_PARSE_ARGS_*, in English) in Portuguese, naming the option; undefined
 * for any other error. The option is quoted by Node as '--x' or '-x'.
 */
export function optionsErrorText(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return undefined;
  const message = error instanceof Error ? error.message : '';
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  const positional = /'([^']*)'/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `opção desconhecida: ${option ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(message) ? `a opção ${option ?? ''} precisa de um valor` : `a opção ${option ?? ''} não leva valor`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `argumento inesperado: ${positional ?? message}`;
    default:
      return `opções inválidas (${code})`;
  }
}

/**
 * Why a file or folder the user named cannot be read, in Portuguese; undefined when it can. Checked
 * before the registry is opened, so a typo never creates or locks a store (issue 18 §4).
 */
export function inputProblem(path: string, kind: 'arquivo' | 'pasta'): string | undefined {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return code === 'ENOENT' ? `${kind} não encontrad${kind === 'arquivo' ? 'o' : 'a'}: ${path}` : `não foi possível ler ${path} (${String(code ?? error)})`;
  }
  if (kind === 'arquivo' && stat.isDirectory()) return `${path} é uma pasta; informe o arquivo CSV`;
  if (kind === 'pasta' && !stat.isDirectory()) return `${path} não é uma pasta`;
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return `sem permissão para ler ${path}`;
  }
  return undefined;
}
