/**
 * What calibration needs to know about the scenario it fills: which subtask kinds a tier works
 * (routing), how many subtasks a change has on average, how to rescale a size distribution, and
 * a last check that an overlay makes a valid scenario.
 */
import { parse as parseYaml } from 'yaml';
import { ScenarioError, UsageError } from '../errors/index.js';
import { resolveScenario, type Scenario } from '../model/index.js';
import { DIST_NAMES, specMean, type DistSpec } from '../random/index.js';
import type { FamilyName } from './fit/family.js';
import type { CandidateFit, FitResult } from './fit/fit.js';

/** The kinds whose subtasks `tier` works first (routing.kinds, else routing.default). */
export function kindsRoutedTo(scenario: Scenario, tier: string): string[] {
  return Object.keys(scenario.workload.kinds).filter((k) => (scenario.routing.kinds[k] ?? scenario.routing.default) === tier);
}

/** Mean number of subtasks of a change under the scenario's graph generator. */
export function expectedSubtasks(scenario: Scenario): number {
  const g = scenario.workload.graph;
  switch (g.generator) {
    case 'explicit':
      return g.subtasks.length;
    case 'layered':
      return specMean(g.layers) * specMean(g.width);
    default:
      return specMean(g.count);
  }
}

/** Mean lines of diff of one generated subtask (kinds weighted by share). */
export function meanSubtaskLines(scenario: Scenario): number {
  let weight = 0;
  let lines = 0;
  for (const k of Object.values(scenario.workload.kinds)) {
    weight += k.share;
    lines += k.share * specMean(k.sizeLines);
  }
  return weight > 0 ? lines / weight : 0;
}

// Parameters that set a distribution's shape, not its scale, so rescaling leaves them alone.
const SHAPE_KEYS = new Set(['dist', 'shape', 'sigma', 'lambda', 'p', 'weight']);

/** X → factor·X for a distribution spec: every scale and location parameter times factor. */
export function scaleSpec(spec: DistSpec, factor: number): DistSpec {
  if (typeof spec === 'number') return spec * factor;
  const scaled = (value: unknown, key: string): unknown => {
    if (SHAPE_KEYS.has(key)) return value;
    if (key === 'mu' && typeof value === 'number') return value + Math.log(factor);
    if (typeof value === 'number') return value * factor;
    if (Array.isArray(value)) return value.map((v) => scaled(v, ''));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = k === 'of' ? scaleSpec(v as DistSpec, factor) : scaled(v, k);
      return out;
    }
    return value;
  };
  return scaled(spec, '') as DistSpec;
}

/** Throws a UsageError unless the overlay text, merged onto `base`, is a valid scenario. */
export function checkOverlay(text: string, what: string, base?: Scenario): void {
  try {
    resolveScenario(parseYaml(text) ?? {}, base);
  } catch (err) {
    if (err instanceof ScenarioError) throw new UsageError(`${what}: the fitted overlay is not a valid scenario: ${err.message}`, err.field);
    throw err;
  }
}

/** Is the family's form one a scenario accepts today (Weibull joins src/random separately)? */
export function scenarioAccepts(family: FamilyName): boolean {
  return (DIST_NAMES as readonly string[]).includes(family);
}

/** The best candidate a scenario can hold, if any. */
export function bestAccepted(result: FitResult): CandidateFit | undefined {
  return result.candidates.find((c) => scenarioAccepts(c.family));
}
