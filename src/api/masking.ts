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
  return nome.trim().split(/\s+/).filter((w) => w.length > 2 || /^[A-ZÀ-Ý]/.test(w)).map((w) => `${w[0]!.toUpperCase()}.`).join(' ');
}

/**
 * Courts often key people by their CPF (or a company by its CNPJ): a beneficiary id like
 * "123.456.789-09" or "12345678909-2" would publish the document. CPFs and CNPJs — formatted, or as
 * 11 or 14 digits standing alone — are masked wherever they appear in a public identifier.
 */
const DOCUMENT = /(?<!\d)(?:\d{3}\.\d{3}\.\d{3}-\d{2}|\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}|\d{14}|\d{11})(?!\d)/g;
export function maskDocumentsIn(text: string): string {
  return text.replace(DOCUMENT, (doc) => (doc.replace(/\D/g, '').length === 11 ? maskCpf(doc)! : '***'));
}
