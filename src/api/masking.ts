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
