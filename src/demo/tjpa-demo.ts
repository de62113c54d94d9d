import { cpfCheckDigits } from '../domain/cpf.ts';
import { formatNumeroCnj } from '../domain/numero-cnj.ts';
import { PROJECT_COLUMNS } from '../import/project-format.ts';
import { type Random, seededRandom } from './random.ts';

/**
 * Seeded demo registry shaped like TJPA's: the seven debtors in regime especial that TJPA lists
 * (Estado do Pará, Aurora do Pará, Belém, Bom Jesus do Tocantins, Itupiranga, Quatipuru, Tucuruí)
 * and some large municipalities in regime geral. Sizes, values and dates are invented but
 * plausible: nothing here is a real person or a real precatório.
 */
interface DemoEnte {
  readonly id: string;
  readonly nome: string;
  readonly esfera: 'estadual' | 'municipal';
  readonly regime: 'geral' | 'especial';
  readonly size: number;
  readonly alimentarShare: number;
  /** Comarca code (OOOO of the CNJ number). */
  readonly origem: number;
}

export const TJPA_DEMO_ENTES: readonly DemoEnte[] = [
  { id: 'estado-do-para', nome: 'Estado do Pará', esfera: 'estadual', regime: 'especial', size: 2400, alimentarShare: 0.7, origem: 301 },
  { id: 'municipio-de-belem', nome: 'Município de Belém', esfera: 'municipal', regime: 'especial', size: 1100, alimentarShare: 0.6, origem: 301 },
  { id: 'municipio-de-tucurui', nome: 'Município de Tucuruí', esfera: 'municipal', regime: 'especial', size: 160, alimentarShare: 0.55, origem: 61 },
  { id: 'municipio-de-itupiranga', nome: 'Município de Itupiranga', esfera: 'municipal', regime: 'especial', size: 70, alimentarShare: 0.55, origem: 25 },
  {
    id: 'municipio-de-aurora-do-para',
    nome: 'Município de Aurora do Pará',
    esfera: 'municipal',
    regime: 'especial',
    size: 45,
    alimentarShare: 0.5,
    origem: 103,
  },
  {
    id: 'municipio-de-bom-jesus-do-tocantins',
    nome: 'Município de Bom Jesus do Tocantins',
    esfera: 'municipal',
    regime: 'especial',
    size: 35,
    alimentarShare: 0.5,
    origem: 72,
  },
  { id: 'municipio-de-quatipuru', nome: 'Município de Quatipuru', esfera: 'municipal', regime: 'especial', size: 25, alimentarShare: 0.5, origem: 139 },
  { id: 'municipio-de-ananindeua', nome: 'Município de Ananindeua', esfera: 'municipal', regime: 'geral', size: 320, alimentarShare: 0.55, origem: 6 },
  { id: 'municipio-de-santarem', nome: 'Município de Santarém', esfera: 'municipal', regime: 'geral', size: 260, alimentarShare: 0.55, origem: 51 },
  { id: 'municipio-de-maraba', nome: 'Município de Marabá', esfera: 'municipal', regime: 'geral', size: 210, alimentarShare: 0.5, origem: 28 },
  { id: 'municipio-de-parauapebas', nome: 'Município de Parauapebas', esfera: 'municipal', regime: 'geral', size: 160, alimentarShare: 0.5, origem: 40 },
  { id: 'municipio-de-castanhal', nome: 'Município de Castanhal', esfera: 'municipal', regime: 'geral', size: 130, alimentarShare: 0.5, origem: 15 },
];

export const DEMO_SEED = 20251123;

/** Rows of the project CSV format (one per beneficiary), header first. */
export function generateTjpaDemo(seed: number = DEMO_SEED, scale = 1): string[][] {
  const random = seededRandom(seed);
  const rows: string[][] = [[...PROJECT_COLUMNS]];
  let sequencial = 100000;
  for (const ente of TJPA_DEMO_ENTES) {
    const count = Math.max(1, Math.round(ente.size * scale));
    for (let i = 0; i < count; i++) {
      sequencial += random.int(1, 40);
      rows.push(...precatorioRows(ente, sequencial, random));
    }
  }
  return rows;
}

function precatorioRows(ente: DemoEnte, sequencial: number, random: Random): string[][] {
  // Regime especial stocks reach back to 2010; regime geral debtors pay in the budget year, so
  // their open stock is recent and older ones are mostly paid.
  const firstYear = ente.regime === 'especial' ? 2010 : 2019;
  const year = Math.min(2026, firstYear + Math.floor(Math.sqrt(random.next()) * (2027 - firstYear)));
  const month = year === 2026 ? random.int(1, 10) : random.int(1, 12);
  const day = random.int(1, 28);
  const apresentado = `${year}-${pad(month)}-${pad(day)} ${pad(random.int(8, 17))}:${pad(random.int(0, 59))}`;
  const expedicao = new Date(Date.UTC(year, month - 1, day - random.int(3, 60)));
  // Data-base from 07/2009 on: before it the juros are the title's own rate (R5.3, R5.7), which the
  // project CSV does not carry, so no lookup could show a corrected value (issue 16 §3).
  const drawnBase = Date.UTC(expedicao.getUTCFullYear(), expedicao.getUTCMonth() - random.int(1, 8), 1);
  const base = new Date(Math.max(drawnBase, Date.UTC(2009, 6, 1)));
  const numero = formatNumeroCnj(sequencial, expedicao.getUTCFullYear(), 8, 14, ente.origem);
  const natureza = random.chance(ente.alimentarShare) ? 'alimentar' : 'comum';
  const tributario = natureza === 'comum' && random.chance(0.12);
  const paidOff = ente.regime === 'geral' && year <= 2024 && random.chance(0.85);
  const status = paidOff ? 'pago' : random.chance(0.03) ? 'suspenso' : 'ativo';
  const creditors = random.chance(0.82) ? 1 : random.int(2, 5);
  // Integer cents, so the shares add up to the total exactly.
  const shares = Array.from({ length: creditors }, () => Math.max(150_000, Math.round(random.logNormal(natureza === 'alimentar' ? 45000 : 90000, 1.3) * 100)));
  const total = shares.reduce((a, b) => a + b, 0);
  return shares.map((share, index) => {
    const titularidade = random.chance(0.08) ? 'cessionario' : random.chance(0.05) ? 'herdeiro' : 'originario';
    const nascimento = `${random.int(1940, 1998)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
    const illness = random.chance(0.04) ? `${random.int(2012, 2026)}-${pad(random.int(1, 9))}-${pad(random.int(1, 28))}` : '';
    const disability = illness === '' && random.chance(0.02) ? `${random.int(2010, 2025)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}` : '';
    const shareText = cents(share);
    return [
      numero,
      ente.id,
      ente.nome,
      ente.esfera,
      ente.regime,
      natureza,
      tributario ? 'sim' : 'não',
      apresentado,
      isoDay(expedicao),
      isoDay(base).slice(0, 7),
      cents(total),
      status,
      `proc-${ente.origem}-${sequencial}`,
      `${numero}#${index + 1}`,
      `credor-${ente.origem}-${sequencial}-${index + 1}`,
      titularidade,
      shareText,
      paidOff ? shareText : '0.00',
      '0.00',
      nascimento,
      illness,
      disability,
      `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)} ${random.pick(LAST_NAMES)}`,
      fakeCpf(random),
    ];
  });
}

function cents(integerCents: number): string {
  return (integerCents / 100).toFixed(2);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// Invented people: common Brazilian names combined at random, CPFs with valid check digits.
const FIRST_NAMES = [
  'Maria',
  'José',
  'Ana',
  'João',
  'Antônia',
  'Francisco',
  'Raimunda',
  'Carlos',
  'Benedita',
  'Paulo',
  'Rosa',
  'Pedro',
  'Luzia',
  'Manoel',
  'Terezinha',
  'Raimundo',
];
const LAST_NAMES = [
  'da Silva',
  'dos Santos',
  'Pereira',
  'Ferreira',
  'Costa',
  'Rodrigues',
  'Almeida',
  'Nascimento',
  'Lima',
  'Sousa',
  'Barbosa',
  'Cardoso',
  'Monteiro',
  'Pinheiro',
];

function fakeCpf(random: Random): string {
  const firstNine = Array.from({ length: 9 }, () => random.int(0, 9)).join('');
  const t = `${firstNine}${cpfCheckDigits(firstNine)}`;
  return `${t.slice(0, 3)}.${t.slice(3, 6)}.${t.slice(6, 9)}-${t.slice(9)}`;
}
