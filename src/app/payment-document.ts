import { z } from 'zod';
import type { IsoDate } from '../domain/dates.ts';
import { TAX_REGIMES, type TaxRegime } from '../domain/liquidation/index.ts';
import { budgetYearForTimestamp } from '../domain/rules/budget-year.ts';
import { PJ_REGIMES } from '../domain/rules/irrf.ts';
import { ruleInForce } from '../domain/rules/timeline.ts';
import { money } from '../domain/money.ts';
import type { Beneficiario } from '../domain/precatorio.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { findPrecatorio, getEnte } from '../storage/registry-store.ts';

/**
 * The payment document of one beneficiary's payment (money-movements.md R6.20: what an alvará or a
 * transfer order needs): identification, basis, components, fractions, withholdings, net, what stays
 * open and the legal basis — from the registry as written by the payment. Staff only: it carries the
 * beneficiary's name and CPF. What R6.20 asks and the registry does not hold is listed, not invented.
 */

/** R6.20 fields the registry does not hold (the court fills them in the alvará). */
export const NOT_REGISTERED = [
  'ente devedor: CNPJ e conta judicial do devedor',
  'juízo da execução e conta vinculada ao precatório',
  'dados bancários do beneficiário (banco, agência, conta, tipo de conta)',
  'guia do IR: documento (DAE/DAM/DARF) e código de receita (R6.6, irCollector [UNC])',
  'órgão previdenciário: CNPJ e conta de recolhimento (R6.12)',
  'índices e fatores por segmento da correção (memória: precatorios corrigir ou GET /api/precatorios/:numero)',
] as const;

const cents = z.string().regex(/^\d+\.\d{2}$/);
const components = z.object({ principal: cents, jurosMora: cents, selic: cents, jurosEc136: cents, total: cents });

/** The document's contract: the API answers it, the CLI reads it back through a server and renders it. */
export const paymentDocumentSchema = z.object({
  documento: z.literal('documento-de-pagamento'),
  identificacao: z.object({
    numero: z.string(),
    processoOrigem: z.string().nullable(),
    ente: z.object({ id: z.string(), nome: z.string() }),
    natureza: z.enum(['alimentar', 'comum']),
    orcamento: z.number().int().nullable(),
    pagamento: z.string(),
    tipo: z.enum(['cronologica', 'superpreferencia', 'acordo']),
    pagoEm: z.string(),
    registradoPor: z.string(),
  }),
  beneficiario: z.object({ id: z.string(), nome: z.string().nullable(), cpf: z.string().nullable(), titularidade: z.string() }),
  base: z.object({ dataBase: z.string().nullable(), mesDaLiquidacao: z.string().nullable(), devido: cents.nullable(), criterio: z.string() }),
  bruto: cents,
  componentes: components.nullable(),
  fracoes: z.object({ percentualDoDevido: z.string().nullable(), mesesRraDoPagamento: z.string().nullable(), mesesRraDoOficio: z.string().nullable() }),
  retencoes: z
    .object({ regime: z.enum(TAX_REGIMES as [TaxRegime, ...TaxRegime[]]), irrf: cents, previdencia: cents, previdenciaOrigem: z.string() })
    .nullable(),
  retencaoNaoRegistrada: z.string().nullable(),
  liquido: cents.nullable(),
  /**
   * R6.20/R6.21: to whom the gross goes (titular, lawyer of the contratuais, cessionário, juízo of a
   * penhora), one line per favorecido as the payment wrote them (payment_lines, migration 0011);
   * empty when the titular alone is paid (then `liquido` is the titular's).
   */
  linhas: z.array(
    z.object({
      papel: z.enum(['titular', 'advogado-contratual', 'cessionario', 'juizo-penhora']),
      favorecido: z.string().nullable(),
      documento: z.string().nullable(),
      referencia: z.string().nullable(),
      processo: z.string().nullable(),
      bruto: cents,
      irrf: cents,
      liquido: cents,
      remeterAoJuizo: z.boolean(),
    }),
  ),
  saldoRemanescente: components.nullable(),
  fundamentos: z.array(z.string()),
  naoRegistrado: z.array(z.string()),
});
export type PaymentDocument = z.infer<typeof paymentDocumentSchema>;

interface PaymentRow {
  beneficiario_id: string;
  paid_on: string;
  amount: string;
  kind: PaymentDocument['identificacao']['tipo'];
  actor: string;
  calc_month: string | null;
  owed: string | null;
  principal: string | null;
  juros_mora: string | null;
  selic: string | null;
  juros_ec136: string | null;
  open_principal: string | null;
  open_juros_mora: string | null;
  open_selic: string | null;
  open_juros_ec136: string | null;
  tax_regime: TaxRegime | null;
  rra_months: string | null;
  irrf: string | null;
  previdencia: string | null;
  net: string | null;
}

/** IR basis per regime (R6.7–R6.10), as TJAP's alvará prints its notes. */
const IR_BASIS: Record<TaxRegime, string> = {
  PF_RRA:
    'IRRF sobre rendimentos recebidos acumuladamente: tabela progressiva mensal × número de meses (Lei 7.713/1988 art. 12-A; IN RFB 1.500/2014); na remuneração de servidor (com vínculo) juros de mora, juros EC 136 e SELIC ficam fora da base (STF Tema 808) — R6.8, R6.10',
  PF_TABELA: 'IRRF pela tabela progressiva do mês do pagamento (Lei 8.541/1992 art. 46; Lei 7.713/1988 art. 12-B) — R6.7, R6.9',
  ISENTO: 'sem IRRF: natureza indenizatória, moléstia grave (Lei 7.713/1988 art. 6º XIV) ou outra isenção documentada no registro — R6.7',
  PJ_SERVICOS: 'IRRF de 1,5 % sobre o bruto (RIR/2018, Decreto 9.580/2018, art. 714 §1º II) — R6.7',
  PJ_CESSAO: 'IRRF de 1 % sobre o bruto (cessão de mão de obra) — R6.7',
  PJ_LUCRO: 'IRRF de 5 % sobre juros e lucros cessantes por decisão judicial (Lei 8.981/1995 art. 60; RIR/2018) — R6.7',
  PJ_SIMPLES: 'sem IRRF: optante do Simples Nacional, com certidão do ano (TJPR-IN171 art. 8º §4º) — R6.7',
};

const pct = (part: string, whole: string) => (money(whole).isZero() ? null : money(part).times(100).dividedBy(money(whole)).toFixed(4));

export async function paymentDocument(db: Db, numero: string, paymentId: string, rules: RuleBook): Promise<PaymentDocument> {
  // The id is not echoed: an answer repeats nothing it was sent (test/api/injection.test.ts).
  if (!/^\d{1,18}$/.test(paymentId))
    throw new StoreError('invalido', 'pagamento', 'identificador de pagamento inválido: use o número do pagamento (só algarismos)');
  const found = await findPrecatorio(db, numero);
  if (!found) throw new StoreError('nao-encontrado', 'numero', `precatório ${numero} não encontrado`);
  const { rows } = await db.query<PaymentRow>(
    `select beneficiario_id, paid_on::text as paid_on, amount::text as amount, kind, actor, calc_month, owed::text as owed,
       principal::text as principal, juros_mora::text as juros_mora, selic::text as selic, juros_ec136::text as juros_ec136,
       open_principal::text as open_principal, open_juros_mora::text as open_juros_mora, open_selic::text as open_selic,
       open_juros_ec136::text as open_juros_ec136, tax_regime, rra_months::text as rra_months, irrf::text as irrf,
       previdencia::text as previdencia, net::text as net
     from payments where id = $1 and precatorio_numero = $2`,
    [paymentId, numero],
  );
  const row = rows[0];
  if (!row) throw new StoreError('nao-encontrado', 'pagamento', `pagamento ${paymentId} não encontrado no precatório ${numero}`);
  const p = found.precatorio;
  const b = p.beneficiarios.find((x) => x.id === row.beneficiario_id);
  const ente = await getEnte(db, p.enteId);
  const paidOn = row.paid_on as IsoDate;
  const liquidated = row.calc_month !== null;
  const sum = (...xs: (string | null)[]) => xs.reduce((acc, x) => acc.plus(money(x ?? '0')), money('0')).toFixed(2);
  const componentsOf = (c: [string | null, string | null, string | null, string | null]) =>
    liquidated ? { principal: c[0]!, jurosMora: c[1]!, selic: c[2]!, jurosEc136: c[3]!, total: sum(...c) } : null;
  const previdenciaOrigem = b?.tax?.previdenciaIndicadaBrl
    ? `indicada no ofício (${b.tax.previdenciaIndicadaBrl.toFixed(2)} na data-base), atualizada como o principal (R6.12)`
    : b?.tax?.previdenciaRegime
      ? `alíquota do regime ${b.tax.previdenciaRegime} (data/rules/previdencia-rates.csv, R6.12)`
      : 'nenhuma';
  const fundamentos = [
    'valor devido na data: correção desde a data-base menos os pagamentos anteriores corrigidos (A − B, correction.md R5.15, R5.17; money-movements.md R6.1)',
    'pagamento parcial extingue a mesma fração de cada componente (R6.3, PRO_RATA)',
  ];
  if (row.kind === 'superpreferencia')
    fundamentos.push('parcela superpreferencial até 3× (regime geral) ou 5× (regime especial) o teto de RPV (Res. CNJ 303/2019 arts. 9º e 74; R6.5)');
  if (row.tax_regime) {
    fundamentos.push(IR_BASIS[row.tax_regime]);
    const table = (PJ_REGIMES as readonly string[]).includes(row.tax_regime)
      ? ruleInForce(rules.tax.pjRates[row.tax_regime as (typeof PJ_REGIMES)[number]], paidOn)
      : row.tax_regime === 'ISENTO'
        ? undefined
        : ruleInForce(rules.tax.irrfMonthly, paidOn);
    if (table) fundamentos.push(`tabela aplicada (vigente desde ${table.validFrom}): ${table.legalBasis}`);
    if (!money(row.previdencia ?? '0').isZero()) fundamentos.push(`previdência: ${previdenciaOrigem}`);
    fundamentos.push('IR retido pertence ao ente devedor (CF arts. 157 I e 158 I; TJPR-IN171 art. 8º §5º; R6.6); tributos seguem o regime do titular (R6.13)');
  }
  const linhas = await paymentLinesOf(db, paymentId, b);
  if (linhas.length > 0)
    fundamentos.push(
      'linhas por favorecido (R6.21): honorários contratuais destacados com o IRRF do advogado (R6.14), cessionários pela fração do líquido do titular (R6.16), penhoras até o limite, remetidas ao juízo (R6.18)',
    );
  const apresentacao = p.apresentacao;
  return {
    documento: 'documento-de-pagamento',
    identificacao: {
      numero: p.numero,
      processoOrigem: p.processoOrigem ?? null,
      ente: { id: p.enteId, nome: ente?.ente.nome ?? p.enteId },
      natureza: p.natureza,
      orcamento: apresentacao.kind === 'registrada' ? budgetYearForTimestamp(apresentacao.apresentadoEm, rules.budgetYearRules) : apresentacao.budgetYear,
      pagamento: paymentId,
      tipo: row.kind,
      pagoEm: row.paid_on,
      registradoPor: row.actor,
    },
    beneficiario: { id: row.beneficiario_id, nome: b?.nome ?? null, cpf: b?.cpf ?? null, titularidade: b?.titularidade ?? 'originario' },
    base: {
      dataBase: p.dataBase ?? null,
      mesDaLiquidacao: row.calc_month,
      devido: row.owed,
      criterio: liquidated
        ? 'liquidação na data do pagamento: correção e juros conforme correction.md R5.17 (EC 113/2021, EC 136/2025)'
        : 'pagamento pelo valor de face, sem liquidação na data',
    },
    bruto: row.amount,
    componentes: componentsOf([row.principal, row.juros_mora, row.selic, row.juros_ec136]),
    fracoes: {
      percentualDoDevido: row.owed ? pct(row.amount, row.owed) : null,
      mesesRraDoPagamento: row.rra_months,
      mesesRraDoOficio: b?.tax?.rraMonths?.toString() ?? null,
    },
    retencoes: row.tax_regime ? { regime: row.tax_regime, irrf: row.irrf!, previdencia: row.previdencia!, previdenciaOrigem } : null,
    retencaoNaoRegistrada: row.tax_regime
      ? null
      : liquidated
        ? 'retenção não registrada neste pagamento (fatos tributários do beneficiário não informados: regime ou NM, R6.7–R6.8)'
        : 'retenção não calculada: pagamento pelo valor de face, sem liquidação na data',
    liquido: row.net,
    linhas,
    saldoRemanescente: componentsOf([row.open_principal, row.open_juros_mora, row.open_selic, row.open_juros_ec136]),
    fundamentos,
    naoRegistrado: [...NOT_REGISTERED],
  };
}

interface LineRow {
  papel: PaymentDocument['linhas'][number]['papel'];
  cessao_id: string | null;
  penhora_id: string | null;
  bruto: string;
  irrf: string;
  liquido: string;
  remeter_ao_juizo: boolean;
  cessionario_id: string | null;
  cessionario_nome: string | null;
  cessionario_cpf: string | null;
  juizo: string | null;
  processo: string | null;
}

/** The payment's lines with who receives each (staff document: names and documents unmasked). */
async function paymentLinesOf(db: Db, paymentId: string, b: Beneficiario | undefined): Promise<PaymentDocument['linhas']> {
  const { rows } = await db.query<LineRow>(
    `select l.papel, l.cessao_id::text as cessao_id, l.penhora_id::text as penhora_id, l.bruto::text as bruto, l.irrf::text as irrf,
       l.liquido::text as liquido, l.remeter_ao_juizo, c.cessionario_id, c.cessionario_nome, c.cessionario_cpf, h.origem as juizo, h.processo
     from payment_lines l left join cessoes c on c.id = l.cessao_id left join penhoras h on h.id = l.penhora_id
     where l.payment_id = $1 order by l.line_no`,
    [paymentId],
  );
  return rows.map((r) => {
    const who =
      r.papel === 'titular'
        ? { favorecido: b?.nome ?? null, documento: b?.cpf ?? null, referencia: null, processo: null }
        : r.papel === 'advogado-contratual'
          ? { favorecido: b?.contratuais?.advogado.nome ?? null, documento: b?.contratuais?.advogado.documento ?? null, referencia: null, processo: null }
          : r.papel === 'cessionario'
            ? { favorecido: r.cessionario_nome ?? r.cessionario_id, documento: r.cessionario_cpf, referencia: r.cessao_id, processo: null }
            : { favorecido: r.juizo, documento: null, referencia: r.penhora_id, processo: r.processo };
    return { papel: r.papel, ...who, bruto: r.bruto, irrf: r.irrf, liquido: r.liquido, remeterAoJuizo: r.remeter_ao_juizo };
  });
}
