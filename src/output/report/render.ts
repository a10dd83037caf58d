/**
 * Vega-Lite to inline SVG, in Node: compile with vega-lite, run the Vega dataflow headless
 * (renderer 'none': no canvas, no browser; text widths are estimated, which is deterministic),
 * and serialise the scene to SVG. Vega numbers clip paths from 1 in every SVG; many SVGs in one
 * page would share ids, so every id is prefixed with the chart's.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * The config every chart shares: one font stack that needs no download, a quiet frame. Labels
 * are never cut: axis, legend and facet-header labels have no width limit (0), so a long
 * parameter or legend entry is drawn in full (a chart that cannot afford one shortens its own
 * text); a chart keeps its axis titles no longer than its axes (the report tests measure them).
 */
export const REPORT_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee', labelLimit: 0 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0, titleLimit: 0 },
  header: { labelLimit: 0, titleLimit: 0 },
  title: { fontSize: 13, anchor: 'start' as const },
} as const;

/** Give every id of an SVG (and each reference to one) the prefix `prefix-`. */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`).replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

/** A vega-lite logger that keeps the warnings (a report is written anyway; tests insist on none). */
function collectingLogger(warnings: string[]) {
  let level = 0;
  const logger = {
    level(l?: number): any {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...args: readonly unknown[]) => (warnings.push(args.map(String).join(' ')), logger),
    warn: (...args: readonly unknown[]) => (warnings.push(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Coordinates of an SVG to 2 decimals (a hundredth of a pixel): a third of the bytes of Vega's full precision. */
export function roundSvgCoordinates(svg: string): string {
  return svg.replace(/ (d|transform)="([^"]*)"/g, (_, attr: string, value: string) => ` ${attr}="${value.replace(/-?\d*\.\d{3,}/g, (n) => String(Math.round(Number(n) * 100) / 100 + 0))}"`);
}

/** The SVG text of a Vega-Lite spec, ids prefixed with `id`; `warnings` collects vega-lite's. */
export async function renderSvg(spec: TopLevelSpec, id: string, warnings: string[] = []): Promise<string> {
  const compiled = compile(spec, { logger: collectingLogger(warnings) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    // Clip-path ids count up across renders in one process: start from 1 for the same bytes every time.
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    return prefixSvgIds(roundSvgCoordinates(svg), id);
  } finally {
    view.finalize();
  }
}
