/**
 * The regime registry: every way of getting a change done, one module each. Adding a regime is
 * one new module (see ./types and docs/architecture.md) plus one line in REGIME_LIST.
 */
import { fanout } from './fanout.js';
import { human } from './human.js';
import { scripted, type ScriptedSettings } from './scripted.js';
import { single } from './single.js';
import type { Scenario } from '../scenario/schema.js';
import type { RegimeDefinition } from './types.js';

/** Every regime, in the order of the scenario's per-regime tables. */
export const REGIME_LIST = [human, single, fanout, scripted] as const;

/** The types of the regimes' own top-level settings (each regime module declares its schema). */
export interface RegimeSettings {
  fanout: number;
  scripted: ScriptedSettings;
}

export type Regime = (typeof REGIME_LIST)[number]['name'];
export type { Author, RegimeDefinition } from './types.js';

export const REGIMES = REGIME_LIST.map((r) => r.name) as [Regime, ...Regime[]];

const BY_NAME: ReadonlyMap<string, RegimeDefinition> = new Map(REGIME_LIST.map((r) => [r.name, r as RegimeDefinition]));

/** The definition of a regime; throws on a name that is none (the schema has checked it). */
export function regimeNamed(name: string): RegimeDefinition {
  const r = BY_NAME.get(name);
  if (!r) throw new Error(`internal: no regime '${name}' (regimes: ${REGIMES.join(', ')})`);
  return r;
}

/** Regimes others are compared against, in rank order. */
export const BASELINES: readonly Regime[] = (REGIME_LIST as readonly RegimeDefinition<Regime>[])
  .filter((r) => r.baselineRank !== undefined)
  .sort((a, b) => a.baselineRank! - b.baselineRank!)
  .map((r) => r.name);

/** The baseline of people's work: engineer hours saved are counted against it. */
export const PEOPLE_BASELINE: Regime | undefined = BASELINES.find((b) => regimeNamed(b).authoredBy === 'people');

/** The baseline of agents' work: token multiples are read against it. */
export const AGENT_BASELINE: Regime | undefined = BASELINES.find((b) => regimeNamed(b).authoredBy === 'agents');

/** The regime whose verdict against the baselines the console prints, among those present. */
export function verdictSubject(present: readonly string[]): string | null {
  let best: RegimeDefinition | null = null;
  for (const name of present) {
    const r = BY_NAME.get(name);
    if (r && r.subjectRank > 0 && (!best || r.subjectRank > best.subjectRank)) best = r;
  }
  return best ? best.name : null;
}

/** Does this regime fan out to subagents? An unknown name does not. */
export function fansOut(name: string): boolean {
  return BY_NAME.get(name)?.fansOut ?? false;
}

/** A regime's label at a point, given the point's scenario (fan-out shows its width); an unknown name stands for itself. */
export function regimeLabel(name: string, point: Scenario): string {
  return BY_NAME.get(name)?.label(point) ?? name;
}

/** The regimes' settings at a point, as a scenario line states them (`N = 4`), in list order, joined by `; `. */
export function regimeSettingNotes(point: Scenario): string {
  return (REGIME_LIST as readonly RegimeDefinition[]).flatMap((r) => (r.settingNote ? [r.settingNote(point)] : [])).join('; ');
}

/** The scenario paths a sweep chart puts on its x-axis when swept (regime settings that ask for it), in list order. */
export const SWEEP_AXIS_PATHS: readonly string[] = (REGIME_LIST as readonly RegimeDefinition[]).flatMap((r) => (r.setting?.sweepAxis ? [r.setting.key] : []));

/** Could changing the scenario at `path` (dotted) change this regime's results? */
export function regimeReads(regime: RegimeDefinition, path: string): boolean {
  const target = path.split('.');
  return regime.reads.some((pattern) => {
    const p = pattern.split('.');
    // A path inside the pattern, or a pattern inside the path (changing a parent changes its children).
    const n = Math.min(p.length, target.length);
    for (let i = 0; i < n; i++) if (p[i] !== '*' && p[i] !== target[i]) return false;
    return true;
  });
}
