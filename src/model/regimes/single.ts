/** `single`: one agent works the subtasks one after another, in one session. */
import { AgentFlow } from '../flow/agentFlow.js';
import { AGENT_READS, type RegimeDefinition } from './types.js';

export const single: RegimeDefinition<'single'> = {
  name: 'single',
  description: 'one agent works the subtasks one after another, in one session',
  authoredBy: 'agents',
  baselineRank: 1,
  subjectRank: 1,
  inDefaultScenario: true,
  label: () => 'single',
  reads: [...AGENT_READS, 'money.buildUsdPerChange.single'],
  defaults: { buildUsdPerChange: 0.5 }, // judgment: tooling amortised
  createFlow: (ctx, spec, scenario) =>
    new AgentFlow(ctx, 'single', spec, {
      width: 1,
      keepsOneSession: true,
      plans: scenario.orchestration.singlePlans,
      consolidates: scenario.orchestration.singleConsolidates,
    }),
};
