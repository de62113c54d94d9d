import type { FieldResult } from './fields.ts';
import type { CsvRecord, RowError } from './types.ts';

/**
 * Reads the cells of one record and collects a `RowError` for every cell that fails to parse, so a
 * row reports all its problems at once, not only the first.
 */
export function rowReader(record: CsvRecord) {
  const errors: RowError[] = [];
  const cell = (name: string) => record.cells[name] ?? '';
  const fail = (field: string, reason: string) => errors.push({ line: record.line, field, reason });
  function field<T>(name: string, parse: (text: string) => FieldResult<T>): T | undefined {
    const result = parse(cell(name));
    if (result.ok) return result.value;
    fail(name, result.error);
    return undefined;
  }
  /** Like `field`, but an empty cell is simply absent. */
  function optional<T>(name: string, parse: (text: string) => FieldResult<T>): T | undefined {
    return cell(name).trim() === '' ? undefined : field(name, parse);
  }
  return { errors, cell, fail, field, optional };
}
