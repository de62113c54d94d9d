import { Dec } from '../domain/money.ts';
import type { PaymentDocument } from './payment-document.ts';

/** NM as read (R6.8 keeps the decimal; the JSON has it exact): up to 4 decimals. */
const months = (nm: string | null) => (nm === null ? '-' : new Dec(nm).toDecimalPlaces(4).toString());

/**
 * The payment document (R6.20) as rows of (section, field, value) — the one reading of the JSON the
 * CSV, the printable page and the CLI table share, so no format shows a figure another leaves out.
 */
export function paymentDocumentRows(d: PaymentDocument): [string, string, string][] {
  const id = d.identificacao;
  const rows: [string, string, string][] = [
    ['identificação', 'precatório', id.numero],
    ['identificação', 'processo de origem', id.processoOrigem ?? 'não registrado'],
    ['identificação', 'ente devedor', `${id.ente.nome} (${id.ente.id})`],
    ['identificação', 'natureza', id.natureza],
    ['identificação', 'ano de vencimento (orçamento)', id.orcamento === null ? '' : String(id.orcamento)],
    ['identificação', 'pagamento', `nº ${id.pagamento}, ${id.tipo}, em ${id.pagoEm}, registrado por ${id.registradoPor}`],
    ['beneficiário', 'identificador', d.beneficiario.id],
    ['beneficiário', 'nome', d.beneficiario.nome ?? 'não registrado'],
    ['beneficiário', 'CPF', d.beneficiario.cpf ?? 'não registrado'],
    ['beneficiário', 'titularidade', d.beneficiario.titularidade],
    ['base', 'data-base', d.base.dataBase ?? ''],
    ['base', 'mês da liquidação', d.base.mesDaLiquidacao ?? ''],
    ['base', 'devido na data', d.base.devido ?? ''],
    ['base', 'critério', d.base.criterio],
    ['valores', 'bruto', d.bruto],
  ];
  const comps = (section: string, c: PaymentDocument['componentes']) => {
    if (!c) return;
    rows.push(
      [section, 'principal', c.principal],
      [section, 'juros de mora', c.jurosMora],
      [section, 'SELIC', c.selic],
      [section, 'juros EC 136', c.jurosEc136],
      [section, 'total', c.total],
    );
  };
  comps('componentes pagos', d.componentes);
  rows.push(
    ['frações', 'percentual do devido', d.fracoes.percentualDoDevido === null ? '' : `${d.fracoes.percentualDoDevido} %`],
    ['frações', 'meses do RRA (este pagamento / ofício)', `${months(d.fracoes.mesesRraDoPagamento)} / ${months(d.fracoes.mesesRraDoOficio)}`],
  );
  if (d.retencoes) {
    rows.push(
      ['retenções', 'regime tributário', d.retencoes.regime],
      ['retenções', 'IRRF', d.retencoes.irrf],
      ['retenções', 'previdência', d.retencoes.previdencia],
      ['retenções', 'origem da previdência', d.retencoes.previdenciaOrigem],
    );
  } else rows.push(['retenções', 'situação', d.retencaoNaoRegistrada ?? '']);
  rows.push(['valores', 'líquido ao beneficiário', d.liquido ?? 'não calculado']);
  // R6.21: who receives what of the gross (lawyer, cessionário, juízo of a penhora, titular).
  const PAPEL = { titular: 'titular', 'advogado-contratual': 'advogado (contratuais)', cessionario: 'cessionário', 'juizo-penhora': 'juízo da penhora' };
  for (const l of d.linhas) {
    const who = [l.favorecido ?? 'não registrado', l.documento, l.referencia && `registro ${l.referencia}`, l.processo && `processo ${l.processo}`]
      .filter(Boolean)
      .join(', ');
    const money = `bruto ${l.bruto}, IRRF ${l.irrf}, líquido ${l.liquido}${l.remeterAoJuizo ? ', remeter ao juízo' : ''}`;
    rows.push(['favorecidos', PAPEL[l.papel], `${who}: ${money}`]);
  }
  comps('saldo remanescente', d.saldoRemanescente);
  for (const f of d.fundamentos) rows.push(['fundamentos', '', f]);
  for (const n of d.naoRegistrado) rows.push(['não registrado', '', n]);
  return rows;
}

/** CSV for Excel in pt-BR: `;` between cells, UTF-8 with BOM, formula-leading cells neutralised. */
export function paymentDocumentCsv(d: PaymentDocument): string {
  const cell = (c: string) => {
    const safe = /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
    return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [['seção', 'campo', 'valor'], ...paymentDocumentRows(d)].map((r) => r.map(cell).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const escapeHtml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A printable page (one table per section; no script, no external resource). */
export function paymentDocumentHtml(d: PaymentDocument): string {
  const sections = new Map<string, [string, string][]>();
  for (const [s, f, v] of paymentDocumentRows(d)) sections.set(s, [...(sections.get(s) ?? []), [f, v]]);
  const body = [...sections]
    .map(
      ([s, rows]) =>
        `<h2>${escapeHtml(s)}</h2>\n<table>\n${rows.map(([f, v]) => (f ? `<tr><th>${escapeHtml(f)}</th><td>${escapeHtml(v)}</td></tr>` : `<tr><td colspan="2">${escapeHtml(v)}</td></tr>`)).join('\n')}\n</table>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<title>Documento de pagamento — ${escapeHtml(d.identificacao.numero)} — pagamento ${escapeHtml(d.identificacao.pagamento)}</title>
<style>
body { font: 11pt/1.4 serif; margin: 2cm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { border: 1px solid #444; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { width: 35%; font-weight: normal; background: #eee; }
@media print { body { margin: 1cm; } }
</style>
</head>
<body>
<h1>Documento de pagamento (dados para alvará ou ordem de transferência)</h1>
<p>Contém dados pessoais do beneficiário: uso restrito da equipe (LGPD).</p>
${body}
</body>
</html>
`;
}
