/**
 * Issue 26's sizes: no source file over 400 lines in src/, no function over 80 lines in src/app
 * and src/cli, so that a newcomer can read a module, and a function, at a sitting. A file or a
 * function past its limit fails here, named with its length; split it by idea.
 *
 * How: a file's lines are its newline count (as `wc -l` counts them). Functions are found by
 * parsing each file with the ESTree parser vitest already brings (rolldown's oxc, `lang: 'ts'`):
 * every function declaration, method, function expression and arrow counts, a nested one on its
 * own (its lines also count towards the function around it), from its first line to its last.
 * A function is named by its own name, or by what it is assigned to (a variable, a property, a
 * method's key); an anonymous one as an arrow or function inside the innermost named one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAst } from 'rolldown/parseAst';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
/** The most lines a source file of src/ may have. */
const MAX_FILE_LINES = 400;
/** The most lines a function of src/app and src/cli may have. */
const MAX_FUNCTION_LINES = 80;
/** The folders whose functions are held to MAX_FUNCTION_LINES (the top floors, issue 26). */
const FUNCTION_FOLDERS = ['app', 'cli'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const lineCount = (text: string) => text.split('\n').length - 1;

/** An ESTree node as this test reads it: its type, its offsets and its children. */
type AstNode = { type: string; start: number; end: number; [field: string]: unknown };

const isNode = (v: unknown): v is AstNode => typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
/** Parents that name the function they hold by a key: methods, object properties, class fields. */
const KEYED = new Set(['MethodDefinition', 'TSAbstractMethodDefinition', 'Property', 'PropertyDefinition']);

/** The name a key or a left-hand side gives (an identifier, a string, `this.x`), if any. */
function nameOf(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === 'Identifier' || node.type === 'PrivateIdentifier') return node.name as string;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'MemberExpression') return nameOf(node.property);
  return undefined;
}

/** What a function is called: its own name, else what its parent assigns it to. */
function functionName(fn: AstNode, parent: AstNode | undefined): string | undefined {
  const own = nameOf(fn.id);
  if (own) return own;
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator') return nameOf(parent.id);
  if (KEYED.has(parent.type)) return nameOf(parent.key);
  if (parent.type === 'AssignmentExpression') return nameOf(parent.left);
  return undefined;
}

interface FunctionLength {
  name: string;
  /** Its first line, 1-based. */
  line: number;
  lines: number;
}

/** Every function of a TypeScript source, with its length in lines. */
function functionLengths(text: string, file: string): FunctionLength[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const found: FunctionLength[] = [];
  const visit = (node: AstNode, parent: AstNode | undefined, enclosing: string | undefined) => {
    let inside = enclosing;
    if (FUNCTION_TYPES.has(node.type)) {
      // A method's lines start at its key (and modifiers); a function's at its own first token.
      const from = parent && KEYED.has(parent.type) ? Math.min(parent.start, node.start) : node.start;
      const own = functionName(node, parent);
      const kind = node.type === 'ArrowFunctionExpression' ? 'an arrow' : 'a function';
      const name = own ?? `${kind} in ${enclosing ?? 'the module'}`;
      const line = lineOf(from);
      found.push({ name, line, lines: lineOf(Math.max(from, node.end - 1)) - line + 1 });
      inside = own ?? enclosing;
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const child of value) if (isNode(child)) visit(child, node, inside);
      if (isNode(value)) visit(value, node, inside);
    }
  };
  visit(parseAst(text, { lang: 'ts' }, file) as unknown as AstNode, undefined, undefined);
  return found;
}

/** `path: N lines` for every file of `files` past `limit`. */
function longFiles(files: readonly string[], limit: number): string[] {
  return files.flatMap((file) => {
    const lines = lineCount(readFileSync(file, 'utf8'));
    return lines > limit ? [`${relative(ROOT, file)}: ${lines} lines (at most ${limit})`] : [];
  });
}

/** `path:line name: N lines` for every function of `text` past `limit`. */
function longFunctions(text: string, path: string, limit: number): string[] {
  return functionLengths(text, path)
    .filter((f) => f.lines > limit)
    .map((f) => `${path}:${f.line} ${f.name}: ${f.lines} lines (at most ${limit})`);
}

describe("issue 26's sizes", () => {
  it(`no source file of src/ is over ${MAX_FILE_LINES} lines`, () => {
    expect(longFiles(sourceFiles(SRC), MAX_FILE_LINES)).toEqual([]);
  });

  it(`no function of src/${FUNCTION_FOLDERS.join(' or src/')} is over ${MAX_FUNCTION_LINES} lines`, () => {
    const files = FUNCTION_FOLDERS.flatMap((folder) => sourceFiles(join(SRC, folder)));
    expect(files.length).toBeGreaterThan(10);
    const long = files.flatMap((file) => longFunctions(readFileSync(file, 'utf8'), relative(ROOT, file), MAX_FUNCTION_LINES));
    expect(long).toEqual([]);
  });
});

describe('the size check sees', () => {
  const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i}: number = ${i};`).join('\n');

  it('a function declaration, a method, an arrow and a function expression, each with its length', () => {
    const text = [
      `export function declared(x: number): number {`, // 1
      body(3),
      `  return x;`,
      `}`, // 6
      `class Reader {`,
      `  private read(line: string): string {`, // 8
      `    return line;`,
      `  }`, // 10
      `  readonly look = (k: string) => k;`, // 11
      `}`,
      `const expressed = function (): void {`, // 13
      `  return;`,
      `};`, // 15
      `const o = { shaped(a: number) { return a; } };`, // 16
    ].join('\n');
    expect(functionLengths(text, 'sample.ts')).toEqual([
      { name: 'declared', line: 1, lines: 6 },
      { name: 'read', line: 8, lines: 3 },
      { name: 'look', line: 11, lines: 1 },
      { name: 'expressed', line: 13, lines: 3 },
      { name: 'shaped', line: 16, lines: 1 },
    ]);
  });

  it('a long function nested in a short one, under its own name, and an anonymous one under the innermost named', () => {
    const text = [
      `export function outer(): number[] {`,
      `  const inner = (): number => {`,
      body(MAX_FUNCTION_LINES),
      `    return 1;`,
      `  };`,
      `  return [1].map((x) => {`,
      body(MAX_FUNCTION_LINES),
      `    return x + inner();`,
      `  });`,
      `}`,
    ].join('\n');
    const long = longFunctions(text, 'src/app/sample.ts', MAX_FUNCTION_LINES);
    expect(long).toEqual([
      `src/app/sample.ts:1 outer: ${2 * MAX_FUNCTION_LINES + 8} lines (at most ${MAX_FUNCTION_LINES})`,
      `src/app/sample.ts:2 inner: ${MAX_FUNCTION_LINES + 3} lines (at most ${MAX_FUNCTION_LINES})`,
      `src/app/sample.ts:${MAX_FUNCTION_LINES + 5} an arrow in outer: ${MAX_FUNCTION_LINES + 3} lines (at most ${MAX_FUNCTION_LINES})`,
    ]);
  });

  it('a function of exactly the limit passes; one line more fails', () => {
    const of = (lines: number) => [`function f(): void {`, body(lines - 2), `}`].join('\n');
    expect(longFunctions(of(MAX_FUNCTION_LINES), 'f.ts', MAX_FUNCTION_LINES)).toEqual([]);
    expect(longFunctions(of(MAX_FUNCTION_LINES + 1), 'f.ts', MAX_FUNCTION_LINES)).toHaveLength(1);
  });
});
