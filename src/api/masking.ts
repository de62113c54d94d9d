/**
 * Personal data never leaves the server unmasked on public endpoints: CPF keeps only its middle
 * digits (`***.456.789-**`, the usual public-notice form), names keep initials.
 */
export function maskCpf(cpf: string | undefined): string | null {
  if (!cpf) return null;
  const d = cpf.replace(/\D/g, '');
  return d.length === 11 ? `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**` : '***';
}

export function maskNome(nome: string | undefined): string | null {
  if (!nome) return null;
  return nome
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 2 || /^[A-ZÀ-Ý]/.test(w))
    .map((w) => `${w[0]!.toUpperCase()}.`)
    .join(' ');
}

/**
 * Between the digit groups of a CPF or CNPJ courts write a dot, a dash, a slash, spaces, or nothing —
 * and mix them (`160.149.184-00`, `160 149 184 00`, `160-149-184-00`, `160.149.184.00`,
 * `123.456.789/09`, `12.345.678/0001-95`): any one of them, optionally padded with spaces.
 */
const SEP = String.raw`(?:[ \u00A0]*[-./\u2010-\u2015][ \u00A0]*|[ \u00A0]+)?`;
const CPF_SHAPE = String.raw`\d{3}${SEP}\d{3}${SEP}\d{3}${SEP}\d{2}`;
const CNPJ_SHAPE = String.raw`\d{2}${SEP}\d{3}${SEP}\d{3}${SEP}\d{4}${SEP}\d{2}`;
/**
 * A document in free text: a CPF or CNPJ in any of those shapes (bare 11 or 14 digits included),
 * or a bare run of 12–13 digits, which may be a CPF with a digit glued on. Groups are exact digit
 * runs, so a CNJ número (`0142372-48.2018.8.14.0301`: runs of 7, 2, 4, 1, 2, 4 digits, or 20 bare)
 * never matches. When in doubt the text is masked: a false mask hides a number, a missed one
 * publishes a person.
 */
const DOCUMENT = new RegExp(String.raw`(?<!\d)(?:${CNPJ_SHAPE}|${CPF_SHAPE}|\d{12,13})(?!\d)`, 'g');

/** Every CPF or CNPJ inside `text` masked (a CPF keeps its middle digits, anything else `***`). */
export function maskDocumentsIn(text: string): string {
  return text.replace(DOCUMENT, (doc) => (doc.replace(/\D/g, '').length === 11 ? maskCpf(doc)! : '***'));
}
