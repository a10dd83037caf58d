/**
 * The files of a Claude Code project folder: every `*.jsonl` below it, what each one is (a
 * session's main file, a subagent's file in a session's `subagents/` folder (2.1.x) or at the
 * root (2.0.x), a compaction), and the session its name gives. ./claudeCode.ts reads them.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../../errors/index.js';

/** Every *.jsonl under `dir`, sorted by path (a session's main file sorts before its folder). */
export function sessionFiles(dir: string): string[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UsageError(`--claude-code ${dir}: no such folder`, 'claude-code');
  }
  if (!st.isDirectory()) throw new UsageError(`--claude-code ${dir}: not a folder; give a project folder of session logs (~/.claude/projects/<project>)`, 'claude-code');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.jsonl')) out.push(p);
    }
  };
  walk(dir);
  if (out.length === 0) throw new UsageError(`--claude-code ${dir}: no session files (*.jsonl) in this folder; give a project folder such as ~/.claude/projects/<project>`, 'claude-code');
  return out.sort();
}

export type FileKind = 'main' | 'subagent' | 'rootAgent' | 'compaction';

export const inSubagentsFolder = (file: string) => basename(dirname(file)) === 'subagents';
export const isAgentFile = (file: string) => basename(file).startsWith('agent-');
const isCompactionFile = (file: string) => basename(file).startsWith('agent-acompact');

export function kindOf(file: string): FileKind {
  if (!isAgentFile(file)) return 'main';
  if (isCompactionFile(file)) return 'compaction';
  return inSubagentsFolder(file) ? 'subagent' : 'rootAgent';
}

/** The group a file is read with: a session's main file and its folder share one. */
export function groupOf(file: string): string {
  return inSubagentsFolder(file) ? dirname(dirname(file)) : join(dirname(file), basename(file, '.jsonl'));
}

/** The agent id a subagent's or compaction's file name gives (`agent-<id>.jsonl`); '' for a main file. */
export function fileAgentOf(file: string, kind: FileKind): string {
  return kind === 'main' ? '' : basename(file, '.jsonl').slice('agent-'.length);
}

/** The session a file's path names: a main file's own name, a subagents folder's session; '' when only its records can say (2.0.x root-level files). */
export function sessionOfPath(file: string, kind: FileKind): string {
  return kind === 'subagent' || (kind === 'compaction' && inSubagentsFolder(file)) ? basename(dirname(dirname(file))) : kind === 'main' ? basename(file, '.jsonl') : '';
}
