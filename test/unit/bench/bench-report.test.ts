import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { awsFigures } from '../../../bench/lib/gateway-metrics';
import { renderReadme, updateReadme } from '../../../bench/readme';
import type { BenchResults } from '../../../bench/lib/report';

/** Two scrapes of the gateway's /metrics, as prom-client writes them. */
const before = new Map<string, number>([
  ['aws_calls_saved_total{service="ec2",kind="instance",reason="batching"}', 10],
  ['aws_batch_size_count{service="ec2",kind="instance"}', 1],
  ['aws_batch_size_sum{service="ec2",kind="instance"}', 11],
  ['aws_cache_lookups_total{result="hit"}', 5],
  ['aws_cache_lookups_total{result="miss"}', 5],
]);
const after = new Map<string, number>([
  ['aws_calls_saved_total{service="ec2",kind="instance",reason="batching"}', 409],
  ['aws_calls_saved_total{service="ssm",kind="managedNode",reason="coalescing"}', 3],
  ['aws_batch_size_count{service="ec2",kind="instance"}', 3],
  ['aws_batch_size_sum{service="ec2",kind="instance"}', 411],
  ['aws_cache_lookups_total{result="hit"}', 35],
  ['aws_cache_lookups_total{result="miss"}', 15],
  ['aws_cache_bytes', 1234],
  ['aws_cache_entries', 7],
]);

describe('bench: the gateway figures of a scenario are the difference of two /metrics scrapes', () => {
  it('counts calls saved by reason, batches by kind with their mean size, and the hit ratio over the window', () => {
    expect(awsFigures(before, after)).toEqual({
      callsSaved: { batching: 399, coalescing: 3 },
      batches: { instance: { calls: 2, ids: 400, meanIds: 200 } },
      cache: { hits: 30, misses: 10, hitRatio: 0.75, bytes: 1234, entries: 7 },
      budget: { waits: 0, waitSecondsTotal: 0, rejections: 0 },
    });
  });
});

describe('bench: the README section is rendered from one run and replaced in place', () => {
  const results: BenchResults = {
    date: '2026-11-30T10:00:00.000Z',
    command: 'npm run bench',
    mode: 'full',
    elapsedSeconds: 300,
    machine: { cpus: 2, cpuModel: 'cpu', node: 'v20', platform: 'linux', loadAverageAtStart: [1, 1, 1], loadAverageAtEnd: [2, 2, 2] },
    settings: { simulatorLatencyMs: '20-60' },
    passed: false,
    scenarios: [
      {
        name: 'burst-5000',
        workload: 'all 5000 instances',
        settingChanges: [{ setting: 'FLEETGRAPH_AWS_BUDGET_SHARE=1', why: 'AWS numbers' }],
        simulator: { instances: 5000, latencyMs: '20-60', throttling: true },
        checks: [
          { figure: 'throttled calls at the simulator', measured: 0, bound: '= 0', pass: true },
          { figure: 'lookups answered', measured: 4999, bound: '= 5000', pass: false },
        ],
        details: { awsCallsText: 'DescribeInstances 31', errorCodes: {} },
        elapsedSeconds: 20,
      },
    ],
  };

  it('names the command next to every figure and says which bounds broke', () => {
    const md = renderReadme(results);
    expect(md).toContain('| figure (`npm run bench`) | measured | bound | |');
    expect(md).toContain('| throttled calls at the simulator | 0 | = 0 | PASS |');
    expect(md).toContain('| lookups answered | 4999 | = 5000 | **FAIL** |');
    expect(md).toContain('**1 bound(s) broken**');
    expect(md).toContain('Changed: FLEETGRAPH_AWS_BUDGET_SHARE=1 — AWS numbers.');
  });

  it('replaces the old section, keeps what comes before and after it, and a second render changes nothing', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-readme-')), 'README.md');
    writeFileSync(file, '# Title\n\nintro\n\n## Benchmarks\n\nold figures\n');
    updateReadme(file, renderReadme(results));
    const once = readFileSync(file, 'utf8');
    expect(once.startsWith('# Title\n\nintro\n\n## Benchmarks\n')).toBe(true);
    expect(once).not.toContain('old figures');
    writeFileSync(file, once + '\n## After\n\nkept\n');
    updateReadme(file, renderReadme(results));
    const twice = readFileSync(file, 'utf8');
    expect(twice).toBe(once + '\n## After\n\nkept\n');
  });
});
