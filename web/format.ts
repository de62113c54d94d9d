// pt-BR formatting. The only place that builds an Intl.NumberFormat for money (design §14).
// The API sends money as decimal text and dates as ISO text; these helpers never do arithmetic.

const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const INTEIRO = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 0 });
const COMPACTO = new Intl.NumberFormat('pt-BR', { notation: 'compact', maximumFractionDigits: 1 });

/** "1234.56" → "R$ 1.234,56". The decimal text is formatted exactly (no float rounding). */
export function brl(value: string | number): string {
  return BRL.format(value as `${number}`);
}

/** Axis ticks: "R$ 1,2 mi". */
export function brlCompacto(value: number): string {
  return `R$ ${COMPACTO.format(value)}`;
}

export function inteiro(n: number): string {
  return INTEIRO.format(n);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})/;

/**
 * "2011-01-12T09:48:00.000-03:00" or "2026-11-23 01:23:03-03" → "12/01/2011". The server writes
 * times already in Belém's offset, so the calendar date is read as written, never re-zoned.
 */
export function data(iso: string | null | undefined): string {
  const m = iso ? ISO_DATE.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '—';
}

/** "2011-01-12T09:48:00-03:00" → "12/01/2011 09:48". */
export function dataHora(iso: string | null | undefined): string {
  const t = iso ? ISO_TIME.exec(iso) : null;
  return t ? `${data(iso)} ${t[1]}:${t[2]}` : data(iso);
}

/** "2010-04" → "04/2010". */
export function mesAno(ym: string | null | undefined): string {
  const m = ym ? /^(\d{4})-(\d{2})$/.exec(ym) : null;
  return m ? `${m[2]}/${m[1]}` : '—';
}

/** Decimal text → whole centavos, exactly (for client-side sums without float drift). */
export function centavos(value: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) throw new Error(`valor em reais inválido: ${value}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** A correction factor or percentage as decimal text, cut (not rounded) to `casas` places, with a comma. */
export function decimal(text: string, casas = 9): string {
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return text;
  const frac = (m[2] ?? '').slice(0, casas);
  return frac ? `${m[1]},${frac}` : m[1]!;
}

const MESES = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const PCT = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 2, signDisplay: 'exceptZero' });

/** A shift in months with its sign: −11.5 → "-11,5", 3 → "+3,0". */
export function mesesComSinal(n: number): string {
  return MESES.format(n);
}

/** A percent change with its sign: 20 → "+20 %". */
export function pctComSinal(n: number): string {
  return `${PCT.format(n)} %`;
}

/** "515260.20" → "515.260,20": money for an input field (no currency sign, exactly as sent). */
export function reaisCampo(value: string): string {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(value);
  if (!m) return value;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+$)/g, '.')},${m[3]}`;
}
