/**
 * Loading the scenario a command works on: a file (YAML or JSON), a preset name, or the embedded
 * default; then the --set overrides. Every problem is a UsageError naming the file and field.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  checkReplicationVolume,
  compileScenario,
  DEFAULT_SCENARIO,
  parseScenarioText,
  resolveScenario,
  type CompiledModel,
  type Scenario,
} from '../model/index.js';
import { DistributionParameterError, ScenarioError, UsageError } from '../errors/index.js';
import { applyOverrides, parseSet } from '../experiment/index.js';
import { presetsDir } from './paths.js';
import { readTextWithin, scenarioByteLimit } from './inputFiles.js';
import { checkReplicationSize } from './replicationSize.js';

export interface PresetInfo {
  name: string;
  file: string;
  description: string;
}

/** The shipped price table: every scenario starts from it unless its file has a prices block. */
export const PRICE_TABLE_FILE = 'tiers.yaml';

let cachedBase: Scenario | undefined;

/** The embedded default with the price table of configs/tiers.yaml (when the package ships one). */
export function baseScenario(): Scenario {
  if (cachedBase) return cachedBase;
  const file = join(presetsDir(), PRICE_TABLE_FILE);
  if (!existsSync(file)) return (cachedBase = DEFAULT_SCENARIO);
  try {
    const data = parseYaml(readFileSync(file, 'utf8')) as { prices?: unknown } | null;
    return (cachedBase = resolveScenario({ prices: data?.prices }));
  } catch (err) {
    const detail = err instanceof ScenarioError ? err.message : (err as Error).message.split('\n')[0];
    throw new UsageError(`${file}: ${detail}`, err instanceof ScenarioError ? err.field : 'prices');
  }
}

/**
 * The shipped scenarios: configs/*.yaml but the price table, with the first comment line or the description field.
 *
 * @example
 * ```ts
 * import { listPresets } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const names = listPresets().map((p) => p.name);
 * assert.ok(names.includes('team') && names.includes('test-backfill'));
 * ```
 */
export function listPresets(): PresetInfo[] {
  const dir = presetsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== PRICE_TABLE_FILE)
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const text = readFileSync(file, 'utf8');
      const comment = /^\s*#\s*(.+?)\s*$/m.exec(text.split('\n').find((l) => /^\s*#\s*\S/.test(l)) ?? '');
      let description = comment?.[1] ?? '';
      if (!description) {
        try {
          const data = parseYaml(text) as { description?: unknown } | null;
          if (typeof data?.description === 'string') description = data.description;
        } catch {
          description = '(not valid YAML)';
        }
      }
      return { name: f.replace(/\.ya?ml$/, ''), file, description };
    });
}

export function findPreset(name: string): PresetInfo | undefined {
  return listPresets().find((p) => p.name === name);
}

function presetHint(): string {
  const names = listPresets().map((p) => p.name);
  return names.length ? ` (presets: ${names.join(', ')})` : '';
}

/** Read and resolve a scenario file or preset; undefined gives the embedded default. */
export function loadScenarioSource(arg: string | undefined): { scenario: Scenario; source: string } {
  if (arg === undefined) return { scenario: baseScenario(), source: '(embedded default)' };
  let file = arg;
  if (!existsSync(file)) {
    const preset = /^[A-Za-z0-9_-]+$/.test(arg) ? findPreset(arg) : undefined;
    if (!preset) throw new UsageError(`scenario ${arg}: no such file or preset${presetHint()}`, 'scenario');
    file = preset.file;
  }
  if (statSync(file).isDirectory()) throw new UsageError(`scenario ${arg}: is a directory; give a YAML or JSON file`, 'scenario');
  let text: string;
  try {
    text = readTextWithin(file, arg, scenarioByteLimit());
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`scenario ${arg}: cannot read: ${(err as Error).message}`, 'scenario');
  }
  try {
    // A file without `name:` is named after itself, and so is its output folder.
    const stem = basename(file).replace(/\.(ya?ml|json)$/i, '');
    return { scenario: parseScenarioText(text, arg, baseScenario(), stem), source: file };
  } catch (err) {
    // A problem of the whole text (not YAML, empty) already names the file.
    if (err instanceof ScenarioError) throw new UsageError(err.message.startsWith(`${arg} `) ? err.message : `${arg}: ${err.message}`, err.field);
    throw err;
  }
}

/**
 * The scenario with `--set` overrides applied.
 *
 * @example
 * ```ts
 * import { loadScenario } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const { scenario } = loadScenario('team', ['review.reviewers=4']); // a preset or a file, with --set overrides
 * assert.equal(scenario.review.reviewers, 4);
 * ```
 */
export function loadScenario(arg: string | undefined, sets: readonly string[] = []): { scenario: Scenario; source: string } {
  const { scenario, source } = loadScenarioSource(arg);
  return { scenario: applyOverrides(scenario, sets.map(parseSet)), source };
}

/** Compile a scenario, reporting a bad distribution parameter as bad input (`where` says which file or point). */
export function compileOrUsage(scenario: Scenario, where = ''): CompiledModel {
  try {
    const model = compileScenario(scenario);
    // The volume limits by formula, here so that validate refuses what run would.
    checkReplicationVolume(model);
    checkReplicationSize(model);
    return model;
  } catch (err) {
    if (err instanceof DistributionParameterError) throw new UsageError(`${err.message}${where}`, err.field);
    if (err instanceof ScenarioError && where) throw new UsageError(`${err.message}${where}`, err.field);
    throw err;
  }
}
