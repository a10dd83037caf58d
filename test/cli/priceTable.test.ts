/**
 * configs/tiers.yaml is the price table every scenario starts from: editing it changes what the
 * CLI resolves. Checked on a copy of the built package, so the real file is never touched.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');
const copy = mkdtempSync(join(tmpdir(), 'orchsim-prices-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('the shipped price table', () => {
  it('is what scenarios resolve to, and a user who edits it changes every scenario', () => {
    for (const part of ['dist', 'configs', 'package.json']) cpSync(join(repo, part), join(copy, part), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const validate = () =>
      spawnSync(process.execPath, [join(copy, 'dist/src/cli/main.js'), 'validate', join(copy, 'configs/test-backfill.yaml')], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const before = validate();
    expect(before.status).toBe(0);
    expect(before.stdout).toMatch(/sonnet:\n\s+inputUsdPerMTok: 3\n/);
    const tiers = join(copy, 'configs/tiers.yaml');
    writeFileSync(tiers, readFileSync(tiers, 'utf8').replace(/(sonnet:\n\s+inputUsdPerMTok:) 3\b/, '$1 30'));
    const after = validate();
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/sonnet:\n\s+inputUsdPerMTok: 30\n/);
    writeFileSync(tiers, readFileSync(tiers, 'utf8').replace(/inputUsdPerMTok: 30/, 'inputUsdPerMTok: -1'));
    const broken = validate();
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/tiers\.yaml.*prices\.tiers\.sonnet\.inputUsdPerMTok/);
  });
});
