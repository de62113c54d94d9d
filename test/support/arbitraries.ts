import fc from 'fast-check';
import { type CourtTimestamp, type IsoDate, makeIsoDate } from '../../src/domain/dates.ts';
import type { EnteDevedor } from '../../src/domain/ente.ts';
import { Dec, type Money } from '../../src/domain/money.ts';
import type { Beneficiario, Precatorio } from '../../src/domain/precatorio.ts';

/** Shared generators for the property tests (like dinero's test/utils). */

export const isoDateArb = (minYear = 1995, maxYear = 2035): fc.Arbitrary<IsoDate> =>
  fc
    .date({ min: new Date(Date.UTC(minYear, 0, 1)), max: new Date(Date.UTC(maxYear, 11, 31)), noInvalidDate: true })
    .map((d) => makeIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));

/** Court timestamps; minutes drawn from a small set so that equal timestamps (batch imports) occur. */
export const courtTimestampArb: fc.Arbitrary<CourtTimestamp> = fc
  .tuple(isoDateArb(2018, 2028), fc.constantFrom('08:00', '09:30', '14:15', '23:59'))
  .map(([d, t]) => `${d}T${t}:00.000-03:00` as CourtTimestamp);

/** Money in cents, up to R$ 10 million, with small values frequent. */
export const moneyArb = (maxCents = 1_000_000_000): fc.Arbitrary<Money> => fc.integer({ min: 0, max: maxCents }).map((c) => new Dec(c).dividedBy(100));

const beneficiarioArb = (numero: string, index: number): fc.Arbitrary<Beneficiario> =>
  fc
    .record({
      share: moneyArb(50_000_000),
      paidFraction: fc.constantFrom(0, 0, 0, 0.5, 1),
      superprefPaidFraction: fc.constantFrom(0, 0, 0.5, 1),
      titularidade: fc.constantFrom('originario', 'originario', 'herdeiro', 'cessionario') as fc.Arbitrary<Beneficiario['titularidade']>,
      nascimento: fc.option(isoDateArb(1930, 2000), { nil: undefined }),
      doenca: fc.option(isoDateArb(2010, 2030), { nil: undefined }),
      deficiencia: fc.option(isoDateArb(2010, 2030), { nil: undefined }),
      credor: fc.integer({ min: 0, max: 5 }),
    })
    .map((r) => {
      const pago = r.share.times(r.paidFraction).toDecimalPlaces(2);
      return {
        id: `${numero}#${index}`,
        // A small pool of creditor ids so the same person shows up in several precatórios.
        credorId: `credor-${r.credor}`,
        titularidade: r.titularidade,
        valorBrl: r.share,
        pagoBrl: pago,
        superpreferenciaPagaBrl: pago.times(r.superprefPaidFraction).toDecimalPlaces(2),
        nascimento: r.nascimento,
        // One recognised ground at most (R3.4 §7); age needs no grant.
        doencaGraveDesde: r.doenca,
        deficienciaDesde: r.doenca ? undefined : r.deficiencia,
      };
    });

export const precatorioArb = (enteId: string, regime: EnteDevedor['regime'], index: number): fc.Arbitrary<Precatorio> => {
  const numero = `${String(index).padStart(7, '0')}-00.2024.8.14.0301`;
  return fc
    .record({
      natureza: fc.constantFrom('alimentar', 'comum') as fc.Arbitrary<Precatorio['natureza']>,
      apresentadoEm: courtTimestampArb,
      status: fc.constantFrom('ativo', 'ativo', 'ativo', 'suspenso') as fc.Arbitrary<Precatorio['status']>,
      processo: fc.integer({ min: 0, max: 3 }),
      beneficiarios: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => beneficiarioArb(numero, i + 1)))),
    })
    .map((r) => ({
      numero,
      enteId,
      regime,
      natureza: r.natureza,
      tributario: false,
      apresentacao: { kind: 'registrada', apresentadoEm: r.apresentadoEm },
      valorRequisitadoBrl: r.beneficiarios.reduce<Money>((acc, b) => acc.plus(b.valorBrl), new Dec(0)),
      processoOrigem: `processo-${r.processo}`,
      status: r.status,
      beneficiarios: r.beneficiarios,
    }));
};

export const enteArb: fc.Arbitrary<EnteDevedor> = fc
  .record({
    esfera: fc.constantFrom('estadual', 'municipal', 'uniao') as fc.Arbitrary<EnteDevedor['esfera']>,
    regime: fc.constantFrom('geral', 'especial') as fc.Arbitrary<EnteDevedor['regime']>,
  })
  .map((r) => ({ id: 'ente-teste', nome: 'Ente de teste', ...r }));

/** A debtor and 0..n of its precatórios with distinct números. */
export const debtorListArb = (maxLength = 40): fc.Arbitrary<{ ente: EnteDevedor; precatorios: Precatorio[] }> =>
  enteArb.chain((ente) =>
    fc
      .integer({ min: 0, max: maxLength })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => precatorioArb(ente.id, ente.regime, i + 1))).map((precatorios) => ({ ente, precatorios }))),
  );
