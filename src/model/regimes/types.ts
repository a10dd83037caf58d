/**
 * What a regime declares: how a change gets done, in one module per regime (./human, ./single,
 * ./fanout), listed once in ./index. Everything that differs between regimes — the flow a change
 * lives through, who authors the work, whether others are compared against it, its settings in
 * the scenario, its labels and its dictionary text, and which parts of the scenario it reads —
 * is declared here, so that no other module compares a regime's name.
 */
import type { z } from 'zod';
import type { ChangeSpec } from '../change.js';
import type { ChangeFlow } from '../flow/changeFlow.js';
import type { FlowContext } from '../flow/context.js';
import type { FieldDoc } from '../scenario/fieldDocs.js';
import type { Scenario } from '../scenario/schema.js';

/** Who writes the work a change carries to review. */
export type Author = 'people' | 'agents' | 'automation';

export interface RegimeDefinition<Name extends string = string> {
  readonly name: Name;
  /** For the data dictionary: what the regime is, in a sentence. */
  readonly description: string;
  readonly authoredBy: Author;
  /**
   * Others are compared against it (paired differences in summary.csv, the console's verdicts):
   * baselines in increasing rank. Absent: not a baseline.
   */
  readonly baselineRank?: number;
  /** The console's verdict is about the regime of highest rank present (0: never the subject). */
  readonly subjectRank: number;
  /** Runs several subagents on one change at once (its attempts are drawn on subagent lanes). */
  readonly fansOut: boolean;
  /** Run by the embedded default scenario. */
  readonly inDefaultScenario: boolean;
  /** Its label at a point of a run or sweep, given the point's whole scenario (a regime may show its setting). */
  label(point: Scenario): string;
  /**
   * Its settings at a point as the report's scenario line states them (`N = 4`), whether or not
   * it runs there; absent: nothing to state.
   */
  settingNote?(point: Scenario): string;
  /**
   * Purposes of a change's luck (../luck.ts) that only this regime reads, from
   * FIRST_REGIME_PURPOSE up; no two regimes share one.
   */
  readonly luckPurposes?: readonly number[];
  /**
   * Scenario paths it reads (a prefix covers everything below it; `*` matches one key). A point
   * that changes none of them leaves its results as they are, byte for byte.
   */
  readonly reads: readonly string[];
  /**
   * A setting of its own at the top level of a scenario (e.g. `fanout: 4`): its schema, its default,
   * and its field docs (../scenario/fieldDocs.ts: by dotted path, the key and every field below
   * it; `section` for editors' hover on an object). `sweepAxis`: when a sweep varies it, the
   * report's sweep charts put it on the x-axis unless told otherwise.
   */
  readonly setting?: {
    key: string;
    schema: z.ZodType;
    default: unknown;
    docs: Readonly<Record<string, FieldDoc>>;
    section?: string;
    sweepAxis?: boolean;
  };
  /** Defaults of its entries in the scenario's per-regime tables. */
  readonly defaults: { build: { oneOffUsd: number; monthlyUsd: number } };
  /** The life of one change under this regime. */
  createFlow(ctx: FlowContext, spec: ChangeSpec, scenario: Scenario): ChangeFlow;
}

/** The scenario paths every regime's bill reads. */
export const BILLING_READS = [
  'mode',
  'money.amortisationMonths',
  'money.monthlyVolume',
  'workload',
  'review',
  'people',
  'money.remediationMinutesPerEscapedDefect',
  'money.incidentUsdPerEscapedDefect',
  'money.delayUsdPerHour',
] as const;

/** What the agent regimes read besides the bill. */
export const AGENT_READS = [...BILLING_READS, 'prices', 'routing', 'agents', 'orchestration', 'failure'] as const;
