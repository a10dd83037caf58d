/**
 * The kernel's callbacks of the agents' flow: each event or grant calls the flow's method of the
 * same name (kept apart so that the flow reads as the life of a change).
 */
import type { Simulation } from '../../engine/index.js';
import type { AgentFlow } from './agentFlow.js';
import type { AttemptEvent } from './attemptEvents.js';
import type { AgentReworkFlow } from './agentRework.js';

export function onOrchestratorGranted(_sim: Simulation, flow: AgentFlow): void {
  flow.orchestratorGranted();
}
export function onOrchestratorDone(_sim: Simulation, flow: AgentFlow): void {
  flow.orchestratorDone();
}
export function onSubagentGranted(_sim: Simulation, data: { flow: AgentFlow; subtask: number }): void {
  data.flow.attemptGranted(data.subtask);
}
export function onAttemptDone(_sim: Simulation, e: AttemptEvent<AgentFlow>): void {
  e.flow.attemptDone(e);
}
export function onTakeoverDone(_sim: Simulation, data: { flow: AgentFlow; subtask: number }): void {
  data.flow.takeoverDone(data.subtask);
}
export function onGateDone(_sim: Simulation, flow: AgentReworkFlow): void {
  flow.gateDone();
}
export function onRevisionGranted(_sim: Simulation, flow: AgentReworkFlow): void {
  flow.revisionGranted();
}
export function onRevisionDone(_sim: Simulation, flow: AgentReworkFlow): void {
  flow.revisionDone();
}
