/**
 * Scenarios that cannot run away (issue 25): an open stream of 27,000 changes an hour for 30
 * days (under the 20,000,000-change bound, about two hours a replication) and a closed loop of
 * 100,000 engineers over 0.01 days (every engineer's first change drawn up front, about 900 MB a
 * replication) are refused by formula before anything is drawn or simulated, by `validate`, by
 * `run` and by `run --dry-run` alike, with exit 2 and the figures. No timed assertion: the refusal
 * comes from compiling the scenario (the in-process tests show it needs no replication), which
 * is how it stays within 5 s on a loaded machine.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReplicationSize, MAX_HELD_CHANGE_RUNS_PER_REPLICATION, replicationSize } from '../../src/app/replicationSize.js';
import { compileScenario, resolveScenario } from '../../src/model/index.js';
import { ScenarioError } from '../../src/errors/index.js';
import { cli } from '../cli/helpers.js';
import { useScratchDir } from './scratch.js';

const STREAM = 'mode: {kind: stream, arrivals: {per: hour, rate: 27000}, horizonDays: 30}\n';
const CLOSED = 'mode: {kind: stream, arrivals: {per: engineer, engineers: 100000, thinkHours: {dist: lognormal, median: 4, p90: 12}}, horizonDays: 0.01}\n';

const streamMessage =
  /mode\.horizonDays: one replication of this open stream would simulate about 58,320,000 change runs \(19,440,000 changes x 3 regimes\), more than the 6,000,000 one replication may simulate.*ORCHSIM_MAX_CHANGE_RUNS/;
const closedMessage =
  /mode\.arrivals\.engineers: one replication of a closed loop of 100,000 engineers over 0\.01 days would simulate up to about 300,000 change runs \(100,000 changes x 3 regimes\), more than the 200,000 .*about 900 MB per thread.*ORCHSIM_MAX_CHANGE_RUNS/;

const dir = useScratchDir();

describe('runaway scenarios: refused up front by validate, run and --dry-run', () => {
  it.each([
    ['stream.yaml', STREAM, streamMessage],
    ['closed.yaml', CLOSED, closedMessage],
  ])('%s: exit 2 with the figures, nothing written', (file, text, message) => {
    const here = join(dir(), file.replace('.yaml', ''));
    writeFileSync(`${here}.yaml`, text);
    for (const args of [['validate', `${here}.yaml`], ['run', `${here}.yaml`, '-n', '2', '-o', `${here}-out`, '-w', '1'], ['run', `${here}.yaml`, '--dry-run']]) {
      const r = cli(args, dir());
      expect(r.code, `${args[0]} ${args.slice(2).join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+|is a valid scenario/);
      expect(r.stdout).not.toMatch(/time: +about/);
    }
    // No output, journal, lock or results folder: only the scenario files the tests wrote.
    expect(readdirSync(dir()).filter((f) => !f.endsWith('.yaml'))).toEqual([]);
  }, 60_000);

  it('ORCHSIM_MAX_CHANGE_RUNS lets someone who means it through, and a bad value is refused naming it', () => {
    writeFileSync(join(dir(), 'closed-ok.yaml'), CLOSED);
    const through = cli(['validate', 'closed-ok.yaml'], dir(), { ORCHSIM_MAX_CHANGE_RUNS: '1000000' });
    expect(through.code, through.stderr).toBe(0);
    const bad = cli(['validate', 'closed-ok.yaml'], dir(), { ORCHSIM_MAX_CHANGE_RUNS: 'lots' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^orchsim: ORCHSIM_MAX_CHANGE_RUNS=lots: must be a whole number/);
  }, 30_000);
});

describe('the rule, by formula (no replication drawn or simulated)', () => {
  const model = (mode: unknown) => compileScenario(resolveScenario({ mode } as never));

  it('sizes a replication from the rate and horizon, or from the engineers, think time and horizon', () => {
    const stream = replicationSize(model({ kind: 'stream', arrivals: { per: 'hour', rate: 27000 }, horizonDays: 30 }))!;
    expect(stream).toEqual({ changes: 19_440_000, regimes: 3, changeRuns: 58_320_000, closedLoop: false });
    // 0.01 days from Monday 00:00 holds no working hour: each engineer files at most one change.
    const closed = replicationSize(model({ kind: 'stream', arrivals: { per: 'engineer', engineers: 100_000, thinkHours: 4 }, horizonDays: 0.01 }))!;
    expect(closed).toEqual({ changes: 100_000, regimes: 3, changeRuns: 300_000, closedLoop: true });
    expect(replicationSize(model({ kind: 'single-change', arrivalHour: 9 }))).toBeNull();
  });

  it('refuses just past the ceiling, passes just under it; the presets pass', () => {
    // 66,666 engineers x 3 regimes is under 200,000 change runs; 66,667 is over.
    const at = (engineers: number) => model({ kind: 'stream', arrivals: { per: 'engineer', engineers, thinkHours: 4 }, horizonDays: 0.01 });
    expect(() => checkReplicationSize(at(Math.floor(MAX_HELD_CHANGE_RUNS_PER_REPLICATION / 3)), {})).not.toThrow();
    expect(() => checkReplicationSize(at(Math.floor(MAX_HELD_CHANGE_RUNS_PER_REPLICATION / 3) + 1), {})).toThrow(ScenarioError);
    expect(() => checkReplicationSize(at(100_000), { ORCHSIM_MAX_CHANGE_RUNS: '300000' })).not.toThrow();
    // An open stream at 100,000 changes a replication (the refund workflow over ten times its horizon) runs.
    expect(() => checkReplicationSize(model({ kind: 'stream', arrivals: { per: 'month', rate: 100_000 }, horizonDays: 730.5 / 24 }), {})).not.toThrow();
  });
});
