import { describe, expect, it } from 'vitest';
import { allocatePointValues, METRIC_INDEX, summarizePoint } from '../../src/experiment/index.js';
import { histograms, renderReport, table } from '../../src/output/index.js';
import { resolveScenario } from '../../src/model/index.js';

function pointValues() {
  const n = 200;
  const pv = allocatePointValues(0, ['human', 'single', 'fanout'], 0, n);
  const fill = (r: number, metric: keyof typeof METRIC_INDEX, f: (i: number) => number) => {
    const a = pv.data[r]![METRIC_INDEX[metric]]!;
    for (let i = 0; i < n; i++) a[i] = f(i);
  };
  [40, 10, 4].forEach((hours, r) => {
    fill(r, 'wall_clock_hours', (i) => hours * (1 + (i % 10) / 10));
    fill(r, 'merged', () => 1);
    fill(r, 'merge_rate', () => 1);
    fill(r, 'total_usd', (i) => [4000, 400, 300][r]! * (1 + (i % 7) / 10));
    fill(r, 'cost_per_merged_usd', (i) => [4000, 400, 300][r]! * (1 + (i % 7) / 10));
    fill(r, 'total_tokens', () => [0, 1e6, 4e6][r]!);
  });
  pv.filled = n;
  return pv;
}

describe('console report', () => {
  const pv = pointValues();
  const rows = summarizePoint(pv, { seed: 1 });
  const text = renderReport({ command: 'run', scenarioName: 'test', runs: 200, seed: 1, points: [{ point: 0, label: '', scenario: resolveScenario({ fanout: 4 }), values: pv }], rows });

  it('has a table per regime with the token multiple', () => {
    expect(text).toMatch(/fanout N=4 .* 4\.00x/);
    expect(text).toMatch(/single .* 1\.00x/);
  });

  it('has histograms and a verdict with intervals and probabilities', () => {
    expect(text).toContain('wall clock hours');
    expect(text).toContain('cost per merged change, USD');
    expect(text).toMatch(
      /fanout N=4 vs single: cost per merged change -25% \[.*\], P\(cheaper\) \d\.\d\d \(both merged in 1\.00\); wall clock -60% \[-6\d%, -\d\d%\], P\(faster\) 1\.00 \(both merged in 1\.00\): cheaper per merged change and faster/,
    );
    expect(text).toMatch(/Answer, on cost per merged change: fanout N=4, \$\d+; the runner-up, single, is \d+% dearer \[/);
    expect(text).not.toMatch(/\x1b\[/); // no colour unless asked
  });

  it('names the best point of a sweep', () => {
    const pv2 = pointValues();
    pv2.point = 1;
    pv2.data[2]![METRIC_INDEX.wall_clock_hours]!.fill(1);
    const sweep = renderReport({
      command: 'sweep',
      scenarioName: 'test',
      runs: 200,
      seed: 1,
      points: [
        { point: 0, label: 'fanout=4', scenario: resolveScenario({ fanout: 4 }), values: pv },
        { point: 1, label: 'fanout=8', scenario: resolveScenario({ fanout: 8 }), values: pv2 },
      ],
      rows: [...rows, ...summarizePoint(pv2, { seed: 1 })],
    });
    // One definition of the best point on every line (best.csv's): means, paired tests, Holm.
    expect(sweep).toContain('fanout, wall clock hours: best fanout=8 (mean 1.00 h)');
    expect(sweep).toMatch(/fanout, cost per merged change: best fanout=4 \(mean \$389\)/);
    expect(sweep).not.toContain('(median)');
  });

  it("ranks a team's sweep on throughput, and prints its throughput and bottleneck", () => {
    // Point 0 files fewer changes, so each waits less (shorter wall clock) but fewer merge a month.
    const team = (point: number, mergedPerMonth: number, wallHours: number) => {
      const p = pointValues();
      p.point = point;
      const set = (metric: keyof typeof METRIC_INDEX, f: (i: number) => number) => {
        const a = p.data[2]![METRIC_INDEX[metric]]!;
        for (let i = 0; i < a.length; i++) a[i] = f(i);
      };
      set('merged_per_month', (i) => mergedPerMonth + (i % 5));
      set('wall_clock_hours', (i) => wallHours + (i % 3));
      set('lead_time_hours', (i) => wallHours + (i % 3));
      set('reviewer_utilisation', () => 0.9);
      set('engineer_utilisation', () => 0.2);
      set('bottleneck_utilisation', () => 0.9);
      set('bottleneck_wait_hours', () => 12);
      return p;
    };
    const points = [team(0, 130, 30), team(1, 150, 40)];
    const sweep = renderReport({
      command: 'sweep',
      scenarioName: 'team',
      runs: 200,
      seed: 1,
      points: points.map((p, i) => ({ point: i, label: `fanout=${[1, 4][i]}`, scenario: resolveScenario({ fanout: [1, 4][i]! }), values: p })),
      rows: points.flatMap((p) => summarizePoint(p, { seed: 1 })),
      team: { horizonDays: 28, engineers: 8 },
      bestMetrics: ['mergedPerMonth', 'costPerMergedUsd'],
    });
    expect(sweep).toContain("a team's throughput over 28 days, 8 engineers filing (a closed loop)");
    expect(sweep).toMatch(/fanout=4 +fanout +1\.000 +152\.0 \[\d+\.\d, \d+\.\d\] +41\.0 .* reviewers 90%, wait 12\.0 h a review round/);
    expect(sweep).toContain('fanout, merged changes per month: best fanout=4 (mean 152.0 a month)');
    expect(sweep).not.toContain('wall clock hours: best');
  });

  it('shows one figure for cost per merged change (the ratio of sums) and labels what each distribution is over', () => {
    expect(text).not.toMatch(/cost\/merged p50/);
    expect(text).not.toMatch(/median/);
    expect(text).toContain('merged changes only');
    expect(text).toContain('the replications that merged only');
  });

  it('lays out tables and histograms', () => {
    expect(table(['a', 'bb'], [['x', '1'], ['yyy', '22']], '')).toBe('a    bb\n---  --\nx     1\nyyy  22');
    const h = histograms([{ label: 'r', values: Float64Array.from([1, 1, 1, 2, 3]) }], 4, (x) => String(x));
    expect(h.split('\n')[0]).toMatch(/^ {2}r \|█.*\| {2}median 1$/);
  });
});
