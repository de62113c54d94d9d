/**
 * Expected failures of a store operation, worded for the user. The API maps `kind` to an HTTP
 * status in one place (api/errors.ts).
 */
export type StoreErrorKind = 'nao-encontrado' | 'conflito' | 'invalido';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    readonly campo: string,
    readonly motivo: string,
  ) {
    super(`${campo}: ${motivo}`);
    this.name = 'StoreError';
  }
}
