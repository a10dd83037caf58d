/** The discrete-event simulation kernel: clock, events, resources, working hours, processes. */
export { EventCalendar, type EventId } from './eventCalendar.js';
export {
  Simulation,
  EventLimitError,
  DEFAULT_MAX_EVENTS,
  type EventHandler,
  type StopReason,
  type SimulationOptions,
  type RunOptions,
} from './simulation.js';
export { Resource, type ResourceOptions, type ResourceStats } from './resource.js';
export {
  WorkingHoursCalendar,
  ALWAYS_OPEN,
  HOURS_PER_DAY,
  HOURS_PER_WEEK,
  TIME_EPSILON_HOURS,
  type WorkingHoursOptions,
} from './workingHours.js';
export {
  spawn,
  timeout,
  acquire,
  Process,
  Timeout,
  Acquire,
  type Command,
  type ProcessGenerator,
} from './process.js';
