import { type CourtTimestamp, type IsoDate, type YearMonth, isIsoDate, isYearMonth, toCourtTimestamp } from '../domain/dates.ts';
import { Dec, type Money } from '../domain/money.ts';
import { cpfCheckDigits } from '../domain/cpf.ts';
import { type NumeroRegistro, classifyNumero } from '../domain/numero-cnj.ts';
import { type Result, err, ok } from '../domain/result.ts';

/**
 * Field parsers for CSV cells. Each returns a value or a reason in Portuguese; the row parser adds
 * the line and the field name. Court exports use both ISO and Brazilian forms, so both are read.
 */
export type FieldResult<T> = Result<T, string>;

// Centavos at most: the registry stores NUMERIC(18,2), which would round a third decimal away.
const PLAIN_DECIMAL = /^-?\d+(\.\d{1,2})?$/;
const BRAZILIAN_DECIMAL = /^-?\d{1,3}(\.\d{3})*(,\d{1,2})?$|^-?\d+(,\d{1,2})?$/;
/** '1.234' reads as 1.234 or as 1234: neither reading is safe to pick. */
const AMBIGUOUS_DECIMAL = /^-?\d{1,3}\.\d{3}$/;
/** NUMERIC(18,2) holds 16 digits before the decimal separator; more would fail the whole import. */
const INTEGER_DIGITS_MAX = 16;

/** '1234.56', '1.234,56', '1234,56' → Money. Rejects anything ambiguous or non-numeric. */
export function parseAmount(text: string): FieldResult<Money> {
  const t = text.trim().replace(/^R\$\s*/, '');
  if (t === '') return err('valor vazio');
  const plain = PLAIN_DECIMAL.test(t)
    ? t
    : AMBIGUOUS_DECIMAL.test(t)
      ? undefined
      : BRAZILIAN_DECIMAL.test(t)
        ? t.replace(/\./g, '').replace(',', '.')
        : undefined;
  if (plain === undefined) {
    if (AMBIGUOUS_DECIMAL.test(t))
      return err(`"${t}" é ambíguo: milhar ou três casas decimais? Valores em reais têm até duas casas decimais; escreva ${t.replace('.', '')},00 ou ${t},00`);
    if (/^-?[\d.]*\d[.,]\d{3,}$/.test(t)) return err(`"${truncate(t)}" tem mais de duas casas decimais (valores em reais vão até os centavos)`);
    return err(`"${truncate(t)}" não é um valor em reais (use 1234.56 ou 1.234,56)`);
  }
  const integerDigits = (plain.indexOf('.') === -1 ? plain.length : plain.indexOf('.')) - (plain.startsWith('-') ? 1 : 0);
  if (integerDigits > INTEGER_DIGITS_MAX)
    return err(`"${truncate(t)}" passa do maior valor que o registro guarda (${INTEGER_DIGITS_MAX} dígitos antes dos centavos)`);
  return ok(new Dec(plain));
}

export function parseNonNegativeAmount(text: string): FieldResult<Money> {
  const parsed = parseAmount(text);
  if (parsed.ok && parsed.value.isNegative()) return err('valor negativo');
  return parsed;
}

/**
 * A percentage strictly between 0 and 100 ('30', '30,5', '30.5', '30 %') as a fraction (0.305).
 * Honorários contratuais of 0 % are no destaque, and of 100 % would leave the titular nothing (R6.14).
 */
export function parsePercentFraction(text: string): FieldResult<Dec> {
  const t = text.trim().replace(/\s*%$/, '');
  if (!/^\d{1,3}([.,]\d{1,6})?$/.test(t)) return err(`"${truncate(text.trim())}" não é um percentual (use 30 ou 30,5)`);
  const pct = new Dec(t.replace(',', '.'));
  if (pct.lessThanOrEqualTo(0) || pct.greaterThanOrEqualTo(100)) return err(`${t} % fora do intervalo aceito (maior que 0 e menor que 100)`);
  return ok(pct.dividedBy(100));
}

/** 'AAAA-MM-DD' or 'DD/MM/AAAA'. */
export function parseDate(text: string): FieldResult<IsoDate> {
  const t = text.trim();
  const br = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  const iso = br ? `${br[3]}-${br[2]}-${br[1]}` : t;
  return isIsoDate(iso) ? ok(iso) : err(`"${truncate(t)}" não é uma data válida (use AAAA-MM-DD ou DD/MM/AAAA)`);
}

/** 'AAAA-MM' or 'MM/AAAA'. */
export function parseYearMonth(text: string): FieldResult<YearMonth> {
  const t = text.trim();
  const br = /^(\d{2})\/(\d{4})$/.exec(t);
  const ym = br ? `${br[2]}-${br[1]}` : t;
  return isYearMonth(ym) ? ok(ym) : err(`"${truncate(t)}" não é um mês válido (use AAAA-MM ou MM/AAAA)`);
}

/** ISO date-time (court-local when without offset) or 'DD/MM/AAAA HH:mm[:ss]'. */
export function parseTimestamp(text: string): FieldResult<CourtTimestamp> {
  const t = text.trim();
  const br = /^(\d{2})\/(\d{2})\/(\d{4})(?:\s+(\d{2}:\d{2}(?::\d{2})?))?$/.exec(t);
  const iso = br ? `${br[3]}-${br[2]}-${br[1]}${br[4] ? `T${br[4]}` : ''}` : t;
  const ts = toCourtTimestamp(iso);
  return ts ? ok(ts) : err(`"${truncate(t)}" não é uma data-hora válida (use AAAA-MM-DDTHH:mm ou DD/MM/AAAA HH:mm)`);
}

export function parseInteger(text: string, min: number, max: number): FieldResult<number> {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return err(`"${truncate(t)}" não é um número inteiro`);
  const n = Number(t);
  return n >= min && n <= max ? ok(n) : err(`${n} fora do intervalo ${min}–${max}`);
}

/** 'sim'/'não' and their usual spellings. */
export function parseBoolean(text: string): FieldResult<boolean> {
  const t = text.trim().toLowerCase();
  if (['sim', 's', 'true', '1', 'yes'].includes(t)) return ok(true);
  if (['não', 'nao', 'n', 'false', '0', 'no', ''].includes(t)) return ok(false);
  return err(`"${truncate(t)}" não é sim/não`);
}

/** Case- and accent-insensitive choice among `options` (values are the keys). */
export function parseChoice<T extends string>(text: string, options: Record<string, T>, what: string): FieldResult<T> {
  // The exact key is the common case; accent folding (String.normalize) only when it misses.
  const found = (Object.hasOwn(options, text) ? options[text] : undefined) ?? options[normalize(text)];
  return found ? ok(found) : err(`"${truncate(text.trim())}" não é ${what} (aceitos: ${Object.keys(options).join(', ')})`);
}

export function normalize(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** CPF: 11 digits (punctuation allowed) with both mod-11 check digits right. Returns the digits. */
export function parseCpf(text: string): FieldResult<string> {
  const digits = text.replace(/[.\-\s]/g, '');
  if (!/^\d{11}$/.test(digits)) return err('CPF deve ter 11 dígitos');
  if (/^(\d)\1{10}$/.test(digits)) return err('CPF inválido (dígitos repetidos)');
  if (cpfCheckDigits(digits.slice(0, 9)) !== digits.slice(9)) return err('CPF inválido (dígito verificador não confere)');
  return ok(digits);
}

/**
 * Número do precatório: a CNJ number must have right check digits (Res. CNJ 65/2008); an older
 * court format (e.g. TJRJ "2009.01792-1") is kept as published, as legacy — never "fixed".
 */
export function parseNumero(text: string): FieldResult<NumeroRegistro> {
  const result = classifyNumero(text);
  if (result.ok) return result;
  return err(
    result.error.kind === 'digito-verificador'
      ? `número CNJ "${text.trim()}" com dígito verificador errado (esperado ${result.error.esperado}, Res. CNJ 65/2008)`
      : `número "${text.trim()}" inválido`,
  );
}
