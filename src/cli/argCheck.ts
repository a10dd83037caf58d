/**
 * Mistakes on the command line that commander would answer badly, caught before it parses
 * (issue 24), each a UsageError (exit 2) naming the flag and the fix:
 * - a flag that takes a value given another flag instead (`--seed --out X` would take `--out` as
 *   the seed, and X as the scenario);
 * - an unknown flag that names a scenario field (`--fanout 8`: commander would suggest `--out`),
 *   answered with the `--set field=value` that does it.
 * Everything else (an unknown flag that is no field, a missing value at the end) is commander's.
 */
import type { Command, Option } from 'commander';
import { UsageError } from '../errors/index.js';
import { DEFAULT_SCENARIO } from '../model/index.js';

/** The value at a dotted path of the default scenario, or undefined. */
function scenarioField(path: string): unknown {
  let at: unknown = DEFAULT_SCENARIO;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** `--horizon-days` or `--mode.horizonDays` → the scenario path it may mean (kebab-case read as camelCase), or null. */
export function fieldOfFlag(flag: string): string | null {
  const name = flag.replace(/^--/, '').split('=')[0]!;
  if (!name) return null;
  const camel = name
    .split('.')
    .map((part) => part.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()))
    .join('.');
  if (scenarioField(camel) !== undefined) return camel;
  // `--horizon-days`: a field's own name, where one field of the scenario has it.
  const found = camel.includes('.') ? [] : leafPaths(DEFAULT_SCENARIO, '').filter((p) => p.endsWith(`.${camel}`));
  return found.length === 1 ? found[0]! : null;
}

/** Every dotted path of a value's fields (objects only; lists are values). */
function leafPaths(value: unknown, prefix: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [path, ...leafPaths(v, path)];
  });
}

const takesValue = (o: Option) => o.required || o.optional;

/** Throws a UsageError for the mistakes of the module comment; returns when there are none. */
export function checkArgv(program: Command, argv: readonly string[]): void {
  const command = program.commands.find((c) => c.name() === argv[0] || c.aliases().includes(argv[0] ?? ''));
  if (!command) return;
  const options = [...command.options, ...program.options];
  const byFlag = new Map<string, Option>();
  for (const o of options) {
    if (o.long) byFlag.set(o.long, o);
    if (o.short) byFlag.set(o.short, o);
  }
  const isFlag = (word: string) => word.startsWith('--') || byFlag.has(word);
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return;
    if (!word.startsWith('-') || /^-\d/.test(word)) continue;
    const flag = word.split('=')[0]!;
    const option = byFlag.get(flag);
    if (option) {
      if (!takesValue(option) || word.includes('=')) continue;
      const next = argv[i + 1];
      if (next !== undefined && isFlag(next) && option.required)
        throw new UsageError(`${flag} takes a value (${option.flags}), but the next word is the flag ${next}; give ${flag} its value first (for example ${exampleOf(option)})`, option.attributeName());
      i++;
      continue;
    }
    if (!word.startsWith('--') || flag === '--help' || flag === '--version') continue;
    const field = fieldOfFlag(flag);
    if (field) {
      const inline = word.includes('=') ? word.slice(word.indexOf('=') + 1) : undefined;
      const next = argv[i + 1];
      const value = inline ?? (next !== undefined && !isFlag(next) ? next : 'VALUE');
      const set = command.options.some((o) => o.long === '--set');
      throw new UsageError(
        set
          ? `unknown flag ${flag}: ${field} is a scenario field, not a flag; set it with --set ${field}=${value}`
          : `unknown flag ${flag}: ${field} is a scenario field, not a flag (orchsim ${command.name()} takes no --set; write it in the scenario file)`,
        field,
      );
    }
  }
}

function exampleOf(option: Option): string {
  const examples: Record<string, string> = { '--seed': '--seed 7', '--runs': '--runs 1000', '--out': '--out results/mine', '--workers': '--workers 2', '--set': '--set fanout=8' };
  return examples[option.long ?? ''] ?? `${option.long ?? option.short} ${option.flags.replace(/^.*?([<[].*[>\]]).*$/, '$1')}`;
}
