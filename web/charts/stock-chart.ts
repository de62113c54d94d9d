// Stacked bars of the stock by budget year and natureza: a function of data (design §14).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { brl, brlCompacto } from '../format.ts';
import { MSG } from '../messages.ts';
import type { StockSeries } from './stock-data.ts';

// Only what a stacked bar chart uses, so the bundle stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const reais = (cents: number[]) => cents.map((c) => c / 100);

export function renderStockChart(canvas: HTMLCanvasElement, series: StockSeries): Chart<'bar'> {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: series.anos.map(String),
      datasets: [
        { label: MSG.alimentar, data: reais(series.alimentar), backgroundColor: '#1f6f8b' },
        { label: MSG.comum, data: reais(series.comum), backgroundColor: '#e0a526' },
      ],
    },
    options: {
      // Drawn at once: nothing to watch move, and the browser test reads the pixels right after.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${brl((ctx.parsed.y ?? 0).toFixed(2))}` } },
      },
      scales: {
        x: { stacked: true, title: { display: true, text: 'Exercício orçamentário' } },
        y: { stacked: true, ticks: { callback: (v) => brlCompacto(Number(v)) } },
      },
    },
  });
}
