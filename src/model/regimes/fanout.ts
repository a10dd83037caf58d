/**
 * `fanout`: an orchestrator plans, runs up to N subagents at once over the dependency graph (each
 * in a fresh context), and consolidates their output.
 */
import { z } from 'zod';
import { AgentFlow } from '../flow/agentFlow.js';
import { AGENT_READS, type RegimeDefinition } from './types.js';

export const fanout: RegimeDefinition<'fanout'> = {
  name: 'fanout',
  description: 'an orchestrator plans, runs up to N subagents at once over the dependency graph, and consolidates',
  authoredBy: 'agents',
  subjectRank: 2,
  fansOut: true,
  inDefaultScenario: true,
  label: (point) => `fanout N=${point.fanout}`,
  settingNote: (point) => `N = ${point.fanout}`,
  reads: [...AGENT_READS, 'fanout', 'money.build.fanout'],
  /** Fan-out width N: at most N subagents at once on one change. */
  setting: {
    key: 'fanout',
    schema: z.number().int().min(1).max(1024),
    default: 4,
    // The question the tool exists for: what each width N buys.
    sweepAxis: true,
    docs: { fanout: { unit: 'subagents', source: 'judgment', effect: 'N: most subagents at once on one change (the fan-out regime only)' } },
  },
  // Judgment: $2,400 to build the orchestration (a few engineer-days) plus $200 a month of upkeep:
  // $2 a change at the default 200 changes a month over 12 months.
  defaults: { build: { oneOffUsd: 2400, monthlyUsd: 200 } },
  createFlow: (ctx, spec, scenario) =>
    new AgentFlow(ctx, 'fanout', spec, { width: scenario.fanout, keepsOneSession: false, plans: true, consolidates: true }),
};
