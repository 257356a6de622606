/** A grouped bar chart as a self-contained SVG, for the benchmark report. */
export interface BarChart {
  title: string;
  yLabel: string;
  series: { name: string; color: string }[];
  /** One group per label, with one value per series (in the order of `series`). */
  groups: { label: string; values: number[] }[];
}

const WIDTH = 960;
const HEIGHT = 420;
const MARGIN = { top: 50, right: 20, bottom: 70, left: 70 };

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round number a little above the maximum, so the axis ends on a tick. */
function axisMax(max: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(max, 1)));
  return Math.ceil(max / magnitude) * magnitude;
}

export function barChartSvg(chart: BarChart): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = axisMax(Math.max(...chart.groups.flatMap((group) => group.values)));
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const groupWidth = plotWidth / chart.groups.length;
  const barWidth = (groupWidth * 0.8) / chart.series.length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(chart.title)}</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`,
  ];
  for (let tick = 0; tick <= 5; tick++) {
    const value = (top / 5) * tick;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${y(value) + 4}" text-anchor="end">${Math.round(value)}</text>`,
    );
  }
  chart.groups.forEach((group, g) => {
    const x0 = MARGIN.left + g * groupWidth + groupWidth * 0.1;
    group.values.forEach((value, s) => {
      const x = x0 + s * barWidth;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(MARGIN.top + plotHeight - y(value)).toFixed(1)}" fill="${chart.series[s]!.color}"><title>${escapeXml(`${chart.series[s]!.name}, ${group.label}: ${value}`)}</title></rect>`,
      );
    });
    const [first, ...rest] = group.label.split('\n');
    parts.push(
      `<text x="${(x0 + groupWidth * 0.4).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${escapeXml(first!)}</text>`,
    );
    for (const [i, line] of rest.entries())
      parts.push(
        `<text x="${(x0 + groupWidth * 0.4).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 30 + i * 14}" text-anchor="middle" fill="#555">${escapeXml(line)}</text>`,
      );
  });
  chart.series.forEach((series, s) => {
    const x = MARGIN.left + s * 250;
    parts.push(
      `<rect x="${x}" y="${HEIGHT - 22}" width="12" height="12" fill="${series.color}"/>`,
      `<text x="${x + 18}" y="${HEIGHT - 12}">${escapeXml(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
