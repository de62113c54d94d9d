// Goal: nothing personal can be INFERRED from public answers, not only read in them (issue 15 §4).
// Method, differential: two registries ("worlds") that differ only in one creditor's secret — a
// birth date near the 60th birthday, the date an illness was recognised, or whether the tranche is
// owed to age or to an illness recorded by staff — must give byte-identical public answers to every
// request an attacker can make. Every public operation of the OpenAPI document is asked with each of
// its parameters varied over values chosen to bisect the secret (run dates on both sides of each
// 60th birthday and grant date, the months around them, every page size, filter, simulation field);
// a parameter the table below has no values for fails the test, so a new one cannot slip through.
// Control: the same bisection WITH the staff token does tell the worlds apart — the answers carry
// the secret and the harness sees it; only public answers must not.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskCpf } from '../../src/api/masking.ts';
import { cpfCheckDigits } from '../../src/domain/cpf.ts';
import { type CourtTimestamp, type IsoDate, type YearMonth, addMonths, addYears, isoDate } from '../../src/domain/dates.ts';
import { superpreferenceAgeOn } from '../../src/domain/rules/superpreference-age.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { ZERO, money } from '../../src/domain/money.ts';
import { BACKENDS } from '../support/backends.ts';
import { RUN_DATE, staffHeaders } from '../support/api.ts';
import { RULES } from '../support/rules.ts';
import { GENERATED_ENTE, appOver, peopleRegistryArb, seed } from './fixtures.ts';
import { operations } from './operations.ts';

const PUBLIC = operations().filter((op) => !op.staff);
const DAY = 86_400_000;
const shift = (d: IsoDate, days: number) => new Date(Date.parse(d) + days * DAY).toISOString().slice(0, 10) as IsoDate;
/** Born on or before this day, a creditor is 60 on the published run. */
const SUPERPREFERENCE_AGE_YEARS = superpreferenceAgeOn(RULES, RUN_DATE);
const THRESHOLD = addYears(RUN_DATE, -SUPERPREFERENCE_AGE_YEARS);

/** What differs between the two worlds: the target creditor's birth date and illness grant. */
interface Secret {
  readonly kind: 'idade' | 'doenca' | 'motivo';
  readonly a: { readonly nascimento: IsoDate; readonly doenca?: IsoDate; readonly viaEquipe?: boolean };
  readonly b: { readonly nascimento: IsoDate; readonly doenca?: IsoDate; readonly viaEquipe?: boolean };
  /** The days around which a bisection would look. */
  readonly pivots: readonly IsoDate[];
}

const dayIn = (from: IsoDate, to: IsoDate) => fc.integer({ min: 0, max: Math.round((Date.parse(to) - Date.parse(from)) / DAY) }).map((n) => shift(from, n));
const distinctPair = (from: IsoDate, to: IsoDate) => fc.tuple(dayIn(from, to), dayIn(from, to)).filter(([x, y]) => x !== y);

const secretArb: fc.Arbitrary<Secret> = fc.oneof(
  // Two birth dates on the same side of the 60th-birthday line of the published run, within ~2 years.
  fc
    .boolean()
    .chain((eligible) => distinctPair(eligible ? shift(THRESHOLD, -700) : shift(THRESHOLD, 1), eligible ? THRESHOLD : shift(THRESHOLD, 700)))
    .map(
      ([x, y]): Secret => ({
        kind: 'idade',
        a: { nascimento: x },
        b: { nascimento: y },
        pivots: [x, y].map((d) => addYears(d, SUPERPREFERENCE_AGE_YEARS)),
      }),
    ),
  // An illness recognised on two different days before the run (the creditor is under 60).
  fc.tuple(distinctPair(isoDate('2019-01-01'), RUN_DATE), dayIn(isoDate('1975-01-01'), isoDate('1985-12-31'))).map(
    ([[x, y], birth]): Secret => ({
      kind: 'doenca',
      a: { nascimento: birth, doenca: x },
      b: { nascimento: birth, doenca: y },
      pivots: [x, y],
    }),
  ),
  // The same tranche owed to age (world a) or to an illness staff recorded through the API (world b).
  fc
    .tuple(dayIn(shift(THRESHOLD, -3000), THRESHOLD), dayIn(isoDate('1975-01-01'), isoDate('1985-12-31')), dayIn(isoDate('2020-01-01'), shift(RUN_DATE, -1)))
    .map(
      ([old, young, granted]): Secret => ({
        kind: 'motivo',
        a: { nascimento: old },
        b: { nascimento: young, doenca: granted, viaEquipe: true },
        pivots: [addYears(old, SUPERPREFERENCE_AGE_YEARS), granted],
      }),
    ),
);

/** The bisection values of each parameter, by name; `undefined` = not varied (path parameters). */
function valuesFor(
  name: string,
  ctx: { pivots: readonly IsoDate[]; budgetYears: readonly number[]; numero: string; publicId: string },
): readonly unknown[] | undefined {
  const days = [...new Set(ctx.pivots.flatMap((d) => [shift(d, -1), d, shift(d, 1)]).concat(RUN_DATE))].sort();
  const months = [...new Set(days.flatMap((d) => [-1, 0, 1].map((k) => addMonths(d.slice(0, 7) as YearMonth, k))))].sort();
  const simulationMonths = months.filter((m) => m >= '2020-01' && m <= '2035-12');
  const table: Record<string, readonly unknown[]> = {
    data: days,
    // GET /api/precatorios/:numero/mudancas: the older published list, on both sides of each pivot.
    desde: days,
    ate: months,
    pagina: [1, 2, 3],
    tamanho: [1, 2, 500],
    orcamento: ctx.budgetYears,
    natureza: ['alimentar', 'comum'],
    status: ['ativo', 'suspenso'],
    formato: ['json', 'csv'],
    // GET /api/entes/:id/plano-ec136 (R7.8): plan years and what-if figures.
    ano: [2025, 2026, 2027],
    rclHipotese: ['1000000.00', '50000000000.00'],
    estoqueHipotese: ['1000.00', '100000000.00'],
    // POST /api/simulacoes: every top-level body field.
    enteId: [],
    de: simulationMonths,
    financiamento: [
      { tipo: 'deposito-mensal', valor: '1000.00' },
      { tipo: 'dotacao-anual', valor: '90000000.00' },
      { tipo: 'percentual-rcl', percentual: '2' },
    ],
    rcl: [{ valorAnual: '1000000.00' }],
    tetoEc136PctRcl: ['1'],
    novosPorAno: [{ quantidade: 3, valorTotal: '30000.00' }],
    premissas: [{ corrigirSaldos: false }, { ipcaAnualPct: '4' }],
    cenario: [
      { variacaoFinanciamentoPct: '50' },
      { tetoRpv: { valor: '1.00', desde: '2026-01' } },
      ...simulationMonths
        .slice(0, 12)
        .map((m) => ({ superpreferencias: [{ numero: ctx.numero, beneficiarioId: ctx.publicId, motivo: 'deficiencia', desde: `${m}-01` }] })),
    ],
    numeros: [[ctx.numero]],
    detalharMeses: [true],
  };
  return name === 'id' || name === 'numero' || name === 'serie' ? undefined : table[name];
}

/** Event times are the clock of each world's writes, not the secret: compared as placeholders. */
const comparable = (text: string) => text.replace(/"em":"[^"]*"/g, '"em":"…"').replace(/<updated>[^<]*<\/updated>/g, '<updated>…</updated>');

describe.each(BACKENDS)('$name', (backend) => {
  const worldDbs: Awaited<ReturnType<typeof backend.open>>[] = [];
  beforeAll(async () => {
    worldDbs.push(await backend.open(), await backend.open());
  }, 60_000);
  afterAll(async () => {
    for (const db of worldDbs) await db.dispose();
  });
  let run = 0;
  let requests = 0;
  const kinds = new Map<string, number>();

  it('two registries that differ only in a birth date or an illness give identical public answers to every parameter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 6 }).chain((n) => peopleRegistryArb(GENERATED_ENTE(0), n, 0)),
        secretArb,
        async (template, secret) => {
          run++;
          kinds.set(secret.kind, (kinds.get(secret.kind) ?? 0) + 1);
          const ente = GENERATED_ENTE(500 + run);
          const base = template.map(
            (p, i): Precatorio => ({
              ...p,
              enteId: ente.id,
              regime: ente.regime,
              numero: `${String(run * 100 + i).padStart(7, '0')}-00.2024.8.14.0301`,
              beneficiarios: p.beneficiarios.map((b, j) => ({ ...b, id: i % 3 === 0 ? b.cpf! : `r${run}-${i}#${j}` })),
            }),
          );
          // The target: the first beneficiary of an open alimentar precatório, owed a balance, alone under its creditor id.
          const first = base[0]!;
          const nine = String(200_000_000 + run);
          const cpf = `${nine}${cpfCheckDigits(nine)}`;
          const target = {
            ...first.beneficiarios[0]!,
            id: cpf,
            cpf,
            credorId: `alvo-${run}`,
            titularidade: 'originario' as const,
            valorBrl: money('25000.00'),
            pagoBrl: ZERO,
            superpreferenciaPagaBrl: ZERO,
          };
          const others = first.beneficiarios.slice(1);
          const worldOf = (w: Secret['a']): Precatorio[] => [
            {
              // Due already (budget year 2020), so the regime geral pays its tranche too (R3.7).
              ...first,
              natureza: 'alimentar',
              status: 'ativo',
              apresentacao: { kind: 'registrada', apresentadoEm: '2019-03-11T10:00:00.000-03:00' as CourtTimestamp },
              valorRequisitadoBrl: others.reduce((sum, b) => sum.plus(b.valorBrl), target.valorBrl),
              beneficiarios: [
                { ...target, nascimento: w.nascimento, doencaGraveDesde: w.viaEquipe ? undefined : w.doenca, deficienciaDesde: undefined },
                ...others,
              ],
            },
            ...base.slice(1),
          ];
          const apps: ReturnType<typeof appOver>['app'][] = [];
          for (const [k, w] of [secret.a, secret.b].entries()) {
            const db = worldDbs[k]!;
            await seed(db, [ente], worldOf(w));
            const { app } = appOver(db);
            if (w.viaEquipe) {
              const res = await app.request(`/api/precatorios/${first.numero}/superpreferencias`, {
                method: 'POST',
                headers: staffHeaders,
                body: JSON.stringify({ beneficiarioId: target.id, motivo: 'doenca-grave', concedidaEm: w.doenca }),
              });
              expect(res.status, await res.text()).toBe(201);
            }
            apps.push(app);
          }
          const ask = async (path: string, init?: RequestInit) => {
            requests++;
            return Promise.all(
              apps.map(async (app) => {
                const res = await app.request(path, init);
                return `${res.status} ${comparable(await res.text())}`;
              }),
            );
          };
          const lookup = JSON.parse((await ask(`/api/precatorios/${encodeURIComponent(first.numero)}`))[0]!.slice(4)) as {
            precatorio: { beneficiarios: { id: string; cpf: string | null }[] };
          };
          const publicId = lookup.precatorio.beneficiarios.find((b) => b.cpf === maskCpf(target.cpf))!.id;
          const ctx = {
            pivots: secret.pivots,
            budgetYears: [...new Set(base.map((p) => Number(p.apresentacao.kind === 'registrada' ? p.apresentacao.apresentadoEm.slice(0, 4) : 2024) + 1))],
            numero: first.numero,
            publicId,
          };

          const differences: string[] = [];
          const compare = async (label: string, path: string, init?: RequestInit) => {
            const [a, b] = await ask(path, init);
            if (a !== b) differences.push(`${label}\n  mundo a: ${a!.slice(0, 240)}\n  mundo b: ${b!.slice(0, 240)}`);
          };
          for (const op of PUBLIC) {
            const fill = (numero: string) => op.template.replace('{id}', ente.id).replace('{numero}', encodeURIComponent(numero)).replace('{serie}', 'ipca_e');
            const targets = op.template.includes('{numero}') ? base.map((p) => p.numero) : [first.numero];
            if (op.method === 'GET') {
              for (const numero of targets) {
                await compare(`GET ${op.template}`, fill(numero));
                for (const slot of op.slots.filter((s) => s.in === 'query')) {
                  const values = valuesFor(slot.name, ctx);
                  if (values === undefined) throw new Error(`sem valores de bisseção para o parâmetro ${slot.name} de GET ${op.template}`);
                  for (const v of values)
                    await compare(`GET ${op.template} ${slot.name}=${String(v)}`, `${fill(numero)}?${slot.name}=${encodeURIComponent(String(v))}`);
                }
              }
              continue;
            }
            const baseline = { enteId: ente.id, de: RUN_DATE.slice(0, 7), financiamento: { tipo: 'deposito-mensal', valor: '20000.00' }, tamanho: 500 };
            const post = (body: object) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
            await compare(`POST ${op.template}`, op.template, post(baseline));
            for (const slot of op.slots.filter((s) => s.in === 'body' && !s.name.includes('.'))) {
              const values = valuesFor(slot.name, ctx);
              if (values === undefined) throw new Error(`sem valores de bisseção para o campo ${slot.name} de POST ${op.template}`);
              for (const v of values)
                await compare(
                  `POST ${op.template} ${slot.name}=${JSON.stringify(v)}`,
                  op.template,
                  post({ ...baseline, [slot.name]: v, ...(slot.name === 'de' ? { ate: addMonths(v as YearMonth, 36) } : {}) }),
                );
            }
          }
          expect(differences, `respostas públicas diferentes entre os dois mundos (${differences.length}):\n${differences.slice(0, 6).join('\n')}`).toEqual([]);

          // Control: with the staff token, the same bisection over the run date does tell the worlds apart.
          const staff = { headers: staffHeaders };
          const probes = secret.pivots.flatMap((d) => [d, shift(d, -1)]);
          const seen = await Promise.all(
            probes.map(async (d) => {
              const [a, b] = await Promise.all(
                apps.map(async (app) => (await app.request(`/api/precatorios/${encodeURIComponent(first.numero)}?data=${d}`, staff)).text()),
              );
              return comparable(a!) !== comparable(b!);
            }),
          );
          if (secret.kind !== 'motivo') expect(seen.some(Boolean), 'a equipe, com data, distingue os mundos (controle)').toBe(true);
        },
      ),
      { seed: 20251201, numRuns: 15, endOnFailure: true },
    );
    expect([...kinds.keys()].sort()).toEqual(['doenca', 'idade', 'motivo']);
    console.log(
      `inferência (diferencial, ${backend.name}): ${run} pares de mundos (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ${requests} pedidos públicos a cada mundo`,
    );
  }, 600_000);
});
