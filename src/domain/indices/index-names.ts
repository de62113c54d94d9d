/**
 * The monthly series the correction engine knows, by the file name used in folder imports
 * (`ipca_e.csv`, …) and in the store. Every series is stored as published: percent per month
 * (`ratePct`, e.g. 0.57 = 0,57 % a.m.). Fractions (`rateFraction`, 0.0057) appear only where a
 * source publishes them (the TJAP poupança table) and are converted at the edge (design §4).
 */
export const INDEX_NAMES = ['ipca_e', 'ipca', 'selic', 'tr', 'poupanca', 'inpc', 'juros_poupanca'] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

export function isIndexName(text: string): text is IndexName {
  return (INDEX_NAMES as readonly string[]).includes(text);
}

/** Human label for memory lines and CLI output. */
export const INDEX_LABELS: Readonly<Record<IndexName, string>> = {
  ipca_e: 'IPCA-E',
  ipca: 'IPCA',
  selic: 'SELIC',
  tr: 'TR',
  poupanca: 'poupança',
  inpc: 'INPC',
  juros_poupanca: 'juros poupança',
};
