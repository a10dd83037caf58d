/**
 * The library entry (dist/src/index.js) loads no CLI code: neither src/cli/ nor commander.
 *
 * How: a child process loads it with a module resolve hook (node:module register) that records
 * every URL Node resolves, so the check sees what is really loaded, whatever the import syntax
 * (re-exports, `export *`, side-effect imports, a package's own imports), rather than what a
 * parser of import statements would find. Nothing in the library imports lazily, so the import
 * of the entry loads its whole graph. The hook appends to a file synchronously, so every URL is
 * there once the import has resolved.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'orchsim-imports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every URL resolved while importing `entry` in a fresh Node process. */
function loadedUrls(entry: string): string[] {
  const log = join(scratch, `urls-${Math.random().toString(36).slice(2)}.txt`);
  const hooks = join(scratch, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + '\\n');
  return result;
}
`,
  );
  const main = `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: ${JSON.stringify(log)} } });
await import(${JSON.stringify(pathToFileURL(entry).href)});
`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', main], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`loading ${entry} failed (${r.status}): ${r.stderr}`);
  return readFileSync(log, 'utf8').trim().split('\n');
}

const isCli = (url: string) => url.includes('/dist/src/cli/') || /\/node_modules\/commander\//.test(url);

describe('the library entry point', () => {
  const entry = join(ROOT, 'dist/src/index.js');

  it('loads the application layer but nothing of the CLI nor commander', () => {
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build (npm test does it first)`);
    const urls = loadedUrls(entry);
    expect(urls.some((u) => u.endsWith('/dist/src/app/experiment.js'))).toBe(true);
    expect(urls.filter(isCli)).toEqual([]);
  });

  it('the check sees the CLI when it is loaded (the bin does load it)', () => {
    const urls = loadedUrls(join(ROOT, 'dist/src/cli/program.js'));
    expect(urls.some((u) => u.endsWith('/dist/src/cli/program.js'))).toBe(true);
    expect(urls.some((u) => /\/node_modules\/commander\//.test(u))).toBe(true);
  });
});
