import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, type Money } from '../../src/domain/money.ts';
import { type Precatorio, type StatusPrecatorio, saldoOf } from '../../src/domain/precatorio.ts';
import {
  type StaffWrite,
  WRITES_BY_STATUS,
  admits,
  cessaoTransition,
  grantTransition,
  paymentTransition,
  statusAfterPayment,
} from '../../src/domain/write-transitions.ts';
import { moneyArb, precatorioArb } from '../support/arbitraries.ts';

const STATUSES: StatusPrecatorio[] = ['ativo', 'suspenso', 'pago', 'cancelado'];
const WRITES: StaffWrite[] = ['pagamento', 'cessao', 'penhora', 'habilitacao', 'superpreferencia-concedida', 'superpreferencia-revogada', 'cancelado'];
const precatorio = precatorioArb('estado-do-para', 'especial', 1);
const cents = (m: Money) => m.times(100).toNumber();

describe('staff writes by state (issue 15 §2: one pure transition per write)', () => {
  it('closed precatórios (pago, cancelado) take no write; open ones (ativo, suspenso) take every write', () => {
    for (const status of STATUSES)
      for (const write of WRITES) {
        const open = status === 'ativo' || status === 'suspenso';
        expect(WRITES_BY_STATUS[status].includes(write)).toBe(open);
      }
  });

  it('admits exactly what the table lists, and a stale version is a conflict whatever the state', () => {
    fc.assert(
      fc.property(
        precatorio,
        fc.constantFrom(...STATUSES),
        fc.constantFrom(...WRITES),
        fc.integer({ min: 1, max: 5 }),
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        (p, status, write, version, expected) => {
          const r = admits({ ...p, status }, version, write, expected);
          if (expected !== undefined && expected !== version) expect(!r.ok && r.error.kind).toBe('conflito');
          else expect(r.ok).toBe(WRITES_BY_STATUS[status].includes(write));
        },
      ),
    );
  });

  it('a payment is allowed iff 0 < amount ≤ the beneficiary balance; the precatório is paid iff no balance is left', () => {
    fc.assert(
      fc.property(precatorio, fc.nat(), moneyArb(60_000_000), (p, pick, amount) => {
        const b = p.beneficiarios[pick % p.beneficiarios.length]!;
        const r = paymentTransition(p, b.id, amount);
        const allowed = !amount.isZero() && amount.lessThanOrEqualTo(saldoOf(b));
        expect(r.ok).toBe(allowed);
        if (!r.ok) {
          expect(r.error.campo).toBe('valor');
          return;
        }
        const left = p.beneficiarios.reduce((n, x) => n + cents(saldoOf(x)), 0) - cents(amount);
        expect(statusAfterPayment(p, b.id, amount)).toBe(left === 0 ? 'pago' : p.status);
      }),
    );
  });

  it('an unknown beneficiary is named, for every write that names one', () => {
    fc.assert(
      fc.property(precatorio, (p) => {
        for (const r of [paymentTransition(p, 'ninguem', new Dec(1)), cessaoTransition(p, 'ninguem', new Dec(1)), grantTransition(p, 'ninguem')]) {
          expect(!r.ok && r.error).toMatchObject({ kind: 'nao-encontrado', campo: 'beneficiario' });
        }
      }),
    );
  });

  it('a cessão gets the next free -cN id and never more than the balance', () => {
    fc.assert(
      fc.property(precatorio, moneyArb(60_000_000), (p, amount) => {
        const b = p.beneficiarios[0]!;
        const r = cessaoTransition(p, b.id, amount);
        expect(r.ok).toBe(!amount.isZero() && amount.lessThanOrEqualTo(saldoOf(b)));
        if (r.ok) expect(p.beneficiarios.some((x) => x.id === r.value.newId)).toBe(false);
      }),
    );
  });

  it('superpreference: alimentar only, never a cessionário, one ground at a time (R3.2, CF §13, Res. 303 art. 9 §7)', () => {
    fc.assert(
      fc.property(precatorio, (p: Precatorio) => {
        const b = p.beneficiarios[0]!;
        const r = grantTransition(p, b.id);
        const allowed = p.natureza === 'alimentar' && b.titularidade !== 'cessionario' && !b.doencaGraveDesde && !b.deficienciaDesde;
        expect(r.ok).toBe(allowed);
      }),
    );
  });
});
