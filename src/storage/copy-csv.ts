/**
 * Cells of the CSV text that `Db.copyFrom` loads (PostgreSQL COPY, FORMAT csv): NULL is an unquoted
 * empty cell, text is always quoted (so an empty string stays an empty string and nothing inside —
 * separators, quotes, line breaks, backslashes — is interpreted), numbers and booleans are bare.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  return value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`;
}

/** One CSV line from its cells. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += i === 0 ? csvCell(values[i]) : `,${csvCell(values[i])}`;
  return line;
}
