/**
 * model-routing: the same change with routed tiers, all-opus or all-sonnet (paired: same seed,
 * same change, same luck).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { costPerMerged, note, preset, run, sum } from './helpers.js';
import type { RunMetrics } from '../../src/model/index.js';

const RUNS = 300;

describe('model-routing: routed tiers against one tier for everything', () => {
  const variants = ['model-routing', 'model-routing-all-opus', 'model-routing-all-sonnet'];
  let results: Record<string, Record<string, RunMetrics[]>>;
  beforeAll(() => {
    results = Object.fromEntries(variants.map((v) => [v, run(preset(v), RUNS, 1)]));
  });

  it('routing spends less on inference than putting every call on opus', () => {
    for (const regime of ['single', 'fanout']) {
      const inference = variants.map((v) => sum(results[v]![regime]!, 'inferenceUsd') / RUNS);
      const cost = variants.map((v) => costPerMerged(results[v]![regime]!));
      note(`model-routing ${regime} routed/all-opus/all-sonnet`, {
        inferenceUsd: inference.map((x) => x.toFixed(2)).join('/'),
        costPerMergedUsd: cost.map((x) => x.toFixed(1)).join('/'),
        mergeRate: variants.map((v) => (sum(results[v]![regime]!, 'merged') / RUNS).toFixed(3)).join('/'),
      });
      expect(inference[0]!).toBeLessThan(inference[1]!);
    }
  });
});
