/**
 * No module-level mutable state in the model and the kernel: scratch buffers belong to the world
 * or the flow that uses them and are passed explicitly (src/model/flow/scratch.ts), so no result
 * depends on which replication, world or thread touched a buffer last. This reads every source
 * file's top-level declarations and fails on a `let` or `var`, or a
 * `const` holding a new array, typed array, map, set or class instance, unless it is allow-listed
 * below with its reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** `file: name` -> why it may stay at module level. */
const ALLOWED: Readonly<Record<string, string>> = {
  // An allocator, not scratch: every view it hands out is zeroed and never handed out twice, so
  // no result depends on which caller took a view before (src/model/slab.ts says why it exists).
  'src/model/slab.ts: f64Slab': 'allocator of zeroed views',
  'src/model/slab.ts: keptF64Slab': 'allocator of zeroed views',
  'src/model/slab.ts: i32Slab': 'allocator of zeroed views',
  'src/model/slab.ts: u8Slab': 'allocator of zeroed views',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Types whose instances can be changed in place (any class, and the built-in containers). */
const MUTABLE_CONSTRUCTOR = /^(Array|Map|Set|WeakMap|(Big)?(Int|Uint|Float)(8|16|32|64)(Clamped)?Array|[A-Z]\w*)$/;

/**
 * The top-level declarations of a file that hold mutable state: `name: why`. Top-level
 * statements start at column 0 (the formatter's layout); a declaration is read from its keyword
 * to its initializer's first token, across lines.
 */
function mutableState(text: string): string[] {
  const out: string[] = [];
  const declaration = /^(?:export )?(let|var|const) ([A-Za-z_$][\w$]*)\s*(:\s*([^=]+?))?\s*=\s*/gm;
  for (const m of text.matchAll(declaration)) {
    const [, keyword, name, , type] = m as unknown as [string, string, string, string | undefined, string | undefined];
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 200);
    if (keyword !== 'const') {
      out.push(`${name}: a module-level ${keyword}`);
      continue;
    }
    // A readonly type stops writes (for the type checker, which is what stops them here).
    if (type && /^(readonly\s|Readonly)/.test(type.trim())) continue;
    const created = /^new\s+([A-Za-z_$][\w$]*)/.exec(rest);
    if (created && MUTABLE_CONSTRUCTOR.test(created[1]!)) out.push(`${name}: new ${created[1]}`);
    else if (rest.startsWith('[')) {
      // The whole statement, to its `;` at a line's end: `[...] as const` is frozen.
      const tail = text.slice(m.index);
      const statement = tail.slice(0, tail.search(/;[ \t]*$/m));
      if (!/\]\s*as\s+const(\s+satisfies\s[\s\S]*)?$/.test(statement)) out.push(`${name}: a mutable array`);
    }
  }
  return out;
}

describe('module-level state in src/model and src/engine', () => {
  it('finds the kinds of state it is meant to catch', () => {
    const found = mutableState(
      [
        'let visit = 0;',
        'const seen = new Int32Array(64);',
        'const spare: number[] = [];',
        'const cache = new Map<string, number>();',
        'const out = new CallOutcome();',
        'const BY_NAME: ReadonlyMap<string, number> = new Map();',
        "const NAMES = ['a', 'b'] as const;",
        "export const LIST: readonly string[] = ['a'];",
        'export let counter = 0;',
        'const multi: Float64Array =\n  new Float64Array(4);',
        'const LIMIT = 3;',
        'function f() { let inner = 1; return inner; }',
      ].join('\n'),
    );
    expect(found).toEqual(['visit: a module-level let', 'seen: new Int32Array', 'spare: a mutable array', 'cache: new Map', 'out: new CallOutcome', 'counter: a module-level let', 'multi: new Float64Array']);
  });

  it('has none beyond the allow-list, and the allow-list names only what exists', () => {
    const found: string[] = [];
    for (const dir of ['src/model', 'src/engine'])
      for (const path of sourceFiles(join(ROOT, dir))) {
        const file = relative(ROOT, path).split('\\').join('/');
        for (const item of mutableState(readFileSync(path, 'utf8'))) found.push(`${file}: ${item}`);
      }
    const name = (item: string) => item.slice(0, item.indexOf(':', item.indexOf('.ts: ') + 5));
    expect(found.filter((item) => !(name(item) in ALLOWED))).toEqual([]);
    const flaggedNames = new Set(found.map(name));
    expect(Object.keys(ALLOWED).filter((k) => !flaggedNames.has(k))).toEqual([]);
  });
});
