// Golden outputs: runs a fixed set of commands at fixed seeds into a scratch folder and hashes
// every file they write and every line they print, so that a refactor can show its outputs are
// byte-identical to the build before it.
//
//   node dist/bench/golden.js --write /tmp/golden-before.json   (on the old build)
//   node dist/bench/golden.js --check /tmp/golden-before.json   (on the new build)
//
// What differs between two honest runs is left out: meta.json's clock, memory and timing
// fields, the seconds a console line quotes, and the long-run estimate block a loaded machine prints.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const presets = [
  'dependent-chain', 'exploratory', 'high-stakes', 'model-routing', 'model-routing-all-opus',
  'model-routing-all-sonnet', 'outcome-decomposable', 'outcome-high-stakes',
  'outcome-high-volume-simple', 'outcome-rare-novel', 'refund-workflow', 'review-bottleneck',
  'team', 'test-backfill',
];

/** The commands whose outputs must not move; `OUT` is replaced by a scratch path. */
function commands(): { name: string; args: string[] }[] {
  const list = [
    { name: 'default', args: ['run', '-n', '2000', '--seed', '7', '-w', '1', '--out', 'OUT/default', '--report'] },
    { name: 'default-w2', args: ['run', '-n', '2000', '--seed', '7', '-w', '2', '--out', 'OUT/default-w2'] },
    { name: 'sweep', args: ['sweep', '--vary', 'fanout=1,2,4,8', '--vary', 'review.reviewers=1,2', '-n', '200', '--seed', '7', '-w', '2', '--out', 'OUT/sweep', '--report'] },
    { name: 'stream', args: ['run', 'refund-workflow', '-n', '20', '--seed', '7', '-w', '1', '--out', 'OUT/stream', '--changes'] },
    { name: 'closed', args: ['run', 'team', '-n', '20', '--seed', '7', '-w', '1', '--out', 'OUT/closed', '--changes'] },
    { name: 'trace', args: ['trace', '--seed', '7', '--out', 'OUT/trace.csv', '--report'] },
    { name: 'tornado', args: ['sensitivity', '--param', 'people.loadedUsdPerHour=50..200', '--param', 'review.reviewers=1..4', '-n', '100', '--seed', '7', '-w', '1', '--out', 'OUT/tornado'] },
    { name: 'morris', args: ['sensitivity', '--judgment', '--method', 'morris', '--trajectories', '4', '-n', '40', '--seed', '7', '-w', '2', '--out', 'OUT/morris'] },
    { name: 'sobol', args: ['sensitivity', '--param', 'people.loadedUsdPerHour=50..200', '--param', 'review.reviewers=1..4', '--method', 'sobol', '--samples', '16', '-n', '20', '--seed', '7', '-w', '2', '--out', 'OUT/sobol', '--report'] },
    { name: 'breakeven', args: ['breakeven', '-n', '200', '--seed', '7', '--param', 'people.loadedUsdPerHour', '--between', '20..400', '--compare', 'fanout:single', '--metric', 'cost_per_merged_usd', '--out', 'OUT/breakeven', '--report'] },
    { name: 'robustness', args: ['robustness', '--draws', '16', '-n', '20', '--seed', '7', '-w', '2', '--out', 'OUT/robustness', '--report'] },
    { name: 'validate', args: ['validate', 'configs/team.yaml'] },
    { name: 'dictionary', args: ['dictionary'] },
    { name: 'schema', args: ['schema'] },
    { name: 'fit', args: ['fit', 'OUT/default/runs.csv', '--column', 'total_usd', '--seed', '7', '--json'] },
  ];
  for (const preset of presets) {
    const runs = preset === 'refund-workflow' ? '20' : '200';
    list.push({ name: preset, args: ['run', preset, '-n', runs, '--seed', '7', '-w', '1', '--out', `OUT/${preset}`] });
  }
  return list;
}

const volatileMeta = new Set(['startedAt', 'seconds', 'maxRssMb', 'timing', 'node', 'argv', 'workers', 'cpuQuota']);

function normalise(path: string, bytes: Buffer, out: string): string {
  let text = bytes.toString('utf8').split(out).join('OUT');
  if (path.endsWith('meta.json')) {
    const meta = JSON.parse(text) as Record<string, unknown>;
    for (const key of volatileMeta) delete meta[key];
    text = JSON.stringify(meta);
  }
  return text;
}

function consoleText(text: string, out: string): string {
  // A run whose estimate is near the long-run threshold prints its estimate only when the
  // machine is slow: that block says how busy the machine was, not what the run computed.
  return text.replace(/orchsim: a long run:\n(?:[a-z]+: +.*\n){6}/g, '').split(out).join('OUT')
    .replace(/\b\d[\d,.]*\s*(s|ms|seconds|MB)\b/g, '#$1')
    .replace(/\x1b\[[0-9;]*m/g, '');
}

function files(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...files(path));
    else found.push(path);
  }
  return found.sort();
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

function main(): void {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== '--write' && mode !== '--check') || file === undefined) {
    console.error('usage: golden.js --write FILE | --check FILE');
    process.exit(2);
  }
  const out = mkdtempSync(join(tmpdir(), 'orchsim-golden-'));
  const hashes: Record<string, string> = {};
  try {
    for (const { name, args } of commands()) {
      const argv = args.map((a) => a.replace(/^OUT/, out));
      const started = Date.now();
      const result = spawnSync(process.execPath, [cli, ...argv], {
        encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '' }, maxBuffer: 1 << 28,
      });
      hashes[`${name}: exit`] = String(result.status);
      hashes[`${name}: stdout`] = sha(consoleText(result.stdout, out));
      hashes[`${name}: stderr`] = sha(consoleText(result.stderr, out));
      console.error(`${name}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    for (const path of files(out)) {
      hashes[relative(out, path)] = sha(normalise(path, readFileSync(path), out));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  if (mode === '--write') {
    writeFileSync(file, JSON.stringify(hashes, null, 1) + '\n');
    console.log(`${Object.keys(hashes).length} hashes written to ${file}`);
    return;
  }
  const before = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(hashes)])].sort();
  const differ = keys.filter((k) => before[k] !== hashes[k]);
  for (const key of differ) console.log(`differs: ${key} (${before[key] ?? 'absent'} -> ${hashes[key] ?? 'absent'})`);
  console.log(`${keys.length - differ.length} of ${keys.length} identical`);
  process.exit(differ.length === 0 ? 0 : 1);
}

main();
