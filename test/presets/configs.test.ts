/**
 * Every file in configs/ parses and validates; default.yaml is the embedded default in full;
 * tiers.yaml is the default price table; the routing variants work the same change.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DEFAULT_PRICES,
  DEFAULT_SCENARIO,
  parseScenarioText,
  resolveScenario,
  validateScenario,
} from '../../src/model/index.js';
import { configFiles, presetRaw, presetText } from './helpers.js';

const PRESETS = [
  'default',
  'test-backfill',
  'dependent-chain',
  'exploratory',
  'high-stakes',
  'refund-workflow',
  'review-bottleneck',
  'model-routing',
  'model-routing-all-opus',
  'model-routing-all-sonnet',
];

describe('configs/', () => {
  it('holds the price table and every preset of the decision table', () => {
    const files = configFiles();
    expect(files).toContain('tiers.yaml');
    for (const name of PRESETS) expect(files).toContain(`${name}.yaml`);
  });

  it.each(configFiles().filter((f) => f !== 'tiers.yaml'))('%s parses, validates and names itself after its file', (file) => {
    const scenario = parseScenarioText(presetText(file), file);
    expect(scenario.name).toBe(file.replace(/\.ya?ml$/, ''));
    expect(scenario.description.length).toBeGreaterThan(20);
  });

  it.each(configFiles())('%s opens with a comment saying what it is and where its numbers come from', (file) => {
    const head = presetText(file).split('\n').slice(0, 3);
    expect(head[0]).toMatch(/^# \S/);
    expect(presetText(file)).toMatch(/[Ss]ource|judgment/);
  });

  it('tiers.yaml is a prices block equal to the default price table, and merges onto the default', () => {
    const raw = parse(presetText('tiers.yaml')) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(['prices']);
    expect(raw.prices).toEqual(DEFAULT_PRICES);
    expect(resolveScenario(raw)).toEqual(DEFAULT_SCENARIO);
    // And it can replace the table of any preset.
    const routed = resolveScenario({ ...presetRaw('model-routing'), ...raw });
    expect(routed.prices).toEqual(DEFAULT_PRICES);
  });

  it('default.yaml is the embedded default written out in full', () => {
    const raw = parse(presetText('default.yaml'));
    // Complete on its own: validates without being merged onto anything...
    expect(validateScenario(structuredClone(raw))).toEqual(DEFAULT_SCENARIO);
    // ... and equal, key for key, to DEFAULT_SCENARIO (no field left to the merge).
    expect(raw).toEqual(DEFAULT_SCENARIO);
    expect(parseScenarioText(presetText('default.yaml'))).toEqual(DEFAULT_SCENARIO);
  });

  it('the presets are partial: each writes only a few of the default fields', () => {
    for (const name of PRESETS.filter((p) => p !== 'default')) {
      const raw = presetRaw(name);
      expect(raw.prices, `${name} should use the shared price table`).toBeUndefined();
    }
  });

  it('the routing variants work the same change, differing only in routing', () => {
    const routed = presetRaw('model-routing');
    for (const variant of ['model-routing-all-opus', 'model-routing-all-sonnet']) {
      const raw = presetRaw(variant);
      const tier = variant.replace('model-routing-all-', '');
      const { name: _a, description: _b, routing, ...rest } = raw;
      const { name: _c, description: _d, routing: _r, ...routedRest } = routed;
      expect(rest).toEqual(routedRest);
      expect(routing).toEqual({
        orchestrator: tier,
        kinds: { scout: tier, implement: tier, hard: tier },
        default: tier,
        escalationLadder: [],
      });
    }
  });
});
