/**
 * Fitting the candidate families to one column of a file (`orchsim fit`): the ranked candidates,
 * the winner, and with a target field the overlay scenario setting it. The command line's side
 * (flags, the printed table) is ../cli/commands/fit.ts.
 */
import { UsageError } from '../errors/index.js';
import { scenarioSchema } from '../model/index.js';
import { distSpecSchema } from '../random/index.js';
import { checkPath } from '../experiment/index.js';
import { FAMILY_NAMES, type FamilyName } from './fit/family.js';
import { FAMILIES } from './fit/families.js';
import { fitCandidates, MIN_OBSERVATIONS, type CandidateFit, type FitResult } from './fit/fit.js';
import { overlayYaml } from './overlay.js';
import { readColumn } from './read/column.js';
import { bestAccepted, checkOverlay } from './scenarioFields.js';

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
export function checkDistributionPath(path: string): string[] {
  const parts = checkPath(path, '--to');
  const found = fieldSchema(scenarioSchema, parts);
  if (found.length === 0) throw new UsageError(`--to ${path}: the scenario has no field '${path}' (orchsim validate prints every field)`, 'to');
  if (!found.includes(distSpecSchema)) throw new UsageError(`--to ${path}: not a distribution field; give one such as agents.orientation.turns or review.overheadHours`, 'to');
  return parts;
}

export interface FitColumnOptions {
  /** The CSV column or JSON key (a dotted path in JSON lines). */
  column: string;
  families?: FamilyName[];
  bootstrap: number;
  seed: number | string;
  /** Skip and count bad lines instead of stopping at the first. */
  lenient?: boolean;
  /** The scenario field the winner sets (an overlay scenario); checked by checkDistributionPath. */
  to?: string;
}

export interface FittedColumn {
  /** Lines read, and bad lines skipped (lenient). */
  rows: number;
  skipped: number;
  values: number;
  result: FitResult;
  /** The best by AIC, and the best a scenario accepts (undefined: none is). */
  best: CandidateFit;
  accepted: CandidateFit | undefined;
  /** The overlay scenario setting `to`, when given. */
  overlay?: string;
}

export function fitColumn(file: string, options: FitColumnOptions): FittedColumn {
  const { families } = options;
  const path = options.to === undefined ? undefined : checkDistributionPath(options.to);
  const positive = (families ?? FAMILY_NAMES).some((f) => FAMILIES[f].needsPositive);
  const column = readColumn(file, options.column, { lenient: options.lenient ?? false, positive });
  const n = column.values.length;
  if (n < MIN_OBSERVATIONS) throw new UsageError(`fit ${file}: ${n} value(s) in '${options.column}'; fitting needs at least ${MIN_OBSERVATIONS}`, 'file');
  const result = fitCandidates(column.values, { families, bootstrap: options.bootstrap, seed: options.seed });
  if (result.candidates.length === 0)
    throw new UsageError(`fit ${file}: no family can be fitted to '${options.column}' (${result.skipped.map((s) => `${s.family}: ${s.reason}`).join('; ')}); a single repeated value is a constant: write it as a number`, 'file');
  const best = result.candidates[0]!;
  const accepted = bestAccepted(result);
  const fitted: FittedColumn = { rows: column.rows, skipped: column.skipped, values: n, result, best, accepted };
  if (path) {
    if (!accepted) throw new UsageError(`--to ${options.to}: no fitted family is one a scenario accepts yet (${result.candidates.map((c) => c.family).join(', ')})`, 'to');
    const rank = result.candidates.indexOf(accepted) + 1;
    fitted.overlay = overlayYaml(
      [`orchsim fit overlay: ${options.to} fitted to '${options.column}' of ${file}.`, `Run it with: orchsim run <this file>`],
      [
        {
          path,
          value: accepted.spec,
          comment: `${accepted.family}, ranked ${rank} of ${result.candidates.length} by AIC, on ${n} values of '${options.column}' in ${file}`,
        },
      ],
    );
    checkOverlay(fitted.overlay, options.to!);
  }
  return fitted;
}
