import type { PartyWriteKind } from '../app/party-writes.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';
import { dateFlag } from './date-options.ts';
import type { Command } from './main.ts';
import { parseCommandArgs, usageError } from './output.ts';
import { withRegistry } from './with-registry.ts';

const HELP = `uso: precatorios partes cessao --numero N --cedente ID --fracao F --cessionario ID --instrumento escritura|particular
                                --lavrada-em D --protocolo-em D [--instrumento-ref T] [--cessionario-nome T] [--cessionario-cpf T]
       precatorios partes penhora --numero N --beneficiario ID --valor V --juizo T --processo T --averbada-em D [--ordem K]
       precatorios partes habilitacao --numero N --falecido ID --decidido-em D --herdeiro "id;credor;quinhão[;nascimento]" ...
  Quem mais recebe do crédito de um beneficiário (money-movements.md §6.4); cada registro trava o
  precatório, confere a versão (--versao, opcional), grava um evento e não move a posição (R2.8).
  Os mesmos registros da API (POST /api/precatorios/<número>/cessoes|penhoras|habilitacoes).
  cessao       cessão de uma fração do total original do cedente (0 < F ≤ 1, R6.16): o crédito fica
               com o cedente (impostos no regime dele, R6.13) e o cessionário recebe essa fração do
               líquido do titular a cada pagamento; sem superpreferência (CF art. 100 §13). O
               protocolo da comunicação ao Tribunal é a data de eficácia (§14).
  penhora      penhora até --valor sobre o crédito (R6.18): no pagamento, reservada do líquido do
               titular, na ordem do juízo, e remetida ao juízo penhorante.
  habilitacao  herdeiros habilitados no juízo de origem (R6.17): o saldo do falecido passa a eles
               pelos quinhões (soma 1); superpreferência só pela condição do próprio herdeiro (R3.2).
  Datas AAAA-MM-DD ou DD/MM/AAAA; valores em reais (1234.56); frações e quinhões com ponto (0.4).
`;

export const partesCommand: Command = {
  summary: 'registra cessão por fração, penhora ou habilitação de herdeiros (equipe)',
  help: () => HELP,
  async run(args) {
    const parsed = parseCommandArgs(args, {
      numero: { type: 'string' },
      versao: { type: 'string' },
      cedente: { type: 'string' },
      fracao: { type: 'string' },
      cessionario: { type: 'string' },
      'cessionario-nome': { type: 'string' },
      'cessionario-cpf': { type: 'string' },
      instrumento: { type: 'string' },
      'instrumento-ref': { type: 'string' },
      'lavrada-em': { type: 'string' },
      'protocolo-em': { type: 'string' },
      beneficiario: { type: 'string' },
      valor: { type: 'string' },
      juizo: { type: 'string' },
      processo: { type: 'string' },
      'averbada-em': { type: 'string' },
      ordem: { type: 'string' },
      falecido: { type: 'string' },
      'decidido-em': { type: 'string' },
      herdeiro: { type: 'string', multiple: true },
      ajuda: { type: 'boolean', short: 'h' },
    });
    if (!parsed.ok) return usage(parsed.message);
    const { values: v, positionals } = parsed.value;
    if (v.ajuda) {
      process.stderr.write(HELP);
      return 0;
    }
    const [action, ...extra] = positionals;
    if (extra.length > 0) return usage(`argumento(s) a mais: ${extra.join(' ')}`);
    const kind: PartyWriteKind | undefined =
      action === 'cessao' ? 'cessoes' : action === 'penhora' ? 'penhoras' : action === 'habilitacao' ? 'habilitacoes' : undefined;
    if (!kind) return usage(action === undefined ? 'informe o registro: cessao, penhora ou habilitacao' : `registro desconhecido: ${action}`);
    if (!v.numero) return usage('informe o precatório (--numero)');
    const dates = supportedDatesToday();
    // Dates in either form become the API's ISO text; every range and field is then checked by the API's schema.
    const date = (text: string | undefined, flag: string) => {
      if (text === undefined) return { ok: true as const, value: undefined };
      return dateFlag(text, flag, dates.registro);
    };
    const versao = v.versao === undefined ? undefined : /^\d{1,15}$/.test(v.versao) ? Number(v.versao) : Number.NaN;
    if (Number.isNaN(versao)) return usage(`--versao deve ser um inteiro positivo (recebido: ${v.versao})`);
    let body: Record<string, unknown>;
    if (kind === 'cessoes') {
      const lavrada = date(v['lavrada-em'], '--lavrada-em');
      const protocolo = date(v['protocolo-em'], '--protocolo-em');
      if (!lavrada.ok) return usage(lavrada.error);
      if (!protocolo.ok) return usage(protocolo.error);
      body = {
        cedenteId: v.cedente,
        fracao: v.fracao,
        cessionarioCredorId: v.cessionario,
        cessionarioNome: v['cessionario-nome'],
        cessionarioCpf: v['cessionario-cpf'],
        instrumento: v.instrumento,
        instrumentoRef: v['instrumento-ref'],
        lavradaEm: lavrada.value,
        data: protocolo.value,
      };
    } else if (kind === 'penhoras') {
      const averbada = date(v['averbada-em'], '--averbada-em');
      if (!averbada.ok) return usage(averbada.error);
      const ordem = v.ordem === undefined ? undefined : /^\d{1,4}$/.test(v.ordem) ? Number(v.ordem) : Number.NaN;
      if (Number.isNaN(ordem)) return usage(`--ordem deve ser um inteiro positivo (recebido: ${v.ordem})`);
      body = { beneficiarioId: v.beneficiario, valor: v.valor, juizo: v.juizo, processo: v.processo, averbadaEm: averbada.value, ordem };
    } else {
      const decidido = date(v['decidido-em'], '--decidido-em');
      if (!decidido.ok) return usage(decidido.error);
      const herdeiros: Record<string, unknown>[] = [];
      for (const text of v.herdeiro ?? []) {
        const [id, credorId, quinhao, nascimento, ...more] = text.split(';').map((t) => t.trim());
        if (!id || !credorId || !quinhao || more.length > 0) return usage(`--herdeiro "${text}": use "id;credor;quinhão[;nascimento]"`);
        const birth = nascimento ? dateFlag(nascimento, `--herdeiro ${id} (nascimento)`, dates.nascimento) : undefined;
        if (birth && !birth.ok) return usage(birth.error);
        herdeiros.push({ id, credorId, quinhao, ...(birth ? { nascimento: birth.value } : {}) });
      }
      body = { falecidoId: v.falecido, decididoEm: decidido.value, herdeiros };
    }
    // Absent flags are absent fields (the schema names the missing one).
    const clean = Object.fromEntries(Object.entries({ ...body, versao }).filter(([, x]) => x !== undefined));
    return withRegistry(async (registry) => {
      const r = await registry.partyWrite(kind, v.numero!, clean);
      process.stdout.write(
        `${action} registrada no precatório ${v.numero} (versão ${r.versao}, ${registry.via.kind === 'local' ? registry.kind : registry.via.url})\n`,
      );
      return 0;
    });
  },
};

const usage = (message: string): number => usageError(HELP, message);
