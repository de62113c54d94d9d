// Goal: a suspended precatório keeps its place but is skipped (R2.8); the chronological list goes on
// to the next payable one in the same month. Found by the first-month comparison with the payment
// run (test/app/simulation-first-month.contract.test.ts): the month loop stopped at a suspended one
// when payable dates never decrease along the list, and the money waited in the account.
// Method: one ente, three precatórios presented together — the second suspended — and money for all.
import { expect, it } from 'vitest';
import type { CourtTimestamp } from '../../../src/domain/dates.ts';
import type { EnteDevedor } from '../../../src/domain/ente.ts';
import { Dec, money } from '../../../src/domain/money.ts';
import type { Precatorio } from '../../../src/domain/precatorio.ts';
import { type SimulatedPayment, enteQueueOf, simulate } from '../../../src/domain/simulation/index.ts';
import { RULES } from '../../support/rules.ts';

const ente: EnteDevedor = { id: 'e1', nome: 'Ente', esfera: 'estadual', regime: 'especial' };
const precatorio = (i: number, valor: string, status: Precatorio['status']): Precatorio =>
  ({
    numero: `000000${i}-00.2024.8.14.0301`,
    enteId: 'e1',
    regime: 'especial',
    natureza: 'comum',
    tributario: false,
    apresentacao: { kind: 'registrada', apresentadoEm: `2019-0${i}-01T10:00:00.000-03:00` as CourtTimestamp },
    valorRequisitadoBrl: money(valor),
    status,
    beneficiarios: [
      { id: 'b1', credorId: `c${i}`, titularidade: 'originario', valorBrl: money(valor), pagoBrl: money('0'), superpreferenciaPagaBrl: money('0') },
    ],
  }) as Precatorio;

it('pays the precatório behind a suspended one in the same month, and not the suspended one (R2.8)', () => {
  const list = [precatorio(1, '100.00', 'ativo'), precatorio(2, '50.00', 'suspenso'), precatorio(3, '30.00', 'ativo')];
  const paid: SimulatedPayment[] = [];
  const run = simulate(
    [enteQueueOf(ente, list, RULES)],
    [{ enteId: 'e1', source: { kind: 'deposito-mensal', monthlyBrl: money('1000.00') }, chronologicalShare: new Dec(1), growthPctYear: new Dec(0) }],
    { from: '2026-01' as never, until: '2026-01' as never, rules: RULES, onPayment: (p) => paid.push(p) },
  );
  if (!run.ok) throw new Error(JSON.stringify(run.error));
  expect(paid.map((p) => [p.numero.slice(0, 7), p.amountCents])).toEqual([
    ['0000001', 10_000],
    ['0000003', 3_000],
  ]);
  expect(run.value.entes[0]!.months[0]!.unspentCents).toBe(100_000 - 13_000);
});
