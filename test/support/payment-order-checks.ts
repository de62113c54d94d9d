// Shared by the live-order property tests: an order compared with buildPaymentOrder field by field,
// the ordering options, and debtors whose precatórios have many beneficiaries.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { EnteDevedor } from '../../src/domain/ente.ts';
import { type Money, ZERO } from '../../src/domain/money.ts';
import type { Beneficiario, Precatorio } from '../../src/domain/precatorio.ts';
import type { LiveOrder } from '../../src/domain/queue/live-order.ts';
import { type PaymentOrder, type PaymentOrderOptions, buildPaymentOrder } from '../../src/domain/queue/payment-order.ts';
import { courtTimestampArb, debtorListArb, isoDateArb, precatorioArb } from './arbitraries.ts';
import { RULES } from './rules.ts';

export const optionsArb: fc.Arbitrary<PaymentOrderOptions> = fc.record({
  alimentarPreferenceScope: fc.constantFrom('SAME_BUDGET_YEAR' as const, 'ALL_YEARS' as const),
  superprefScope: fc.constantFrom('PER_EXECUTION' as const, 'PER_PRECATORIO' as const),
  superprefOrder: fc.constantFrom('QUEUE_ORDER' as const, 'BY_GRANT_DATE' as const),
  superprefIncludesNotYetDue: fc.constantFrom(undefined, true, false),
});

export type Edit =
  | { readonly kind: 'pay'; readonly pick: number; readonly permille: number; readonly superpreference: boolean }
  | { readonly kind: 'status'; readonly pick: number; readonly status: Precatorio['status'] }
  | { readonly kind: 'add'; readonly seed: Precatorio }
  | { readonly kind: 'remove' | 'copy'; readonly pick: number }
  | { readonly kind: 'rekey'; readonly pick: number; readonly apresentadoEm: Precatorio['apresentacao']; readonly natureza: Precatorio['natureza'] }
  | { readonly kind: 'cede'; readonly pick: number; readonly credor: number }
  | { readonly kind: 'grant'; readonly pick: number; readonly since: string | undefined }
  | { readonly kind: 'ente'; readonly regime: EnteDevedor['regime']; readonly rename: boolean };

const pick = fc.nat();
export const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('pay' as const), pick, permille: fc.integer({ min: 1, max: 1000 }), superpreference: fc.boolean() }), weight: 5 },
  fc.record({
    kind: fc.constant('status' as const),
    pick,
    status: fc.constantFrom('ativo' as const, 'suspenso' as const, 'pago' as const, 'cancelado' as const),
  }),
  fc.record({ kind: fc.constant('add' as const), seed: precatorioArb('x', 'geral', 0) }),
  fc.record({ kind: fc.constantFrom('remove' as const, 'copy' as const), pick }),
  fc.record({
    kind: fc.constant('rekey' as const),
    pick,
    apresentadoEm: courtTimestampArb.map((at) => ({ kind: 'registrada' as const, apresentadoEm: at })),
    natureza: fc.constantFrom('alimentar' as const, 'comum' as const),
  }),
  fc.record({ kind: fc.constant('cede' as const), pick, credor: fc.integer({ min: 0, max: 5 }) }),
  { arbitrary: fc.record({ kind: fc.constant('grant' as const), pick, since: fc.option(isoDateArb(2010, 2030), { nil: undefined }) }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant('ente' as const), regime: fc.constantFrom('geral' as const, 'especial' as const), rename: fc.boolean() }),
    weight: 1,
  },
);

/** Applies one edit: only the edited precatório becomes a new object, every other keeps its identity. */
export function apply(state: { ente: EnteDevedor; precatorios: Precatorio[] }, edit: Edit, serial: number): void {
  const list = state.precatorios;
  if (edit.kind === 'ente') {
    state.ente = { ...state.ente, regime: edit.regime, nome: edit.rename ? `${state.ente.nome}*` : state.ente.nome };
    return;
  }
  if (edit.kind === 'add') {
    const numero = `${String(9000 + serial).padStart(7, '0')}-00.2024.8.14.0301`;
    list.push({ ...edit.seed, numero, enteId: state.ente.id, beneficiarios: edit.seed.beneficiarios.map((b, i) => ({ ...b, id: `${numero}#${i}` })) });
    return;
  }
  if (list.length === 0) return;
  const at = edit.pick % list.length;
  const p = list[at]!;
  const first = p.beneficiarios[0]!;
  const withFirst = (b: Beneficiario) => ({ ...p, beneficiarios: [b, ...p.beneficiarios.slice(1)] });
  switch (edit.kind) {
    case 'remove':
      list.splice(at, 1);
      return;
    case 'copy':
      list[at] = { ...p };
      return;
    case 'status':
      list[at] = { ...p, status: edit.status };
      return;
    case 'rekey':
      list[at] = { ...p, apresentacao: edit.apresentadoEm, natureza: edit.natureza };
      return;
    case 'pay': {
      const amount = first.valorBrl.minus(first.pagoBrl).times(edit.permille).dividedBy(1000).toDecimalPlaces(2);
      list[at] = withFirst({
        ...first,
        pagoBrl: first.pagoBrl.plus(amount),
        superpreferenciaPagaBrl: edit.superpreference ? first.superpreferenciaPagaBrl.plus(amount) : first.superpreferenciaPagaBrl,
      });
      return;
    }
    case 'cede': {
      const half = first.valorBrl.minus(first.pagoBrl).dividedBy(2).toDecimalPlaces(2);
      const cessionario: Beneficiario = {
        id: `cessao-${serial}`,
        credorId: `credor-${edit.credor}`,
        titularidade: 'cessionario',
        valorBrl: half,
        pagoBrl: ZERO,
        superpreferenciaPagaBrl: ZERO,
      };
      list[at] = { ...p, beneficiarios: [{ ...first, valorBrl: first.valorBrl.minus(half) }, ...p.beneficiarios.slice(1), cessionario] };
      return;
    }
    case 'grant':
      list[at] = withFirst({ ...first, doencaGraveDesde: edit.since as Beneficiario['doencaGraveDesde'], deficienciaDesde: undefined });
      return;
  }
}

/** Everything an order says, in plain values (amounts as exact decimal text). */
export function plain(order: PaymentOrder) {
  const text = (m: Money) => m.toString();
  return {
    enteId: order.enteId,
    runDate: order.runDate,
    cap: text(order.superpreferenceCapBrl),
    chronological: order.chronological.map((e) => ({
      position: e.position,
      key: { ...e.key, faceValueBrl: text(e.key.faceValueBrl) },
      saldo: text(e.saldoBrl),
      superpreference: text(e.superpreferenceBrl),
      remainder: text(e.remainderBrl),
    })),
    superpreference: order.superpreference.map((t) => ({ ...t, amountBrl: text(t.amountBrl) })),
  };
}

export function expectSameAsScratch(
  live: LiveOrder,
  precatorios: readonly Precatorio[],
  ente: EnteDevedor,
  runDate: Parameters<typeof buildPaymentOrder>[2],
  options: PaymentOrderOptions,
): void {
  const full = buildPaymentOrder(precatorios, ente, runDate, RULES, options);
  expect(plain(live.order)).toEqual(plain(full));
  // The very precatório objects, not copies: callers read them (public views, exports).
  expect(live.order.chronological.every((e, i) => e.item === full.chronological[i]!.item)).toBe(true);
  expect([...live.indexOf].sort()).toEqual(full.chronological.map((e, i) => [e.item.numero, i] as const).sort());
  let ahead = ZERO;
  const expectedAhead = full.chronological.map((e) => {
    const before = ahead;
    ahead = ahead.plus(e.remainderBrl);
    return before.toString();
  });
  expect(live.remaindersBefore.map((m) => m.toString())).toEqual(expectedAhead);
  expect(live.superpreferenceTotalBrl.toString()).toBe(full.superpreference.reduce<Money>((a, t) => a.plus(t.amountBrl), ZERO).toString());
}

/**
 * Debtors of up to 6 precatórios with 1–120 beneficiaries each and creditors repeated inside and
 * across them (several shares under one cap key).
 */
export const wideDebtorArb = debtorListArb(6).chain(({ ente, precatorios }) =>
  fc.tuple(...precatorios.map(() => fc.tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 40 })))).map((widths) => ({
    ente,
    precatorios: precatorios.map((p, i) => {
      const [width, creditors] = widths[i]!;
      return {
        ...p,
        beneficiarios: Array.from({ length: width }, (_, j) => ({
          ...p.beneficiarios[j % p.beneficiarios.length]!,
          id: `${p.numero}#w${j}`,
          credorId: `credor-${(j * 7 + i) % creditors}`,
        })),
      };
    }),
  })),
);
