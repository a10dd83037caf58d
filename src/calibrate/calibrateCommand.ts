/**
 * `orchsim calibrate`: its flags become calibrate()'s options (./calibrate.ts), checked in the
 * order the command always has (a source, --prs-by, --families, --tier-map); then the overlay
 * goes to --out (report on stdout), or to stdout (report on stderr).
 */
import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../errors/index.js';
import type { Scenario } from '../model/index.js';
import { writeFileAtomic } from '../output/index.js';
import { calibrate, checkSources, type CalibrateOptions } from './calibrate.js';
import { parseFamilies } from './fitColumn.js';
import { parseTierRules } from './read/tiers.js';

export interface CalibrateFlags {
  claudeCode?: string;
  ccusage?: string;
  otel?: string;
  prs?: string;
  out?: string;
  force?: boolean;
  tierMap: string[];
  lenient?: boolean;
  bootstrap: number;
  seed: number | string;
  families?: string;
  minObservations: number;
  prsBy: string;
}

/** The options the flags give, or a UsageError naming the flag. */
export function calibrateOptions(flags: CalibrateFlags, base: Scenario): CalibrateOptions {
  const sources = { claudeCodeDir: flags.claudeCode, ccusageFile: flags.ccusage, otelFile: flags.otel, prsFile: flags.prs };
  checkSources(sources);
  const prsBy = flags.prsBy;
  if (prsBy !== 'agent' && prsBy !== 'human' && prsBy !== 'auto') throw new UsageError(`--prs-by ${prsBy}: expected agent, human or auto (bot authors are agents)`, 'prs-by');
  const families = parseFamilies(flags.families);
  return {
    ...sources,
    tierMap: parseTierRules(flags.tierMap, Object.keys(base.prices.tiers)),
    lenient: flags.lenient ?? false,
    bootstrap: flags.bootstrap,
    seed: flags.seed,
    families,
    minObservations: flags.minObservations,
    prsBy,
  };
}

/** The command: the overlay to --out (report on stdout), or to stdout (report on stderr). */
export function calibrateCommand(flags: CalibrateFlags, base: Scenario, baseName: string, io: { out(text: string): void; err(text: string): void }): void {
  if (flags.out !== undefined && existsSync(flags.out)) {
    if (statSync(flags.out).isDirectory()) throw new UsageError(`--out ${flags.out}: is a directory; give a file name`, 'out');
    if (!flags.force) throw new UsageError(`--out ${flags.out}: already exists; pass --force to overwrite it`, 'out');
  }
  const result = calibrate(calibrateOptions(flags, base), base, baseName);
  if (result.overlay === undefined) {
    io.err(result.report);
    throw new UsageError('calibrate: no field had enough observations to write (see the notes above); lower --min-observations or give more data', 'source');
  }
  if (flags.out === undefined) {
    io.err(result.report);
    io.out(result.overlay);
    return;
  }
  writeFileAtomic(flags.out, result.overlay, flags.force ?? false);
  io.out(`${result.report}wrote ${flags.out}: ${result.fields} fields (orchsim run ${flags.out})\n`);
}
