/**
 * `orchsim fit FILE --column NAME`: fits the candidate families to one column, prints the ranked
 * table (parameters, log-likelihood, AIC, KS and AD with bootstrap p-values, intervals) and the
 * winner in the scenario's form; with --to, an overlay scenario setting that field.
 */
import { UsageError } from '../errors/index.js';
import { scenarioSchema } from '../model/index.js';
import { distSpecSchema } from '../random/index.js';
import { checkPath } from '../experiment/index.js';
import { table, writeFileAtomic } from '../output/index.js';
import { FAMILY_NAMES, type FamilyName } from './fit/family.js';
import { FAMILIES } from './fit/families.js';
import { fitCandidates, MIN_OBSERVATIONS, type FitResult } from './fit/fit.js';
import { overlayYaml, roundNumber, specText } from './overlay.js';
import { readColumn } from './read/column.js';
import { bestAccepted, checkOverlay } from './scenarioFields.js';

export interface FitFlags {
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

/** `--families lognormal,gamma` → the names, checked. */
export function parseFamilies(text: string | undefined): FamilyName[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names)
    if (!(FAMILY_NAMES as readonly string[]).includes(n))
      throw new UsageError(`--families: unknown family '${n}' (families: ${FAMILY_NAMES.join(', ')})`, 'families');
  if (names.length === 0) throw new UsageError(`--families: give at least one of ${FAMILY_NAMES.join(', ')}`, 'families');
  return names as FamilyName[];
}

/** The schemas of the field at `parts` (several under a union; none if no such field): objects by shape, records by value type. */
function fieldSchema(schema: unknown, parts: readonly string[]): unknown[] {
  if (parts.length === 0) return [schema];
  const s = schema as { shape?: Record<string, unknown>; valueType?: unknown; options?: unknown[] };
  const [head, ...rest] = parts;
  if (s.options) return s.options.flatMap((o) => fieldSchema(o, parts));
  if (s.shape) return head! in s.shape ? fieldSchema(s.shape[head!], rest) : [];
  if (s.valueType) return fieldSchema(s.valueType, rest);
  return [];
}

/** Is `path` a distribution field of the scenario? Throws a UsageError naming --to otherwise. */
function checkDistributionPath(path: string): string[] {
  const parts = checkPath(path, '--to');
  const found = fieldSchema(scenarioSchema, parts);
  if (found.length === 0) throw new UsageError(`--to ${path}: the scenario has no field '${path}' (orchsim validate prints every field)`, 'to');
  if (!found.includes(distSpecSchema)) throw new UsageError(`--to ${path}: not a distribution field; give one such as agents.orientation.turns or review.overheadHours`, 'to');
  return parts;
}

const fixed = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const sig = (x: number | undefined) => (x === undefined ? '-' : String(roundNumber(x)));

export function renderFit(result: FitResult): string {
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
  parts.push('\n  estimators:', ...result.candidates.map((c) => `    ${c.family}: ${FAMILIES[c.family].estimator}`));
  return `${parts.join('\n')}\n`;
}

export function fitCommand(file: string, flags: FitFlags, out: (text: string) => void): void {
  const families = parseFamilies(flags.families);
  const path = flags.to === undefined ? undefined : checkDistributionPath(flags.to);
  if (flags.out !== undefined && path === undefined) throw new UsageError('--out writes an overlay scenario: give the field with --to PATH (for example --to agents.orientation.turns)', 'out');
  const positive = (families ?? FAMILY_NAMES).some((f) => FAMILIES[f].needsPositive);
  const column = readColumn(file, flags.column, { lenient: flags.lenient ?? false, positive });
  const n = column.values.length;
  if (n < MIN_OBSERVATIONS) throw new UsageError(`fit ${file}: ${n} value(s) in '${flags.column}'; fitting needs at least ${MIN_OBSERVATIONS}`, 'file');
  const result = fitCandidates(column.values, { families, bootstrap: flags.bootstrap, seed: flags.seed });
  if (result.candidates.length === 0)
    throw new UsageError(`fit ${file}: no family can be fitted to '${flags.column}' (${result.skipped.map((s) => `${s.family}: ${s.reason}`).join('; ')}); a single repeated value is a constant: write it as a number`, 'file');
  const best = result.candidates[0]!;
  const accepted = bestAccepted(result);
  let overlay: string | undefined;
  if (path) {
    if (!accepted) throw new UsageError(`--to ${flags.to}: no fitted family is one a scenario accepts yet (${result.candidates.map((c) => c.family).join(', ')})`, 'to');
    const rank = result.candidates.indexOf(accepted) + 1;
    overlay = overlayYaml(
      [`orchsim fit overlay: ${flags.to} fitted to '${flags.column}' of ${file}.`, `Run it with: orchsim run <this file>`],
      [
        {
          path,
          value: accepted.spec,
          comment: `${accepted.family}, ranked ${rank} of ${result.candidates.length} by AIC, on ${n} values of '${flags.column}' in ${file}`,
        },
      ],
    );
    checkOverlay(overlay, flags.to!);
  }
  if (flags.json) {
    out(`${JSON.stringify({ file, column: flags.column, rows: column.rows, skippedLines: column.skipped, ...result, winner: best.spec }, null, 2)}\n`);
  } else {
    const skipped = column.skipped ? ` (${column.skipped} bad line(s) skipped)` : '';
    out(`orchsim fit ${file} --column ${flags.column}: ${n} values${skipped}\n${renderFit(result)}\nwinner: ${specText(best.spec)}\n`);
    if (accepted && accepted !== best) out(`  (${best.family} is not a scenario distribution yet; the best one that is: ${specText(accepted.spec)})\n`);
  }
  if (overlay !== undefined) {
    if (flags.out !== undefined) {
      writeFileAtomic(flags.out, overlay, flags.force ?? false);
      if (!flags.json) out(`wrote ${flags.out}: ${flags.to} = ${specText(accepted!.spec)} (orchsim run ${flags.out})\n`);
    } else if (!flags.json) out(`\n${overlay}`);
  }
}
