import { parseArgs } from 'node:util';
import { isoDate } from '../domain/dates.ts';
import { describeFolderError, importIndexFolder } from '../indices/folder.ts';
import { DEFAULT_SGS_BASE_URL, SGS_CODES, SGS_SERIES, type SgsSeriesName, describeSyncError, syncFromSgs } from '../indices/sgs.ts';
import { describeRevisions } from '../domain/indices/series.ts';
import type { IndexStore } from '../indices/store.ts';
import { todayInCourt } from '../shell/environment.ts';
import { withRegistry } from './with-registry.ts';
import type { Command } from './main.ts';
import { inputProblem, renderTable } from './output.ts';

const HELP = `uso: precatorios indices importar <pasta> [--aceitar-revisoes]
       precatorios indices sincronizar [--base-url URL] [--series ipca_e,selic,…] [--data AAAA-MM-DD] [--aceitar-revisoes]
       precatorios indices listar
  Um registro novo já usa o snapshot de índices que vem com o produto (data/indices, MANIFEST.json:
  fonte e último mês de cada série); o que se importa ou sincroniza fica no registro e vale sobre ele.
  importar     lê os CSV month,rate_pct da pasta (ipca_e, ipca, selic, tr, poupanca, inpc e, se houver,
               juros_poupanca); valida todos antes de gravar; junta aos meses já em uso.
  sincronizar  pede ao SGS do Banco Central todos os meses do período necessário (IPCA-E 10764,
               IPCA 433, SELIC 4390, TR 7811, poupança 195, INPC 188): traz os novos e preenche lacunas
               (meses antes do primeiro gravado, p.ex. TR), e deriva os juros da poupança que faltarem.
               URL base: --base-url, ou PRECATORIOS_SGS_URL, ou ${DEFAULT_SGS_BASE_URL}.
  --aceitar-revisoes  um mês já gravado que a fonte publica hoje com outro valor (revisão) é listado
               e nada é gravado; com esta opção, os valores revistos são gravados.
  As séries ficam no registro (tabela index_series): PostgreSQL se DATABASE_URL, senão .data/pglite.
`;

export const indicesCommand: Command = {
  summary: 'importa (pasta) ou sincroniza (BCB SGS) as séries de índices',
  help: () => HELP,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'base-url': { type: 'string' },
        series: { type: 'string' },
        data: { type: 'string' },
        'aceitar-revisoes': { type: 'boolean', default: false },
      },
    });
    const [action, folder] = positionals;
    if (action === undefined) {
      process.stderr.write(HELP);
      return 64;
    }
    // A mistyped folder is said before the registry is opened (nothing created, nothing locked).
    const problem = action === 'importar' && folder !== undefined ? inputProblem(folder, 'pasta') : undefined;
    if (problem) {
      process.stderr.write(`erro: ${problem}\n`);
      return 1;
    }
    return withRegistry((registry) => runAction(action, folder, values, registry.indexStore()));
  },
};

async function runAction(
  action: string,
  folder: string | undefined,
  values: { 'base-url'?: string | undefined; series?: string | undefined; data?: string | undefined; 'aceitar-revisoes'?: boolean | undefined },
  store: IndexStore,
): Promise<number> {
  if (action === 'importar') {
    if (folder === undefined) throw new Error('indices importar: informe a pasta');
    const result = await importIndexFolder(folder, store, { acceptRevisions: values['aceitar-revisoes'] === true });
    if (!result.ok) {
      process.stderr.write(`nada gravado; ${result.error.length} problema(s):\n${result.error.map((e) => `  ${describeFolderError(e)}\n`).join('')}`);
      return 1;
    }
    process.stdout.write(`importadas ${result.value.series.length} série(s) de ${folder} para o registro\n`);
    process.stdout.write(
      renderTable(
        ['série', 'de', 'até', 'meses'],
        result.value.series.map((s) => [s.name, s.firstMonth, s.lastMonth, String(s.ratesPct.length)]),
      ),
    );
    return 0;
  }
  if (action === 'sincronizar') {
    const series =
      values.series === undefined
        ? SGS_SERIES
        : values.series
            .split(',')
            .map((s) => s.trim())
            .map(sgsName);
    const baseUrl = values['base-url'] ?? process.env['PRECATORIOS_SGS_URL'] ?? DEFAULT_SGS_BASE_URL;
    const today = values.data === undefined ? todayInCourt() : isoDate(values.data);
    const result = await syncFromSgs(store, {
      baseUrl,
      today,
      series,
      acceptRevisions: values['aceitar-revisoes'] === true,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    if (!result.ok) {
      process.stderr.write(`erro: ${describeSyncError(result.error)} (nada gravado)\n`);
      return 1;
    }
    process.stdout.write(
      renderTable(
        ['série', 'meses novos', 'lacunas preenchidas', 'último mês'],
        result.value.added.map((a) => [a.name, String(a.months), String(a.filled), a.lastMonth ?? '—']),
      ),
    );
    if (result.value.revised.length > 0) process.stdout.write(`revisões aceitas: ${describeRevisions(result.value.revised, Number.POSITIVE_INFINITY)}\n`);
    for (const s of result.value.skipped) process.stdout.write(`  ${s.name}: não derivada (${s.reason})\n`);
    return 0;
  }
  if (action === 'listar') {
    const rows: string[][] = [];
    for (const name of await store.names()) {
      const s = (await store.get(name))!;
      rows.push([name, s.firstMonth, s.lastMonth, String(s.ratesPct.length), (await store.origin?.(name)) ?? '—']);
    }
    process.stdout.write(rows.length === 0 ? 'nenhuma série no registro\n' : renderTable(['série', 'de', 'até', 'meses', 'origem'], rows));
    return 0;
  }
  throw new Error(`indices: ação desconhecida "${action}" (importar, sincronizar, listar)`);
}

function sgsName(text: string): SgsSeriesName {
  if (!(text in SGS_CODES)) throw new Error(`--series: série desconhecida "${text}" (${SGS_SERIES.join(', ')})`);
  return text as SgsSeriesName;
}
