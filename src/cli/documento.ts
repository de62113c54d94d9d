import { paymentDocumentCsv, paymentDocumentHtml, paymentDocumentRows } from '../app/payment-document-render.ts';
import type { Command } from './main.ts';
import { parseCommandArgs, usageError, renderTable } from './output.ts';
import { withRegistry } from './with-registry.ts';

const HELP = `uso: precatorios documento <numero> --pagamento <id> [--formato texto|json|csv|html]
  Documento de pagamento de um beneficiário (R6.20: o que o alvará ou a ordem de transferência
  precisa): precatório, beneficiário (nome e CPF), bruto, componentes, frações, retenções (IRRF e
  previdência), líquido, saldo remanescente e fundamentos legais; e a lista do que o registro não
  guarda (conta judicial, dados bancários, guias). O número do pagamento está na resposta do
  pagamento e na saída de "pagar --formato json" (campo pagamento).
  Contém dados pessoais: só para a equipe.
  --formato   texto (padrão), json, csv (separado por ";", UTF-8 com BOM, para o Excel) ou html
              (página para imprimir)
`;

export const documentoCommand: Command = {
  summary: 'documento de pagamento de um beneficiário (dados do alvará, com retenções)',
  help: () => HELP,
  async run(args) {
    const parsed = parseCommandArgs(args, { pagamento: { type: 'string' }, formato: { type: 'string', default: 'texto' } });
    if (!parsed.ok) return usage(parsed.message);
    const { values, positionals } = parsed.value;
    const numero = positionals[0];
    if (!numero || positionals.length > 1) return usage('informe um número de precatório');
    if (!values.pagamento) return usage('informe o pagamento (--pagamento <id>)');
    const formato = values.formato;
    if (formato !== 'texto' && formato !== 'json' && formato !== 'csv' && formato !== 'html')
      return usage(`--formato deve ser texto, json, csv ou html (recebido: ${formato})`);
    const pagamento = values.pagamento;
    return withRegistry(async (registry) => {
      const doc = await registry.paymentDocument(numero, pagamento);
      const out =
        formato === 'json'
          ? `${JSON.stringify(doc, null, 2)}\n`
          : formato === 'csv'
            ? paymentDocumentCsv(doc)
            : formato === 'html'
              ? paymentDocumentHtml(doc)
              : `Documento de pagamento — ${doc.identificacao.numero}, pagamento ${doc.identificacao.pagamento}\n\n${renderTable(['seção', 'campo', 'valor'], paymentDocumentRows(doc))}`;
      process.stdout.write(out);
      return 0;
    });
  },
};

const usage = (message: string): number => usageError(HELP, message);
