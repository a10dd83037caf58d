/**
 * Reading YAML (or JSON, which is YAML) into plain data, for scenario files and for the values
 * of --set and --vary. What yaml only warns about (an unknown tag, an unknown directive) is an
 * error here: the data would not be what was written. yaml's own limit on aliases
 * (maxAliasCount, 100) stops alias bombs; a cycle (an alias inside its own anchor) and nesting
 * deeper than a scenario's are refused before anything walks the data. Duplicate keys are found
 * here, with a set per mapping: yaml's own check compares every key with every other, which took
 * minutes for a mapping of 50,000 keys.
 */
import { isScalar, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { nestingProblem } from './limits.js';

/** The text of a mapping's key, as a duplicate check compares it. */
function keyText(key: unknown): string {
  if (isScalar(key)) return `s:${String(key.value)}`;
  return `n:${String(key)}`;
}

/** The first key a mapping of the document holds twice, with its line; undefined when none. */
function duplicateKey(doc: ReturnType<typeof parseDocument>, lines: LineCounter): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const text = keyText(pair.key);
        if (seen.has(text)) {
          const at = (pair.key as Node | null)?.range?.[0];
          const where = at === undefined ? '' : ` at line ${lines.linePos(at).line}`;
          found = `Map keys must be unique: ${JSON.stringify(isScalar(pair.key) ? String(pair.key.value) : String(pair.key))} appears twice${where}`;
          return visit.BREAK;
        }
        seen.add(text);
      }
      return undefined;
    },
  });
  return found;
}

/** The data of the text; throws an Error whose message (one line) says what is wrong and where. */
export function readYaml(text: string): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter: lines });
  const problem = doc.errors[0] ?? doc.warnings[0];
  // The message's first line, and the position (linePos) a caller shows the line and a caret from (resolve.ts).
  if (problem) throw Object.assign(new Error(problem.message.split('\n')[0]), { linePos: problem.linePos });
  const duplicate = duplicateKey(doc, lines);
  if (duplicate) throw new Error(duplicate);
  const data: unknown = doc.toJS();
  const nesting = nestingProblem(data);
  if (nesting) throw new Error(nesting.field ? `at ${nesting.field}: ${nesting.problem}` : nesting.problem);
  return data;
}
