/** The two mod-11 check digits of a CPF, from its first nine digits (Receita Federal rule). */
export function cpfCheckDigits(firstNine: string): string {
  const digits = [...firstNine].map(Number);
  for (const length of [9, 10]) {
    let total = 0;
    for (let i = 0; i < length; i++) total += digits[i]! * (length + 1 - i);
    const rest = (total * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  return `${digits[9]}${digits[10]}`;
}
