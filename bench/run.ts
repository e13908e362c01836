/**
 * FleetGraph benchmark of the AWS wall.
 *
 *   npm run bench                      full run: writes bench/results.json and the README's
 *                                      "Benchmarks" section from the same run
 *   npm run bench -- --short           reduced sizes, same bounds (= npm run bench:ci, in CI);
 *                                      writes bench/results-short.json only
 *   npm run bench -- --only=a,b        some scenarios (writes nothing)
 *
 * Every scenario starts its own simulator process (AWS-like latency per call, BENCH_SIM_LATENCY_MS,
 * default 20-60 ms) and gateway process (`node dist/src/main.js`, production settings, default
 * limits), and drives them from this process over keep-alive connections. Each prints its figures
 * next to their bounds; the exit code is 1 if any bound is broken.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderPerformance, renderReadme, updatePerformance, updateReadme } from './readme';
import { summaryLines, type BenchResults } from './lib/report';
import type { Scenario, ScenarioResult } from './lib/scenario';
import { burst5000 } from './scenarios/burst-5000';
import { cacheFill } from './scenarios/cache-fill';
import { callsPerQuery } from './scenarios/calls-per-query';
import { distinctLookups } from './scenarios/distinct-lookups';
import { fanout } from './scenarios/fanout';
import { identicalDashboards } from './scenarios/identical-dashboards';
import { throughput } from './scenarios/throughput';

/** In run order. A scenario is `{ name, run(options) → ScenarioResult }`; add new ones here. */
const SCENARIOS: Scenario[] = [callsPerQuery, distinctLookups, identicalDashboards, throughput, cacheFill, burst5000, fanout];

const ROOT = path.resolve(__dirname, '..', '..');


async function main(): Promise<void> {
  // The SDK's "Node 22 will be required from 2027" notice (world.ts reads the simulator with it) is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const args = process.argv.slice(2);
  const short = args.includes('--short');
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const unknown = only?.filter((n) => !SCENARIOS.some((s) => s.name === n)) ?? [];
  if (unknown.length) {
    process.stderr.write(`bench: unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`);
    process.exit(2);
  }
  const latencyMs = process.env.BENCH_SIM_LATENCY_MS ?? '20-60';
  const command = short ? 'npm run bench:ci  (= npm run bench -- --short)' : only ? `npm run bench -- --only=${only.join(',')}` : 'npm run bench';
  const started = performance.now();
  const machine = machineFacts();
  log(`FleetGraph bench (${short ? 'short' : 'full'}) — ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`);
  log(`simulator: its own process, SIM_LATENCY_MS=${latencyMs} per AWS call; gateway: its own process (node dist/src/main.js, NODE_ENV=production, auth off, other limits at their defaults unless a scenario says why); load: this process`);

  const results: ScenarioResult[] = [];
  for (const s of SCENARIOS.filter((x) => !only || only.includes(x.name))) {
    log(`\n[${s.name}]`);
    const r = await s.run({ short, latencyMs, log });
    results.push(r);
    log(`  workload: ${r.workload}`);
    for (const c of r.settingChanges) log(`  setting: ${c.setting} — ${c.why}`);
    for (const c of r.checks) log(`  ${c.pass ? 'PASS' : short && c.wallClock ? 'SLOW' : 'FAIL'}  ${c.figure}: ${c.measured}  (bound ${c.bound})`);
    for (const line of summaryLines(r)) log(`        ${line}`);
  }

  // The short bench (CI) fails on counts, correctness and memory; wall-clock figures are reported
  // there (SLOW) but only the full bench on a quiet machine judges them.
  const failed = results.flatMap((r) => r.checks.filter((c) => !c.pass && !(short && c.wallClock)).map((c) => `${r.name}: ${c.figure} = ${c.measured} (bound ${c.bound})`));
  const out: BenchResults = {
    date: new Date().toISOString(),
    command,
    mode: short ? 'short' : 'full',
    elapsedSeconds: Math.round((performance.now() - started) / 1000),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 10) / 10) },
    settings: {
      simulatorLatencyMs: latencyMs,
      simulator: 'packages/aws-sim (npx aws-sim) in its own process: SIM_TIME_SCALE=0, seed 42, throttling per scenario',
      gateway: 'node dist/src/main.js in its own process: NODE_ENV=production, FLEETGRAPH_BACKEND=aws with AWS_ENDPOINT_URL_EC2/SSM/STS at the simulator, FLEETGRAPH_ALLOW_NO_AUTH=true (auth off), LOG_LEVEL default (info, to a file); every other setting at its default unless the scenario lists it',
      load: 'this process: undici keep-alive connections, one per client, each from its own loopback address; closed loop',
      ...(process.env.BENCH_GATEWAY_NODE_OPTIONS ? { gatewayNodeOptions: process.env.BENCH_GATEWAY_NODE_OPTIONS } : {}),
    },
    scenarios: results,
    passed: failed.length === 0,
  };
  if (!only) {
    const file = path.join(ROOT, 'bench', short ? 'results-short.json' : 'results.json');
    writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
    log(`\nwrote ${path.relative(process.cwd(), file)}`);
    if (!short) {
      updateReadme(path.join(ROOT, 'README.md'), renderReadme(out));
      updatePerformance(path.join(ROOT, 'README.md'), renderPerformance(out));
      log('updated the README\'s "Benchmarks" section from this run');
    }
  }
  log(`\n${out.elapsedSeconds} s; load average at the end ${(out.machine.loadAverageAtEnd as number[]).join(' ')}`);
  if (failed.length) {
    log(`\n${failed.length} bound(s) broken:\n${failed.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  } else log('every bound met');
}

function machineFacts() {
  return {
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    // Other work on the machine shares the cores: recorded, since it stretches wall times.
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 10) / 10),
  };
}

function log(line: string): void {
  process.stdout.write(line + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
