/**
 * The library's API docs (docs/api.md) are generated from src/index.ts and the doc comments
 * (src/cli/apiDocs.ts, on the declaration files of the build): this checks the page is up to
 * date, that every exported function carries an `@example`, and runs every example, so a broken
 * one fails. An example imports from 'orchsim' (here: src/index.ts) and checks what it shows with
 * node:assert; each is written to a scratch module and imported, TypeScript and all.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { API_DOC, apiMarkdown, apiSections, examplesOf, type ApiEntry } from '../../src/cli/apiDocs.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist', 'src');
if (!existsSync(join(DIST, 'index.d.ts'))) throw new Error(`${DIST}/index.d.ts is missing: run npm run build (npm test does it first)`);

const sections = apiSections(ROOT, DIST);
const entries: ApiEntry[] = sections.flatMap((s) => s.entries);
const functions = entries.filter((e) => e.kind === 'function');
const scratch = mkdtempSync(join(tmpdir(), 'orchsim-api-examples-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docs/api.md', () => {
  it('is what npm run docs generates from src/index.ts and the doc comments', () => {
    expect(readFileSync(API_DOC(ROOT), 'utf8')).toBe(apiMarkdown(sections));
  });

  it('documents every export of the entry, and every function with an example', () => {
    expect(entries.length).toBeGreaterThan(40);
    expect(functions.filter((f) => examplesOf(f.doc).length === 0).map((f) => f.name)).toEqual([]);
  });

  it('finds the examples of a doc comment', () => {
    const doc = 'What it does.\n\n@example\n```ts\nconst a = 1;\n```\n@param x nothing\n@example\n```ts\nconst b = 2;\n```';
    expect(examplesOf(doc)).toEqual(['const a = 1;\n', 'const b = 2;\n']);
  });
});

describe('every example of the API docs runs', () => {
  const index = join(ROOT, 'src', 'index.ts');
  for (const f of functions) {
    examplesOf(f.doc).forEach((code, k) => {
      it(`${f.name}${k > 0 ? ` (${k + 1})` : ''}`, async () => {
        expect(code).toMatch(/from 'orchsim'/);
        const file = join(scratch, `${f.name}-${k}.ts`);
        writeFileSync(file, code.replaceAll("from 'orchsim'", `from ${JSON.stringify(index)}`));
        await import(file);
      }, 120_000);
    });
  }
});
