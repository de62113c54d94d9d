// Projected payments: bars of the amount paid per year and lines of the stock left at year end,
// baseline and scenario side by side. A function of data (design §14).
import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { brl, brlCompacto } from '../format.ts';
import { MSG } from '../messages.ts';
import type { ProjectionSeries } from './projection-data.ts';

// Bars and lines, their axes, legend and tooltip: nothing else.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

const reais = (cents: readonly (number | null)[]) => cents.map((c) => (c === null ? null : c / 100));

export function renderProjectionChart(canvas: HTMLCanvasElement, s: ProjectionSeries): Chart<'bar' | 'line', (number | null)[], string> {
  const datasets = [
    { type: 'bar' as const, label: MSG.projecao.pagoBase, data: reais(s.pagoBase), backgroundColor: '#1f6f8b', yAxisID: 'y', order: 2 },
    ...(s.pagoCenario
      ? [{ type: 'bar' as const, label: MSG.projecao.pagoCenario, data: reais(s.pagoCenario), backgroundColor: '#e0a526', yAxisID: 'y', order: 2 }]
      : []),
    {
      type: 'line' as const,
      label: MSG.projecao.estoqueBase,
      data: reais(s.estoqueBase),
      borderColor: '#0b3d4f',
      backgroundColor: '#0b3d4f',
      yAxisID: 'y1',
      order: 1,
      tension: 0,
    },
    ...(s.estoqueCenario
      ? [
          {
            type: 'line' as const,
            label: MSG.projecao.estoqueCenario,
            data: reais(s.estoqueCenario),
            borderColor: '#a05a00',
            backgroundColor: '#a05a00',
            borderDash: [6, 4],
            yAxisID: 'y1',
            order: 1,
            tension: 0,
          },
        ]
      : []),
  ];
  return new Chart<'bar' | 'line', (number | null)[], string>(canvas, {
    type: 'bar',
    data: { labels: s.anos.map(String), datasets },
    options: {
      // Drawn at once: the browser test reads the pixels right after.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${brl((ctx.parsed.y ?? 0).toFixed(2))}` } },
      },
      scales: {
        x: { title: { display: true, text: 'Ano' } },
        y: { position: 'left', beginAtZero: true, title: { display: true, text: MSG.projecao.eixoPago }, ticks: { callback: (v) => brlCompacto(Number(v)) } },
        y1: {
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          title: { display: true, text: MSG.projecao.eixoEstoque },
          ticks: { callback: (v) => brlCompacto(Number(v)) },
        },
      },
    },
  });
}
