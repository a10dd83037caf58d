/**
 * `orchsim fit FILE --column NAME`: fits the candidate families to one column
 * (../../calibrate/fitColumn.ts), prints the ranked table (parameters, log-likelihood, AIC, KS and
 * AD with bootstrap p-values, intervals) and the winner in the scenario's form; with --to, an
 * overlay scenario setting that field. The fitting modules load only when the command runs.
 */
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { table, writeFileAtomic } from '../../output/index.js';
import type { FitResult } from '../../calibrate/fit/fit.js';
import { FAMILY_NAMES, type FamilyName } from '../../calibrate/fit/family.js';
import type { FittedColumn } from '../../calibrate/fitColumn.js';
import { roundNumber, specText } from '../../calibrate/overlay.js';
import { withDefaultSignals } from '../../app/signals.js';
import { seedArg, wholeNumber } from '../args.js';

const FIT_HELP = `
Candidates: ${FAMILY_NAMES.join(', ')} (--families to choose). Ranked by AIC; KS and AD p-values
from a parametric bootstrap that re-estimates the parameters on each of B samples (seeded:
the same --seed gives the same table). The winner is printed in the scenario's form.

Examples:
  orchsim fit turns.csv --column turns
  orchsim fit usage.jsonl --column message.usage.output_tokens --bootstrap 199
  orchsim fit reviews.csv --column hours --to review.overheadHours --out overlay.yaml`;

interface FitFlags {
  column: string;
  to?: string;
  out?: string;
  force?: boolean;
  bootstrap: number;
  seed: number | string;
  families?: string;
  lenient?: boolean;
  json?: boolean;
}

export function registerFit(program: Command): void {
  program
    .command('fit <file>')
    .description('fit distributions to one column of a CSV or JSON-lines file; print the ranked candidates and the winner')
    .requiredOption('-c, --column <NAME>', 'the CSV column or JSON key (a dotted path in JSON lines)')
    .option('--to <PATH>', 'the scenario field to set with the winner, e.g. agents.orientation.turns (an overlay scenario)')
    .option('-o, --out <FILE>', 'write the overlay scenario of --to to this file (default: print it)')
    .option('-f, --force', 'overwrite --out if it exists')
    .option('-b, --bootstrap <B>', 'parametric bootstrap replicates for p-values and intervals (0: none)', wholeNumber(0, 100_000), 499)
    .option('-s, --seed <S>', 'seed of the bootstrap', seedArg, 1)
    .option('--families <LIST>', `candidates, comma-separated (default: all of ${FAMILY_NAMES.join(', ')})`)
    .option('--lenient', 'skip and count bad lines instead of stopping at the first')
    .option('--json', 'print the fit as JSON')
    .addHelpText('after', FIT_HELP)
    .action(async (file: string, flags: FitFlags) => {
      const [{ fitColumn, parseFamilies }, { FAMILIES }] = await Promise.all([import('../../calibrate/fitColumn.js'), import('../../calibrate/fit/families.js')]);
      const estimator = (family: FamilyName) => FAMILIES[family].estimator;
      // Reading and fitting are synchronous and write nothing until the end: a signal ends them at once (../../app/signals.ts).
      await withDefaultSignals(() => {
        const families = parseFamilies(flags.families);
        if (flags.out !== undefined && flags.to === undefined)
          throw new UsageError('--out writes an overlay scenario: give the field with --to PATH (for example --to agents.orientation.turns)', 'out');
        const { column, bootstrap, seed, lenient, to } = flags;
        printFit(file, flags, fitColumn(file, { column, families, bootstrap, seed, lenient, to }), estimator);
      });
    });
}

function printFit(file: string, flags: FitFlags, fitted: FittedColumn, estimator: (family: FamilyName) => string): void {
  const { result, best, accepted, overlay } = fitted;
  const out = (text: string) => void process.stdout.write(text);
  if (flags.json) {
    out(`${JSON.stringify({ file, column: flags.column, rows: fitted.rows, skippedLines: fitted.skipped, ...result, winner: best.spec }, null, 2)}\n`);
  } else {
    const skipped = fitted.skipped ? ` (${fitted.skipped} bad line(s) skipped)` : '';
    out(`orchsim fit ${file} --column ${flags.column}: ${fitted.values} values${skipped}\n${renderFit(result, estimator)}\nwinner: ${specText(best.spec)}\n`);
    if (accepted && accepted !== best) out(`  (${best.family} is not a scenario distribution yet; the best one that is: ${specText(accepted.spec)})\n`);
  }
  if (overlay !== undefined) {
    if (flags.out !== undefined) {
      writeFileAtomic(flags.out, overlay, flags.force ?? false);
      if (!flags.json) out(`wrote ${flags.out}: ${flags.to} = ${specText(accepted!.spec)} (orchsim run ${flags.out})\n`);
    } else if (!flags.json) out(`\n${overlay}`);
  }
}

const fixed = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const sig = (x: number | undefined) => (x === undefined ? '-' : String(roundNumber(x)));

/** The ranked candidates, their bootstrap intervals, the families not fitted and each estimator, as text. */
export function renderFit(result: FitResult, estimator: (family: FamilyName) => string): string {
  const best = result.candidates[0]!;
  const rows = result.candidates.map((c, i) => [
    String(i + 1),
    c.family,
    Object.entries(c.spec.values)
      .map(([k, v]) => `${k}=${roundNumber(v)}`)
      .join(', '),
    fixed(c.logLikelihood),
    fixed(c.aic),
    fixed(c.aic - best.aic),
    sig(c.ks),
    sig(c.ksP),
    sig(c.ad),
    sig(c.adP),
  ]);
  const parts = [table(['rank', 'family', 'parameters', 'log-lik', 'AIC', 'dAIC', 'KS', 'p(KS)', 'AD', 'p(AD)'], rows)];
  if (result.bootstrap > 0) {
    const ivRows: string[][] = [];
    for (const c of result.candidates)
      for (const [k, v] of Object.entries(c.spec.values)) {
        const iv = c.intervals?.[k];
        ivRows.push([c.family, k, sig(v), sig(iv?.low), sig(iv?.high)]);
      }
    const pct = roundNumber((100 * (1 - result.level)) / 2);
    parts.push(
      `\n  ${Math.round(result.level * 100)}% intervals (parametric bootstrap, B = ${result.bootstrap}: parameters re-estimated on each sample)\n` +
        table(['family', 'parameter', 'estimate', `${pct}%`, `${roundNumber(100 - pct)}%`], ivRows),
    );
  } else parts.push('\n  (no p-values or intervals: --bootstrap 0)');
  for (const s of result.skipped) parts.push(`  ${s.family}: not fitted (${s.reason})`);
  parts.push('\n  estimators:', ...result.candidates.map((c) => `    ${c.family}: ${estimator(c.family)}`));
  return `${parts.join('\n')}\n`;
}
