// A small hand-written SVG line plot for ROC curves (no plotting dependency). Pure: data in, SVG text out.
// Log or linear x axis, linear y axis, several series, optional marked operating points.

export interface PlotPoint {
  x: number;
  y: number;
}

export interface PlotSeries {
  label: string;
  points: readonly PlotPoint[];
  colour: string;
  dashed?: boolean;
}

export interface PlotMarker extends PlotPoint {
  label: string;
}

export interface PlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly PlotSeries[];
  markers?: readonly PlotMarker[];
  /** Log10 x axis (FAR); points with x <= 0 are drawn at xMin. */
  logX?: boolean;
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  width?: number;
  height?: number;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

/**
 * Keeps a point only when it moved visibly from the last kept one (more than `dx` in plot x units —
 * log10 for a log axis — or more than `dy` in y). The first and last points are always kept.
 */
export function decimate(points: readonly PlotPoint[], dx: number, dy: number, logX: boolean): PlotPoint[] {
  if (points.length <= 2) return [...points];
  const tx = (x: number) => (logX ? Math.log10(Math.max(x, 1e-12)) : x);
  const out: PlotPoint[] = [points[0]!];
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    const last = out[out.length - 1]!;
    if (Math.abs(tx(p.x) - tx(last.x)) > dx || Math.abs(p.y - last.y) > dy) out.push(p);
  }
  out.push(points[points.length - 1]!);
  return out;
}

export function linePlotSvg(o: PlotOptions): string {
  const W = o.width ?? 640;
  const H = o.height ?? 480;
  const m = { l: 64, r: 16, t: 40, b: 52 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const logX = !!o.logX;
  const xMin = o.xMin ?? (logX ? 1e-4 : 0);
  const xMax = o.xMax ?? 1;
  const yMin = o.yMin ?? 0;
  const yMax = o.yMax ?? 1;
  const tx = (x: number) => (logX ? Math.log10(Math.max(x, xMin)) : x);
  const X = (x: number) => m.l + ((tx(Math.min(Math.max(x, xMin), xMax)) - tx(xMin)) / (tx(xMax) - tx(xMin))) * pw;
  const Y = (y: number) => m.t + (1 - (Math.min(Math.max(y, yMin), yMax) - yMin) / (yMax - yMin)) * ph;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(o.title)}</text>`);

  // Grid and ticks.
  const xTicks: number[] = [];
  if (logX) for (let e = Math.ceil(Math.log10(xMin)); e <= Math.floor(Math.log10(xMax)); e++) xTicks.push(10 ** e);
  else for (let k = 0; k <= 5; k++) xTicks.push(xMin + ((xMax - xMin) * k) / 5);
  const yTicks: number[] = [];
  for (let k = 0; k <= 5; k++) yTicks.push(yMin + ((yMax - yMin) * k) / 5);
  for (const t of xTicks) {
    const x = fmt(X(t));
    const label = logX ? `1e${Math.round(Math.log10(t))}` : String(Math.round(t * 1000) / 1000);
    parts.push(`<line x1="${x}" y1="${m.t}" x2="${x}" y2="${m.t + ph}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${x}" y="${m.t + ph + 16}" text-anchor="middle" fill="#374151">${label}</text>`);
  }
  for (const t of yTicks) {
    const y = fmt(Y(t));
    parts.push(`<line x1="${m.l}" y1="${y}" x2="${m.l + pw}" y2="${y}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${m.l - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#374151">${Math.round(t * 1000) / 1000}</text>`);
  }
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#6b7280"/>`);
  parts.push(`<text x="${m.l + pw / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);

  // Series.
  for (const s of o.series) {
    const pts = decimate(s.points, (logX ? tx(xMax) - tx(xMin) : xMax - xMin) / 1000, (yMax - yMin) / 1000, logX);
    const d = pts.map((p, i) => `${i ? "L" : "M"}${fmt(X(p.x))},${fmt(Y(p.y))}`).join("");
    parts.push(`<path d="${d}" fill="none" stroke="${esc(s.colour)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
  }
  // Markers.
  for (const mk of o.markers ?? []) {
    const x = fmt(X(mk.x));
    const y = fmt(Y(mk.y));
    parts.push(`<circle cx="${x}" cy="${y}" r="4" fill="#111827"/>`);
    parts.push(`<text x="${Number(x) + 6}" y="${Number(y) + 14}" fill="#111827">${esc(mk.label)}</text>`);
  }
  // Legend (bottom right, wide enough for the longest label at ~6.6 px a character).
  const legendW = 40 + 6.6 * Math.max(0, ...o.series.map((s) => s.label.length));
  o.series.forEach((s, i) => {
    const y = m.t + ph - 12 - (o.series.length - 1 - i) * 18;
    const x = Math.max(m.l + 8, m.l + pw - legendW);
    parts.push(`<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${esc(s.colour)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
    parts.push(`<text x="${x + 30}" y="${y}" dominant-baseline="middle">${esc(s.label)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

export interface StripGroup {
  label: string;
  scores: readonly number[];
  colour: string;
}

/**
 * Scores of a few groups (e.g. live / print / replay) as dots on one 0..1 axis, one row per group, with
 * vertical lines at the given thresholds: for small sets, where a ROC curve hides the margins.
 */
export function scoreStripSvg(o: { title: string; xLabel: string; groups: readonly StripGroup[]; lines?: readonly { x: number; label: string }[]; width?: number }): string {
  const W = o.width ?? 640;
  const rowH = 40;
  const m = { l: 130, r: 20, t: 40, b: 52 };
  const H = m.t + m.b + rowH * o.groups.length;
  const pw = W - m.l - m.r;
  const X = (x: number) => m.l + Math.min(1, Math.max(0, x)) * pw;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(o.title)}</text>`);
  for (let k = 0; k <= 10; k++) {
    const x = fmt(X(k / 10));
    parts.push(`<line x1="${x}" y1="${m.t}" x2="${x}" y2="${H - m.b}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${x}" y="${H - m.b + 16}" text-anchor="middle" fill="#374151">${k / 10}</text>`);
  }
  parts.push(`<text x="${m.l + pw / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  o.groups.forEach((g, i) => {
    const y = m.t + rowH * i + rowH / 2;
    parts.push(`<text x="${m.l - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(g.label)} (${g.scores.length})</text>`);
    g.scores.forEach((s, j) => {
      const jitter = ((j * 7) % 9) - 4; // deterministic vertical spread so equal scores stay visible
      parts.push(`<circle cx="${fmt(X(s))}" cy="${fmt(y + jitter * 2)}" r="3.5" fill="${esc(g.colour)}" fill-opacity="0.7"/>`);
    });
  });
  for (const l of o.lines ?? []) {
    const x = fmt(X(l.x));
    parts.push(`<line x1="${x}" y1="${m.t - 6}" x2="${x}" y2="${H - m.b}" stroke="#111827" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${Number(x) + 4}" y="${m.t - 8}" fill="#111827">${esc(l.label)}</text>`);
  }
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${H - m.t - m.b}" fill="none" stroke="#6b7280"/>`);
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
