// Goal: the creditor's page never shows a raw code (issue 18 §1, "SEM_GRACA"): every code the
// lookup API sends — in every precatório of the demo registry, with the indices loaded so each
// memória is there — has words in web/messages.ts.
import { beforeAll, afterAll, expect, it } from 'vitest';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { MSG } from '../../web/messages.ts';
import { SHARED_SERIES, TJAP_JUROS } from '../domain/correction/fixtures.ts';
import { demoApp } from '../support/api.ts';

let ctx: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  ctx = await demoApp();
  await new SqlIndexStore(ctx.db).put([...SHARED_SERIES, TJAP_JUROS]);
}, 60_000);
afterAll(async () => {
  await ctx.db.close();
});

it('has words for every status, natureza, regime, titularidade and memória phase and kind the lookup sends', async () => {
  const seen: Record<'status' | 'natureza' | 'regime' | 'titularidade' | 'fase' | 'tipoMemoria', Set<string>> = {
    status: new Set(),
    natureza: new Set(),
    regime: new Set(),
    titularidade: new Set(),
    fase: new Set(),
    tipoMemoria: new Set(),
  };
  for (const p of ctx.input.precatorios) {
    const r = (await (await ctx.app.request(`/api/precatorios/${encodeURIComponent(p.numero)}`)).json()) as any;
    seen.status.add(r.precatorio.status);
    seen.natureza.add(r.precatorio.natureza);
    seen.regime.add(r.ente.regime);
    for (const b of r.precatorio.beneficiarios) seen.titularidade.add(b.titularidade);
    for (const m of r.valorCorrigido.memoria ?? []) {
      seen.fase.add(m.fase);
      seen.tipoMemoria.add(m.tipo);
    }
  }
  // The walk reached the codes of the issue (a paid one, a memória without grace period).
  expect(seen.status).toContain('pago');
  expect(seen.fase).toContain('SEM_GRACA');
  for (const [map, codes] of Object.entries(seen)) {
    expect(codes.size, map).toBeGreaterThan(0);
    for (const code of codes) {
      const words = (MSG as unknown as Record<string, Record<string, string>>)[map]![code];
      expect(words, `${map}.${code} sem texto em messages.ts`).toBeTruthy();
      // Words, not a code: no underscores, not upper case, no unaccented "originario"/"cessionario".
      expect(words, `${map}.${code}`).not.toMatch(/_|^[A-Z0-9 -]+$|originario|cessionario/);
    }
  }
});
