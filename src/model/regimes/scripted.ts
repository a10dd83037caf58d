/**
 * `scripted`: hand-built automation (the outcome view). It handles the share of incoming work it
 * covers at near-zero run cost, with its own wrong-output rate; the rest falls back to people by
 * hand, with their cost and their queue. Its build and upkeep are amortised like any regime's.
 */
import { z } from 'zod';
import { ScriptedFlow } from '../flow/scriptedFlow.js';
import { SCRIPTED_LUCK_PURPOSE } from './scriptedLuck.js';
import { BILLING_READS, type RegimeDefinition } from './types.js';

const probability = z.number().min(0).max(1);
const nonNegative = z.number().min(0);

export const scriptedSettingsSchema = z.strictObject({
  /** Share of incoming work the script can handle at all; the rest is done by hand. */
  coverage: probability,
  /** Probability a covered outcome is wrong: an escaped defect, remediated like any other. */
  wrongProbability: probability,
  /** Compute cost of one run, USD (billed as inference). */
  runUsdPerOutcome: nonNegative,
  /** Hours one run takes. */
  runHours: nonNegative,
  /** Share of covered outcomes a reviewer samples (0: none goes to review). */
  reviewSampleShare: probability,
});
export type ScriptedSettings = z.infer<typeof scriptedSettingsSchema>;

export const scripted: RegimeDefinition<'scripted'> = {
  name: 'scripted',
  description: 'hand-built automation handles the work it covers; the rest falls back to people by hand',
  authoredBy: 'automation',
  subjectRank: 3,
  fansOut: false,
  inDefaultScenario: false,
  label: () => 'scripted',
  luckPurposes: [SCRIPTED_LUCK_PURPOSE],
  reads: [...BILLING_READS, 'scripted', 'money.build.scripted'],
  setting: {
    key: 'scripted',
    schema: scriptedSettingsSchema,
    // Judgment: a rules engine for a well-understood workflow.
    default: { coverage: 0.8, wrongProbability: 0.02, runUsdPerOutcome: 0.002, runHours: 0.01, reviewSampleShare: 0 },
    docs: {
      'scripted.coverage': { unit: 'share', source: 'judgment', effect: 'share of incoming work the script handles; the rest is done by hand' },
      'scripted.wrongProbability': { unit: 'probability', source: 'judgment', effect: 'a covered outcome is wrong: an escaped defect, remediated' },
      'scripted.runUsdPerOutcome': { unit: 'USD', source: 'judgment', effect: 'compute per run, billed as inference' },
      'scripted.runHours': { unit: 'hours', source: 'judgment', effect: 'time per run' },
      'scripted.reviewSampleShare': { unit: 'share', source: 'judgment', effect: 'share of covered outcomes a reviewer samples (the rest skip review)' },
    },
    section: 'The scripted regime: hand-built automation, its coverage, run cost and wrong outputs (the outcome view).',
  },
  // Judgment: a few engineer-weeks to build ($20,000), a day a month to maintain ($1,000).
  defaults: { build: { oneOffUsd: 20_000, monthlyUsd: 1_000 } },
  createFlow: (ctx, spec) => new ScriptedFlow(ctx, 'scripted', spec),
};
