/** The declared list of output files and the writer that run and merge share (src/app/outputs.ts). */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chosenFiles, OUTPUT_FILES, OutputWriter, type Meta, type OutputFile } from '../../src/app/index.js';
import { OutputDir, RunSums, type ChunkResult } from '../../src/output/index.js';

const scratches: string[] = [];
afterEach(() => {
  for (const d of scratches.splice(0)) rmSync(d, { recursive: true, force: true });
});
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'orchsim-outputs-'));
  scratches.push(d);
  return d;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const chunk = (runs: string): ChunkResult => ({ point: 0, from: 0, to: 1, runs: bytes(runs), changes: bytes(''), values: new Float64Array(0), sums: { totals: new BigInt64Array(0), counts: new Float64Array(0) } });
const meta = { tiers: ['t'], grid: [{ path: 'fanout', column: 'fanout', values: [1] }] } as unknown as Meta;

describe('OUTPUT_FILES', () => {
  it('are the files the CLI documents, changes.csv only when chosen, in meta.json order', () => {
    const names = (changes: boolean) => chosenFiles({ changes }).map((f) => f.name);
    expect(names(false)).toEqual(['runs.csv', 'summary.csv', 'distributions.csv', 'meta.json', 'README.md']);
    expect(names(true)).toEqual(['runs.csv', 'changes.csv', 'summary.csv', 'distributions.csv', 'meta.json', 'README.md']);
    expect(chosenFiles({ changes: false, report: true }).map((f) => f.name)).toEqual(['runs.csv', 'summary.csv', 'distributions.csv', 'meta.json', 'README.md', 'report.html']);
    expect(chosenFiles({ changes: false, best: true }).map((f) => f.name)).toEqual(['runs.csv', 'summary.csv', 'distributions.csv', 'best.csv', 'meta.json', 'README.md']);
  });

  it('has one name per entry, and exactly one stream file feeds the summary', () => {
    expect(new Set(OUTPUT_FILES.map((f) => f.name)).size).toBe(OUTPUT_FILES.length);
    expect(OUTPUT_FILES.filter((f) => f.write.stage === 'stream' && f.write.feedsSummary).map((f) => f.name)).toEqual(['runs.csv']);
  });
});

describe('OutputWriter', () => {
  /** A list with one file of every stage, declared out of stage order, and one never chosen. */
  const order: string[] = [];
  const list: OutputFile[] = [
    { name: 'last.txt', when: () => true, write: { stage: 'directory', text: (_c, w) => `${readFileSync(w.path('a.txt'), 'utf8')}+${readFileSync(w.path('rec.json'), 'utf8')}` } },
    { name: 'rec.json', when: () => true, write: { stage: 'record', text: (c) => (order.push('record'), JSON.stringify(c.meta.tiers)) } },
    { name: 'rows.csv', when: () => true, write: { stage: 'stream', header: (l) => ['point', ...l.params, ...l.tiers], part: (c) => c.runs } },
    { name: 'never.csv', when: (choice) => choice.changes, write: { stage: 'stream', header: () => ['x'], part: (c) => c.changes } },
    { name: 'a.txt', when: () => true, write: { stage: 'result', text: (c) => (order.push('result'), c.prefixes.join(';')) } },
  ];

  it('writes the chosen files stage by stage (stream, result, record, directory) and commits the directory', async () => {
    order.length = 0;
    const target = join(scratch(), 'out');
    const writer = new OutputWriter(OutputDir.create(target, false), chosenFiles({ changes: false }, list));
    expect(writer.names()).toEqual(['last.txt', 'rec.json', 'rows.csv', 'a.txt']);
    writer.begin({ params: ['fanout'], tiers: ['t'] });
    writer.append(chunk('0,1,2\n'));
    writer.append(chunk('1,1,3\n'));
    expect(existsSync(target)).toBe(false); // nothing in place before the commit
    await writer.finish({ meta, rows: [], prefixes: ['0,1', '1,2'], values: [], sums: new RunSums([], []) }, () => order.push('clock'));
    expect(order).toEqual(['result', 'clock', 'record']);
    expect(readdirSync(target).sort()).toEqual(['a.txt', 'last.txt', 'rec.json', 'rows.csv']);
    expect(readFileSync(join(target, 'rows.csv'), 'utf8')).toBe('point,fanout,t\n0,1,2\n1,1,3\n');
    expect(readFileSync(join(target, 'last.txt'), 'utf8')).toBe('0,1;1,2+["t"]');
  });
});
