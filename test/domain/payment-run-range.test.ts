// Goal: the payment run counts in integer centavos through the allocation walk (exact below 2^53):
// amounts past the simulation's R$ 100 bilhões per value are still paid to the centavo, and a
// debtor whose open balance passes R$ 90 trilhões is refused with the reason, never a wrong cent;
// the partial precatório reported is the one the money ended in, with what it still owes (R2.8).
// Method: hand-checkable lists of one debtor in regime especial, amounts chosen at the edges.
import { describe, expect, it } from 'vitest';
import { type CourtTimestamp, type IsoDate, isoDate } from '../../src/domain/dates.ts';
import type { EnteDevedor } from '../../src/domain/ente.ts';
import { ZERO, money } from '../../src/domain/money.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { buildPaymentOrder } from '../../src/domain/queue/payment-order.ts';
import { paymentRunOutOfRange, planPaymentRun } from '../../src/domain/queue/payment-run.ts';
import { RULES } from '../support/rules.ts';

const ENTE: EnteDevedor = { id: 'uniao', nome: 'Ente grande', esfera: 'estadual', regime: 'especial' };
const RUN = isoDate('2025-11-23');

function precatorio(numero: string, at: string, valores: string[], nascimento?: IsoDate): Precatorio {
  const beneficiarios = valores.map((v, i) => ({
    id: `b${i + 1}`,
    credorId: `${numero}-${i + 1}`,
    titularidade: 'originario' as const,
    valorBrl: money(v),
    pagoBrl: ZERO,
    superpreferenciaPagaBrl: ZERO,
    nascimento,
  }));
  return {
    numero,
    enteId: ENTE.id,
    regime: 'especial',
    natureza: nascimento ? 'alimentar' : 'comum',
    tributario: false,
    apresentacao: { kind: 'registrada', apresentadoEm: `${at}.000-03:00` as CourtTimestamp },
    valorRequisitadoBrl: beneficiarios.reduce((a, b) => a.plus(b.valorBrl), ZERO),
    status: 'ativo',
    beneficiarios,
  };
}

describe('payment run amounts at the edges of integer centavos', () => {
  it('pays R$ 150 bilhões to the centavo, the partial one shared pro rata (R6.4)', () => {
    const list = [
      precatorio('0000001-11.2023.8.14.0301', '2023-02-01T10:00:00', ['123456789012.34']),
      precatorio('0000002-22.2023.8.14.0301', '2023-03-01T10:00:00', ['40000000000.01', '20000000000.00']),
    ];
    const order = buildPaymentOrder(list, ENTE, RUN, RULES);
    expect(paymentRunOutOfRange(order)).toBeUndefined();
    const plan = planPaymentRun(order, ENTE.regime, money('150000000000.00'));
    // 150 000 000 000,00 − 123 456 789 012,34 = 26 543 210 987,66 for the second, in proportion to
    // 40 000 000 000,01 : 20 000 000 000,00: floors 17 695 473 991,77 and 8 847 736 995,88, the one
    // centavo left to the larger remainder (b2: 3 115 226 300 412 against 2 884 773 699 589, over 6 000 000 000 001).
    expect(plan.items.map((i) => [i.numero.slice(0, 7), i.beneficiarioId, i.amountBrl.toFixed(2)])).toEqual([
      ['0000001', 'b1', '123456789012.34'],
      ['0000002', 'b1', '17695473991.77'],
      ['0000002', 'b2', '8847736995.89'],
    ]);
    expect(plan.paidBrl.toFixed(2)).toBe('150000000000.00');
    expect(plan.partial?.remainingBrl.toFixed(2)).toBe('33456789012.35');
  });

  it('refuses a debtor whose open balance passes what the walk counts exactly, naming the total', () => {
    const list = [
      precatorio('0000001-11.2023.8.14.0301', '2023-02-01T10:00:00', ['9000000000000000.00']),
      precatorio('0000002-22.2023.8.14.0301', '2023-03-01T10:00:00', ['9000000000000000.00']),
    ];
    const order = buildPaymentOrder(list, ENTE, RUN, RULES);
    expect(paymentRunOutOfRange(order)).toBe(
      'o saldo em aberto do ente (R$ 18000000000000000.00) passa do maior valor que a rodada conta ao centavo (R$ 90071992547409.91)',
    );
    expect(() => planPaymentRun(order, ENTE.regime, money('1.00'))).toThrow('passa do maior valor que a rodada conta ao centavo');
  });

  it('names as partial the precatório the money ends in, with what it still owes, after tranches of others', () => {
    const elderly = isoDate('1950-01-01');
    const list = [
      precatorio('0000001-11.2023.8.14.0301', '2023-02-01T10:00:00', ['3000000.00'], elderly),
      precatorio('0000002-22.2023.8.14.0301', '2023-03-01T10:00:00', ['2500000.00'], elderly),
    ];
    const order = buildPaymentOrder(list, ENTE, RUN, RULES);
    const [first, second] = order.superpreference.map((t) => t.amountBrl);
    // The first creditor's tranche is capped (R3.3), so a remainder stays in the chronological list.
    expect(first!.lessThan(3_000_000)).toBe(true);
    // Both tranches (R3.8 step 1), then R$ 1.000,00 of the first one's remainder (step 2).
    const plan = planPaymentRun(order, ENTE.regime, first!.plus(second!).plus(1000));
    expect(plan.items.map((i) => [i.kind, i.numero.slice(0, 7)])).toEqual([
      ['superpreferencia', '0000001'],
      ['superpreferencia', '0000002'],
      ['cronologica', '0000001'],
    ]);
    expect(plan.partial?.numero).toBe('0000001-11.2023.8.14.0301');
    expect(plan.partial?.remainingBrl.toFixed(2)).toBe(money('3000000.00').minus(first!).minus(1000).toFixed(2));
  });
});
