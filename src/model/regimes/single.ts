/** `single`: one agent works the subtasks one after another, in one session. */
import { AgentFlow } from '../flow/agentFlow.js';
import { AGENT_READS, type RegimeDefinition } from './types.js';

export const single: RegimeDefinition<'single'> = {
  name: 'single',
  description: 'one agent works the subtasks one after another, in one session',
  authoredBy: 'agents',
  baselineRank: 1,
  subjectRank: 1,
  fansOut: false,
  inDefaultScenario: true,
  label: () => 'single',
  reads: [...AGENT_READS, 'money.build.single'],
  // Judgment: $100 a month of setup and upkeep (instructions, permissions, CI hooks): $0.50 a
  // change at the default 200 changes a month.
  defaults: { build: { oneOffUsd: 0, monthlyUsd: 100 } },
  createFlow: (ctx, spec, scenario) =>
    new AgentFlow(ctx, 'single', spec, {
      width: 1,
      keepsOneSession: true,
      plans: scenario.orchestration.singlePlans,
      consolidates: scenario.orchestration.singleConsolidates,
    }),
};
