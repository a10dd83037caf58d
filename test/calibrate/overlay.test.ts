import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../src/errors/index.js';
import { DEFAULT_SCENARIO } from '../../src/model/index.js';
import { peakConcurrency } from '../../src/calibrate/derive/agents.js';
import { overlayYaml } from '../../src/calibrate/overlay.js';
import { parseTierRules, TierMap } from '../../src/calibrate/read/tiers.js';
import { expectedSubtasks, kindsRoutedTo, scaleSpec } from '../../src/calibrate/scenarioFields.js';

describe('overlay scenario text', () => {
  it('nests the fields under their paths, a comment above each, numbers to 4 significant digits', () => {
    const text = overlayYaml(
      ['header line'],
      [
        { path: ['agents', 'cacheHitShare'], value: 0.987654, comment: 'from somewhere\non 12 responses' },
        { path: ['workload', 'kinds', 'implement', 'work', 'turns'], value: { dist: 'lognormal', values: { median: 12.3456, p90: 40.01 } }, comment: 'fitted' },
        { path: ['agents', 'orientation', 'turns'], value: 0, comment: 'observed whole' },
      ],
    );
    expect(text).toBe(
      [
        '# header line',
        'agents:',
        '  # from somewhere on 12 responses',
        '  cacheHitShare: 0.9877',
        '  orientation:',
        '    # observed whole',
        '    turns: 0',
        'workload:',
        '  kinds:',
        '    implement:',
        '      work:',
        '        # fitted',
        '        turns: { dist: lognormal, median: 12.35, p90: 40.01 }',
        '',
      ].join('\n'),
    );
    expect(parseYaml(text).workload.kinds.implement.work.turns).toEqual({ dist: 'lognormal', median: 12.35, p90: 40.01 });
  });
});

describe('scaleSpec: X → c·X', () => {
  it('multiplies scale and location parameters, leaves shapes alone, shifts mu by ln c', () => {
    expect(scaleSpec({ dist: 'lognormal', median: 60, p90: 200 }, 0.5)).toEqual({ dist: 'lognormal', median: 30, p90: 100 });
    expect(scaleSpec({ dist: 'lognormal', mu: 1, sigma: 0.4 }, Math.E)).toEqual({ dist: 'lognormal', mu: 2, sigma: 0.4 });
    expect(scaleSpec({ dist: 'gamma', shape: 2, scale: 3 }, 2)).toEqual({ dist: 'gamma', shape: 2, scale: 6 });
    expect(scaleSpec({ dist: 'pert', min: 1, mode: 2, max: 5, lambda: 4 }, 3)).toEqual({ dist: 'pert', min: 3, mode: 6, max: 15, lambda: 4 });
    expect(scaleSpec({ dist: 'constant', value: 0 }, 7)).toEqual({ dist: 'constant', value: 0 });
    expect(scaleSpec(10, 0.5)).toBe(5);
    expect(
      scaleSpec({ dist: 'mixture', components: [{ weight: 0.3, of: { dist: 'exponential', mean: 2 } }, { weight: 0.7, of: 4 }] }, 2),
    ).toEqual({ dist: 'mixture', components: [{ weight: 0.3, of: { dist: 'exponential', mean: 4 } }, { weight: 0.7, of: 8 }] });
  });
});

describe('what calibration reads from the scenario', () => {
  it('routing: the kinds each tier works; the mean subtasks of the default graph (3 layers x 4 wide)', () => {
    expect(kindsRoutedTo(DEFAULT_SCENARIO, 'sonnet')).toEqual(['implement']);
    expect(kindsRoutedTo(DEFAULT_SCENARIO, 'haiku')).toEqual(['scout']);
    expect(kindsRoutedTo(DEFAULT_SCENARIO, 'opus')).toEqual(['hard']);
    expect(expectedSubtasks(DEFAULT_SCENARIO)).toBeCloseTo(12, 12);
  });
});

describe('model names to tiers', () => {
  it('--tier-map rules first, then the tier name inside the model name; unmatched models listed', () => {
    const map = new TierMap(['haiku', 'sonnet', 'opus'], parseTierRules(['claude-3-5-sonnet=opus', 'gpt=sonnet'], ['haiku', 'sonnet', 'opus']));
    expect(map.tierOf('claude-opus-4-5-20251101')).toBe('opus');
    expect(map.tierOf('claude-sonnet-4-5')).toBe('sonnet');
    expect(map.tierOf('claude-3-5-Sonnet-20241022')).toBe('opus');
    expect(map.tierOf('gpt-5')).toBe('sonnet');
    expect(map.tierOf('mystery-model')).toBeUndefined();
    expect(map.unmapped()).toEqual(['mystery-model']);
  });

  it('rejects a rule without = or naming no tier of the scenario', () => {
    expect(() => parseTierRules(['opus'], ['opus'])).toThrow(UsageError);
    expect(() => parseTierRules(['claude=gpt'], ['opus'])).toThrow(/--tier-map claude=gpt: 'gpt' is not a tier of the scenario \(tiers: opus\)/);
    // The library's form is checked as well.
    expect(() => new TierMap(['opus'], [{ pattern: 'claude', tier: 'gpt' }])).toThrow(/'gpt' is not a tier of the scenario \(tiers: opus\)/);
  });
});

describe('peak concurrency of subagent runs', () => {
  it('counts overlaps; a run ending as another starts does not overlap it', () => {
    expect(peakConcurrency([[0, 10], [5, 15], [12, 20]])).toBe(2);
    expect(peakConcurrency([[0, 10], [10, 20]])).toBe(1);
    expect(peakConcurrency([[0, 10], [1, 9], [2, 8], [NaN, 5]])).toBe(3);
  });
});
