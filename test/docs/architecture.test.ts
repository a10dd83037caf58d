/**
 * docs/architecture.md's layer diagram is derived from the code: its arrows are exactly the
 * layer-to-layer imports of src/ (an arrow `a --> b` means some module of b imports one of a),
 * and the layers form no cycle. A new import across layers fails here until the diagram shows
 * it; an arrow the code no longer has fails too.
 *
 * How: every relative specifier in src/**\/*.ts (static `import`/`export ... from`, side-effect
 * `import '...'` and dynamic `import('...')`) is resolved against its file; a layer is the first
 * folder under src/. src/index.ts (the library entry) sits above every layer and is left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The layer of a path under src/, or undefined for src/index.ts itself. */
function layerOf(path: string): string | undefined {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** `from --> to` for every import of a module in layer `to` from one in layer `from`. */
function importedLayerEdges(): Set<string> {
  const edges = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const importer = layerOf(file);
    if (!importer) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const imported = layerOf(resolve(dirname(file), match[1]!));
      if (imported && imported !== importer) edges.add(`${imported} --> ${importer}`);
    }
  }
  return edges;
}

/** The arrows of the first mermaid block of docs/architecture.md, and its node ids. */
function diagram(): { edges: Set<string>; nodes: Set<string> } {
  const text = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const block = /```mermaid\n([\s\S]*?)```/.exec(text);
  if (!block) throw new Error('docs/architecture.md has no mermaid block');
  const edges = new Set<string>();
  const nodes = new Set<string>();
  for (const line of block[1]!.split('\n')) {
    const arrow = /^\s*(\w+)\s*-->\s*(\w+)\s*$/.exec(line);
    if (arrow) edges.add(`${arrow[1]} --> ${arrow[2]}`);
    const node = /^\s*(\w+)\[/.exec(line);
    if (node) nodes.add(node[1]!);
  }
  return { edges, nodes };
}

describe("docs/architecture.md's diagram", () => {
  it('has exactly the layer-to-layer imports of src/ as its arrows', () => {
    const fromCode = importedLayerEdges();
    const drawn = diagram().edges;
    const missing = [...fromCode].filter((e) => !drawn.has(e)).sort();
    const extra = [...drawn].filter((e) => !fromCode.has(e)).sort();
    expect({ missingFromDiagram: missing, drawnButNotImported: extra }).toEqual({ missingFromDiagram: [], drawnButNotImported: [] });
  });

  it('names every layer folder of src/ as a node', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect([...diagram().nodes].sort()).toEqual(folders);
  });

  it('is layered: the imports between layers form no cycle', () => {
    const next = new Map<string, string[]>();
    for (const edge of importedLayerEdges()) {
      const [from, to] = edge.split(' --> ') as [string, string];
      next.set(from, [...(next.get(from) ?? []), to]);
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycle: string[] = [];
    const visit = (layer: string, path: string[]): boolean => {
      if (state.get(layer) === 'done') return false;
      if (state.get(layer) === 'open') {
        cycle.push(...path.slice(path.indexOf(layer)), layer);
        return true;
      }
      state.set(layer, 'open');
      for (const to of next.get(layer) ?? []) if (visit(to, [...path, layer])) return true;
      state.set(layer, 'done');
      return false;
    };
    for (const layer of next.keys()) if (visit(layer, [])) break;
    expect(cycle).toEqual([]);
  });

  it('the check sees an import that crosses layers (a specifier of each form)', () => {
    const sample = [
      "import { a } from '../model/index.js';",
      "export * from '../random/index.js';",
      "import '../engine/index.js';",
      "const m = await import('../output/index.js');",
    ].join('\n');
    const found = [...sample.matchAll(SPECIFIER)].map((m) => m[1]);
    expect(found).toEqual(['../model/index.js', '../random/index.js', '../engine/index.js', '../output/index.js']);
  });
});
