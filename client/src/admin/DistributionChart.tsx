import { useTranslation } from 'react-i18next';

/**
 * Ten bars in plain SVG: a chart library would add far more to the admin bundle than this needs,
 * and SVG prints and scales without a canvas.
 */
export function DistributionChart({ bins, passBin = 6 }: { bins: number[]; passBin?: number }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...bins);
  const w = 40;
  const h = 140;
  return (
    <svg viewBox={`0 0 ${bins.length * w + 30} ${h + 40}`} width="100%" style={{ maxWidth: 520 }} role="img" aria-label={t('grading.analysis.chartLabel')} data-testid="distribution-chart">
      {bins.map((count, i) => {
        const barH = (count / max) * h;
        const x = 30 + i * w;
        return (
          <g key={i}>
            <rect x={x + 4} y={h - barH + 10} width={w - 8} height={barH} fill={i >= passBin ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-gray-5)'}>
              <title>{t('grading.analysis.bin', { from: i * 10, to: i === 9 ? 100 : i * 10 + 9, count })}</title>
            </rect>
            <text x={x + w / 2} y={h - barH + 6} fontSize="10" textAnchor="middle">
              {count}
            </text>
            <text x={x + w / 2} y={h + 24} fontSize="10" textAnchor="middle">
              {i * 10}
            </text>
          </g>
        );
      })}
      <line x1={28} y1={h + 10} x2={30 + bins.length * w} y2={h + 10} stroke="currentColor" strokeWidth={0.5} />
    </svg>
  );
}
