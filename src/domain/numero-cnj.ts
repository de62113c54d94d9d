/**
 * Número único CNJ (Res. CNJ 65/2008): NNNNNNN-DD.AAAA.J.TR.OOOO, check digits DD by ISO 7064
 * mod 97-10 over NNNNNNN AAAA J TR OOOO. Here only what the demo generator needs: building a valid
 * number. Validation of imported numbers is a later issue.
 */
export function cnjCheckDigits(sequencial: number, ano: number, segmento: number, tribunal: number, origem: number): string {
  const digits = `${pad(sequencial, 7)}${pad(ano, 4)}${segmento}${pad(tribunal, 2)}${pad(origem, 4)}00`;
  return pad(98 - Number(BigInt(digits) % 97n), 2);
}

export function formatNumeroCnj(sequencial: number, ano: number, segmento: number, tribunal: number, origem: number): string {
  const dd = cnjCheckDigits(sequencial, ano, segmento, tribunal, origem);
  return `${pad(sequencial, 7)}-${dd}.${pad(ano, 4)}.${segmento}.${pad(tribunal, 2)}.${pad(origem, 4)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
