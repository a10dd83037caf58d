/**
 * The baseline of the published token premiums (Anthropic 2025: an agent about 4x the tokens of a
 * chat, a multi-agent system about 15x): a single-shot answer to the change. One call, no tools
 * and no turns after the first: it reads the base context and every subtask's brief, and writes
 * what one turn of each subtask's work writes. Read from the change's own draws (the first
 * attempt's output per turn), so it is the same change's chat under every agent regime.
 */
import type { CompiledModel } from './compile.js';
import type { ChangeSpec } from './change.js';

export function singleShotTokens(m: CompiledModel, spec: ChangeSpec): number {
  let tokens = spec.baseContextTokens;
  for (let i = 0; i < spec.subtaskCount; i++) {
    const work = m.kinds[spec.kind[i]!]!.work;
    tokens += spec.briefingTokens[i]! + Math.max(0, spec.luck.attempt(i, 0).workOutputTokensPerTurn(work.outputTokensPerTurn));
  }
  return tokens;
}
