import type { IsoDate } from '../domain/dates.ts';
import { Dec } from '../domain/money.ts';
import type { Db } from './db.ts';

/** The acordos made of one ente, for the public art. 82 answer (R7.4): date, precatório, paid, deságio — no beneficiary. */
export async function acordosOfEnte(db: Db, enteId: string): Promise<{ data: IsoDate; precatorio: string; valor: string; desagio: string; edital: string }[]> {
  const { rows } = await db.query<{ data: string; precatorio: string; valor: string; desagio: string; edital: string }>(
    `select p.paid_on::text as data, h.precatorio_numero as precatorio, p.amount::text as valor, h.desagio::text as desagio, e.numero as edital
       from acordo_habilitacoes h join acordo_editais e on e.id = h.edital_id join payments p on p.id = h.payment_id
      where e.ente_id = $1 and h.status = 'pago' order by p.paid_on, p.id`,
    [enteId],
  );
  return rows.map((r) => ({
    data: r.data as IsoDate,
    precatorio: r.precatorio,
    valor: new Dec(r.valor).toFixed(2),
    desagio: new Dec(r.desagio).toString(),
    edital: r.edital,
  }));
}
