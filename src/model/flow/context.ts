/** What a flow needs from the world it runs in (one regime's simulated world, ../world). */
import type { Resource, Simulation } from '../../engine/index.js';
import type { ChangeSpec } from '../change.js';
import type { CompiledModel } from '../compile.js';
import type { ChangeRecord, Tracer } from '../record.js';
import type { RegimeDefinition } from '../regimes/types.js';
import type { FlowScratch } from './scratch.js';

export interface FlowContext {
  /** The regime whose world this is. */
  readonly definition: RegimeDefinition;
  readonly sim: Simulation;
  readonly model: CompiledModel;
  readonly reviewers: Resource;
  /** People who do manual work (people.handlers), or null when nobody waits for one. */
  readonly handlers: Resource | null;
  /** The global cap on concurrent agent calls, or null when there is none. */
  readonly agentCap: Resource | null;
  readonly tracer: Tracer | null;
  /** The world's scratch objects, reused by its flows call after call (./scratch). */
  readonly scratch: FlowScratch;
  /** Called once, when the change first joins the review queue or ends before it. */
  handedOff(spec: ChangeSpec): void;
  /** Manual work of `hours` working hours starts holding one of the handlers (their utilisation). */
  addHandlerWorkHours(hours: number): void;
  /** Called once, when the change has merged or been abandoned and its record is final. */
  finish(record: ChangeRecord): void;
}
