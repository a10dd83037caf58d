/**
 * Stream mode's speed: changes simulated per second on one thread (every regime of the preset
 * counted), on refund-workflow (an open stream of about 10,000 changes a month) and on team (a
 * closed loop of eight engineers), reading a whole replication at a time. Without changes.csv
 * an open stream runs lean (src/model/stream.ts: each change drawn once at its arrival and shared
 * by the regimes' worlds, records reduced as they finish), which is what refund-workflow measures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileScenario, parseScenarioText, Replicator } from '../src/model/index.js';
import { presetsDir } from '../src/app/index.js';

function changesPerSecond(preset: string, replications: number): { changesPerSec: number; changesPerReplication: number } {
  const file = join(presetsDir(), `${preset}.yaml`);
  const model = compileScenario(parseScenarioText(readFileSync(file, 'utf8'), file));
  const replicator = new Replicator(model, 1);
  replicator.run(1_000_000); // warm up: compile the hot code
  let changes = 0;
  const started = performance.now();
  for (let r = 0; r < replications; r++) for (const run of replicator.run(r).runs) changes += run.changes;
  const seconds = (performance.now() - started) / 1000;
  return { changesPerSec: changes / seconds, changesPerReplication: changes / replications };
}

export async function runStreamBench(): Promise<Record<string, number>> {
  const refund = changesPerSecond('refund-workflow', 4);
  const team = changesPerSecond('team', 10);
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`stream bench (node ${process.version}, one thread; changes of every regime counted)`);
  console.log(`  refund-workflow: ${fmt(refund.changesPerSec)} changes/s (${fmt(refund.changesPerReplication)} per replication)`);
  console.log(`  team: ${fmt(team.changesPerSec)} changes/s (${fmt(team.changesPerReplication)} per replication)`);
  return { refundChangesPerSec: refund.changesPerSec, teamChangesPerSec: team.changesPerSec };
}
