import { type Result, err, ok } from './result.ts';

/**
 * Número único CNJ (Res. CNJ 65/2008): NNNNNNN-DD.AAAA.J.TR.OOOO — sequential number, check digits,
 * year, justice segment, court, origin. The check digits DD are ISO 7064 mod 97-10 over
 * NNNNNNN AAAA J TR OOOO followed by 00: DD = 98 − (that number mod 97).
 */
export interface NumeroCnj {
  readonly sequencial: number;
  readonly digito: string;
  readonly ano: number;
  readonly segmento: number;
  readonly tribunal: number;
  readonly origem: number;
  /** Canonical text, with punctuation. */
  readonly texto: string;
}

export type NumeroCnjError =
  | { readonly kind: 'formato'; readonly texto: string }
  | { readonly kind: 'digito-verificador'; readonly texto: string; readonly esperado: string };

const CNJ_PATTERN = /^(\d{7})-?(\d{2})\.?(\d{4})\.?(\d)\.?(\d{2})\.?(\d{4})$/;

export function cnjCheckDigits(sequencial: number, ano: number, segmento: number, tribunal: number, origem: number): string {
  // (NNNNNNN AAAA J TR OOOO 00) mod 97, folded left to right so every step fits a double:
  // r·10^k + chunk stays below 97·10^7 + 10^7. Same value as BigInt arithmetic, without it.
  let r = sequencial % 97;
  r = (r * 10_000 + ano) % 97;
  r = (r * 10 + segmento) % 97;
  r = (r * 100 + tribunal) % 97;
  r = (r * 10_000 + origem) % 97;
  r = (r * 100) % 97;
  return pad(98 - r, 2);
}

export function formatNumeroCnj(sequencial: number, ano: number, segmento: number, tribunal: number, origem: number): string {
  const dd = cnjCheckDigits(sequencial, ano, segmento, tribunal, origem);
  return `${pad(sequencial, 7)}-${dd}.${pad(ano, 4)}.${segmento}.${pad(tribunal, 2)}.${pad(origem, 4)}`;
}

/** Parses a CNJ number (with or without punctuation) and checks its digits; never "fixes" it. */
export function parseNumeroCnj(text: string): Result<NumeroCnj, NumeroCnjError> {
  const m = CNJ_PATTERN.exec(text.trim());
  if (!m) return err({ kind: 'formato', texto: text });
  const [sequencial, ano, segmento, tribunal, origem] = [m[1], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const esperado = cnjCheckDigits(sequencial, ano, segmento, tribunal, origem);
  if (esperado !== m[2]) return err({ kind: 'digito-verificador', texto: text, esperado });
  return ok({ sequencial, digito: m[2]!, ano, segmento, tribunal, origem, texto: formatNumeroCnj(sequencial, ano, segmento, tribunal, origem) });
}

/**
 * How a registry número is read: a valid CNJ number, or a court's older format kept as published
 * (e.g. TJRJ "2009.01792-1") and flagged as legacy. A text shaped like a CNJ number with wrong check
 * digits is neither: it is an error, never accepted as legacy.
 */
export type NumeroRegistro = { readonly kind: 'cnj'; readonly numero: NumeroCnj } | { readonly kind: 'legado'; readonly texto: string };

export function classifyNumero(text: string): Result<NumeroRegistro, NumeroCnjError> {
  const parsed = parseNumeroCnj(text);
  if (parsed.ok) return ok({ kind: 'cnj', numero: parsed.value });
  if (parsed.error.kind === 'digito-verificador') return parsed;
  return ok({ kind: 'legado', texto: text.trim() });
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
