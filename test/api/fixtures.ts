// Small generated registries for the API security tests: invented people (names of random letters,
// CPFs and CNPJs with valid check digits, birth and illness dates in decades no other field uses)
// so that a leak is unmistakable when it is searched for.
import fc from 'fast-check';
import { createApp } from '../../src/api/app.ts';
import type { RateLimits } from '../../src/api/rate-limit.ts';
import { cpfCheckDigits } from '../../src/domain/cpf.ts';
import type { EnteDevedor } from '../../src/domain/ente.ts';
import type { Beneficiario, Precatorio } from '../../src/domain/precatorio.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { loadRpvLaws, withRpvLaws } from '../../src/rules/load-rule-book.ts';
import type { Db } from '../../src/storage/db.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { RUN_DATE, TOKEN } from '../support/api.ts';
import { isoDateArb, precatorioArb } from '../support/arbitraries.ts';
import { RULES } from '../support/rules.ts';

/** CNPJ check digits (Receita Federal, mod 11 with weights 2…9 from the right). */
export function cnpjCheckDigits(firstTwelve: string): string {
  const digits = [...firstTwelve].map(Number);
  for (const length of [12, 13]) {
    let total = 0;
    for (let i = 0; i < length; i++) total += digits[i]! * (((length - 1 - i) % 8) + 2);
    const rest = total % 11;
    digits.push(rest < 2 ? 0 : 11 - rest);
  }
  return `${digits[12]}${digits[13]}`;
}

/**
 * The shapes courts write a CPF (11 digits) or CNPJ (14) in — the ones issue 15 found published in
 * full among them — so every generated person's document appears in all of them over a crawl.
 */
export const DOCUMENT_SHAPES: readonly ((d: string) => string)[] = [
  (d) => d,
  (d) =>
    d.length === 11
      ? `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`
      : `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`,
  (d) => (d.length === 11 ? `${d.slice(0, 9)}-${d.slice(9)}` : `${d.slice(0, 8)}/${d.slice(8, 12)}-${d.slice(12)}`),
  (d) =>
    d.length === 11
      ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 9)} ${d.slice(9)}`
      : `${d.slice(0, 2)} ${d.slice(2, 5)} ${d.slice(5, 8)} ${d.slice(8, 12)} ${d.slice(12)}`,
  (d) =>
    d.length === 11
      ? `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 9)}-${d.slice(9)}`
      : `${d.slice(0, 2)}-${d.slice(2, 5)}-${d.slice(5, 8)}-${d.slice(8, 12)}-${d.slice(12)}`,
  (d) =>
    d.length === 11
      ? `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}.${d.slice(9)}`
      : `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}.${d.slice(8, 12)}.${d.slice(12)}`,
  (d) =>
    d.length === 11
      ? `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}/${d.slice(9)}`
      : `${d.slice(0, 2)}${d.slice(2, 5)}${d.slice(5, 8)}/${d.slice(8, 12)}${d.slice(12)}`,
  (d) =>
    d.length === 11
      ? `${d.slice(0, 3)}. ${d.slice(3, 6)} ${d.slice(6, 9)}\u2013${d.slice(9)}`
      : `${d.slice(0, 2)}.${d.slice(2, 5)} ${d.slice(5, 8)}\u00A0/ ${d.slice(8, 12)}-${d.slice(12)}`,
];
const shapedArb = (digits: fc.Arbitrary<string>) =>
  fc.tuple(digits, fc.nat(DOCUMENT_SHAPES.length - 1)).map(([d, k]) => DOCUMENT_SHAPES[k]!(d.replace(/\D/g, '')));

const word = fc.stringMatching(/^[A-Z][a-z]{6,9}$/);
const cpfArb = fc.integer({ min: 1_000_000, max: 999_999_998 }).map((n) => {
  const nine = String(n).padStart(9, '0');
  return `${nine}${cpfCheckDigits(nine)}`;
});
const cnpjArb = fc.integer({ min: 10_000_000, max: 99_999_999 }).map((root) => {
  const twelve = `${root}0001`;
  const d = `${twelve}${cnpjCheckDigits(twelve)}`;
  return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
});

/** Personal data of one beneficiary; a cessionário is a company (CNPJ) half of the time. */
const personArb = (titularidade: Beneficiario['titularidade']) =>
  fc.record({
    nome: fc.tuple(word, fc.constantFrom('da', 'dos', 'de'), word, word).map((w) => w.join(' ')),
    documento: shapedArb(titularidade === 'cessionario' ? fc.oneof(cpfArb, cnpjArb) : cpfArb),
    nascimento: isoDateArb(1930, 1965),
    doenca: fc.option(isoDateArb(1990, 1999), { nil: undefined }),
    deficiencia: fc.option(isoDateArb(1990, 1999), { nil: undefined }),
  });

export const GENERATED_ENTE = (n: number): EnteDevedor => ({
  id: `ente-gerado-${n}`,
  nome: `Município Gerado ${n}`,
  esfera: 'municipal',
  regime: n % 2 ? 'especial' : 'geral',
});

/** `count` precatórios of one ente with invented people; números distinct across entes (offset). */
export const peopleRegistryArb = (ente: EnteDevedor, count: number, offset: number): fc.Arbitrary<Precatorio[]> =>
  fc.tuple(...Array.from({ length: count }, (_, i) => precatorioArb(ente.id, ente.regime, offset + i + 1))).chain((precatorios) =>
    fc.tuple(
      ...precatorios.map((p) =>
        fc.tuple(...p.beneficiarios.map((b) => personArb(b.titularidade))).map((people) => ({
          ...p,
          beneficiarios: p.beneficiarios.map((b, j) => {
            const who = people[j]!;
            return {
              ...b,
              nome: who.nome,
              cpf: who.documento,
              nascimento: who.nascimento,
              doencaGraveDesde: who.doenca,
              deficienciaDesde: who.doenca ? undefined : who.deficiencia,
            };
          }),
        })),
      ),
    ),
  );

/** Everything personal in a registry, in the forms a leak could take. */
export function personalDataOf(precatorios: readonly Precatorio[]) {
  const people = precatorios.flatMap((p) => p.beneficiarios);
  return {
    documents: people.map((b) => b.cpf?.replace(/\D/g, '')).filter((d): d is string => !!d),
    nameWords: [...new Set(people.flatMap((b) => (b.nome ?? '').split(' ').filter((w) => w.length >= 5)))],
    dates: [...new Set(people.flatMap((b) => [b.nascimento, b.doencaGraveDesde, b.deficienciaDesde]).filter((d): d is NonNullable<typeof d> => !!d))],
  };
}

export async function seed(db: Db, entes: readonly EnteDevedor[], precatorios: readonly Precatorio[]) {
  await db.transaction((tx) => importRegistry(tx, { entes: withRpvLaws(entes, loadRpvLaws()), precatorios }, 'teste'));
}

/** The app as `servir` builds it, over `db`, with optional limits; logs kept for inspection. */
export function appOver(db: Db, limites?: RateLimits, corsOrigins: readonly string[] = [], importMaxBytes?: number) {
  const logs: string[] = [];
  const app = createApp({
    db,
    rules: RULES,
    correctionRules: loadCorrectionRules(),
    rpvLaws: loadRpvLaws(),
    today: () => RUN_DATE,
    adminToken: TOKEN,
    log: (m) => logs.push(m),
    indexRecheckMs: 0,
    limites,
    corsOrigins,
    ...(importMaxBytes === undefined ? {} : { importMaxBytes }),
  });
  return { app, logs };
}

/** What @hono/node-server hands the app for a connection from `address` (read by hono/conninfo). */
export const fromAddress = (address: string) => ({
  incoming: { socket: { remoteAddress: address, remotePort: 40_000, remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4' } },
});
