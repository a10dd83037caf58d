/**
 * `orchsim init`: a preset scenario copied to a file of one's own to start from. The copy is named
 * after its file, so that its results do not land in the preset's folder (results/<name>-run):
 * `init --out team.yaml` runs into results/team-run.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { UsageError } from '../errors/index.js';
import { DEFAULT_SCENARIO } from '../model/index.js';
import { writeFileAtomic } from '../output/index.js';
import { version } from './paths.js';
import { findPreset, listPresets } from './scenario.js';

/** Writes the copy of preset `name` (default: default) to `out` (default: <name>.yaml); returns the file written. */
export function writePresetCopy(options: { preset?: string; out?: string; force?: boolean }): string {
  const name = options.preset ?? 'default';
  const preset = findPreset(name);
  let text: string;
  if (preset) text = readFileSync(preset.file, 'utf8');
  else if (name === 'default')
    text = `# The embedded default scenario of orchsim ${version()}: edit, then orchsim run ${options.out ?? 'default.yaml'}\n${toYaml(DEFAULT_SCENARIO, { lineWidth: 0 })}`;
  else {
    const names = listPresets().map((p) => p.name);
    throw new UsageError(`init: no preset '${name}'${names.length ? ` (presets: ${names.join(', ')})` : ''}`, 'preset');
  }
  const out = options.out ?? `${name}.yaml`;
  const stem = basename(out).replace(/\.(ya?ml|json)$/i, '');
  if (stem !== name && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(stem)) text = text.replace(/^name: .*$/m, `name: ${stem}`);
  writeFileAtomic(out, text, options.force ?? false);
  return out;
}
