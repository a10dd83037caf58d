/** `human`: an engineer does the change by hand, the baseline everyone compares against. */
import { HumanFlow } from '../flow/humanFlow.js';
import { BILLING_READS, type RegimeDefinition } from './types.js';

export const human: RegimeDefinition<'human'> = {
  name: 'human',
  description: 'an engineer does the change by hand, on working hours (the baseline)',
  authoredBy: 'people',
  baselineRank: 2,
  subjectRank: 0,
  fansOut: false,
  inDefaultScenario: true,
  label: () => 'human',
  reads: [...BILLING_READS, 'money.build.human'],
  defaults: { build: { oneOffUsd: 0, monthlyUsd: 0 } },
  createFlow: (ctx, spec) => new HumanFlow(ctx, 'human', spec),
};
