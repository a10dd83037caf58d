/**
 * Reading YAML (or JSON, which is YAML) into plain data, for scenario files and for the values
 * of --set and --vary. What yaml only warns about (an unknown tag, an unknown directive) is an
 * error here: the data would not be what was written. yaml's own limit on aliases
 * (maxAliasCount, 100) stops alias bombs; a cycle (an alias inside its own anchor) and nesting
 * deeper than a scenario's are refused before anything walks the data.
 */
import { parseDocument } from 'yaml';
import { nestingProblem } from './limits.js';

/** The data of the text; throws an Error whose message (one line) says what is wrong and where. */
export function readYaml(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  // The message's first line, and the position (linePos) a caller shows the line and a caret from (resolve.ts).
  if (problem) throw Object.assign(new Error(problem.message.split('\n')[0]), { linePos: problem.linePos });
  const data: unknown = doc.toJS();
  const nesting = nestingProblem(data);
  if (nesting) throw new Error(nesting.field ? `at ${nesting.field}: ${nesting.problem}` : nesting.problem);
  return data;
}
