// Hand-written horizontal bar charts, emitted from the JSON results (no numbers typed by hand).
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** rows: [{ label, value, note? }] (value null = not measured); ours is drawn in a darker colour. */
export function barChart({ title, unit, rows, log = false, ours = 'kronos', lowerIsBetter = false }) {
  const shown = rows.filter((r) => typeof r.value === 'number' && Number.isFinite(r.value));
  const missing = rows.filter((r) => !shown.includes(r));
  const W = 640, left = 150, right = 110, bar = 18, gap = 8, top = 44;
  const H = top + (shown.length + missing.length) * (bar + gap) + 24;
  const max = Math.max(...shown.map((r) => r.value), 1e-9);
  const min = Math.min(...shown.map((r) => r.value).filter((v) => v > 0), max);
  const lo = log ? Math.log10(min) - 0.3 : 0;
  const scale = (v) => {
    const span = W - left - right;
    if (!log) return (v / max) * span;
    return v <= 0 ? 0 : ((Math.log10(v) - lo) / (Math.log10(max) - lo)) * span;
  };
  const fmt = (v) => (Math.abs(v) >= 1e5 ? v.toExponential(2) : Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 100) / 100));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="10" y="18" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<text x="10" y="34" fill="#555">${esc(unit)}${log ? ' (log scale)' : ''}, ${lowerIsBetter ? 'lower' : 'higher'} is better</text>`,
  ];
  let y = top;
  for (const r of shown) {
    const w = Math.max(1, scale(r.value));
    out.push(`<text x="${left - 6}" y="${y + 13}" text-anchor="end">${esc(r.label)}</text>`);
    out.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${r.label === ours ? '#1f5fa8' : '#9bb7d4'}"/>`);
    out.push(`<text x="${left + w + 4}" y="${y + 13}">${esc(fmt(r.value))}${r.note ? ` ${esc(r.note)}` : ''}</text>`);
    y += bar + gap;
  }
  for (const r of missing) {
    out.push(`<text x="${left - 6}" y="${y + 13}" text-anchor="end" fill="#888">${esc(r.label)}</text>`);
    out.push(`<text x="${left}" y="${y + 13}" fill="#888">${esc(r.note ?? 'n/a')}</text>`);
    y += bar + gap;
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
