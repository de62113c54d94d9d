import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** `../shared` beside the checkout (CI puts it there); its files are read, never copied. */
export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url));

export function sharedPath(relative: string): string {
  const path = `${SHARED_DIR}${relative}`;
  if (!existsSync(path)) throw new Error(`dado de referência ausente: ${path} (../shared deve estar ao lado do projeto)`);
  return path;
}

export function readSharedCsv(relative: string): Record<string, string>[] {
  return parse(readFileSync(sharedPath(relative), 'utf8'), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}
