import type { FieldResult } from './fields.ts';
import { type CsvRecord, type RowError, cellOf } from './types.ts';

/**
 * Reads the cells of one record and collects a `RowError` for every cell that fails to parse, so a
 * row reports all its problems at once, not only the first. A class, not closures: it is created
 * once per row of million-row files.
 */
export class RowReader {
  readonly errors: RowError[] = [];

  constructor(private readonly record: CsvRecord) {}

  cell(name: string): string {
    return cellOf(this.record, name);
  }

  fail(field: string, reason: string): void {
    this.errors.push({ line: this.record.line, field, reason });
  }

  field<T>(name: string, parse: (text: string) => FieldResult<T>): T | undefined {
    const result = parse(this.cell(name));
    if (result.ok) return result.value;
    this.fail(name, result.error);
    return undefined;
  }

  /** Like `field`, but an empty cell is simply absent. */
  optional<T>(name: string, parse: (text: string) => FieldResult<T>): T | undefined {
    return this.cell(name).trim() === '' ? undefined : this.field(name, parse);
  }
}
