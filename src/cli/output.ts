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

/** Runs node's parseArgs and turns its (English) error into the commands' Portuguese message. */
export function parseOptions<T>(parse: () => T): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string } {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    return { ok: false, message: `opções inválidas (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}
