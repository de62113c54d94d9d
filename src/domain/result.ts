/** Expected failures are values (design §7); broken invariants are asserts. */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** A field-level problem in user input, worded in Portuguese for the user. */
export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`[precatorios] invariante violada: ${message}`);
}
