import type { Db } from './db.ts';

/** What 0004's registry_meta says about the demo: which seed, how many precatórios, and when. */
export interface DemoMark {
  readonly semente: number;
  readonly precatorios: number;
  /** When it was loaded (the database's clock, ISO text). */
  readonly carregadaEm: string;
}

/** The registry's demo mark, if it was made from the demo (issue 15 §1). */
export async function readDemoMark(db: Db): Promise<DemoMark | undefined> {
  const { rows } = await db.query<{ valor: { semente: number; precatorios: number }; em: string }>(
    `select valor, to_char(gravado_em at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as em from registry_meta where chave = 'demonstracao'`,
  );
  const row = rows[0];
  return row && { semente: row.valor.semente, precatorios: row.valor.precatorios, carregadaEm: row.em };
}

/** Marks the registry as made from the demo, in the transaction that loads it. */
export async function markDemo(tx: Db, mark: Omit<DemoMark, 'carregadaEm'>): Promise<void> {
  await tx.query(`insert into registry_meta (chave, valor) values ('demonstracao', $1::jsonb) on conflict (chave) do nothing`, [JSON.stringify(mark)]);
}
