/**
 * Time from `npm start` to its first answered query: `npm run bench:start` (nothing changed since
 * the last build, the everyday case) and `npm run bench:start -- --cold` (compiled output removed
 * first, as in a fresh clone). Starts are sequential, on loopback, each stopped once it answered.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './lib/processes';

const ROOT = path.resolve(__dirname, '../..');
const QUERY = '{ instances(first: 1) { nodes { id } } }';
const GIVE_UP_MS = 180_000;

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    const body = (await res.json()) as { data?: { instances?: { nodes?: unknown[] } } };
    return body.data?.instances?.nodes?.length === 1;
  } catch {
    return false;
  }
}

/** Seconds from spawning `npm start` until the gateway answers QUERY. */
async function timeOneStart(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  // Own process group, so the npm → sh → node chain stops together.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', FLEETGRAPH_SIMULATOR_PORT: '0', LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    while (performance.now() - started < GIVE_UP_MS) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}: ${stderr}`);
      if (await answers(url)) return (performance.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no answer within ${GIVE_UP_MS / 1000} s: ${stderr}`);
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
  const cold = process.argv.includes('--cold');
  const runs = cold ? 1 : 3;
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Cold: drop the compiled server and the build info (this script stays loaded), as after a clone.
    if (cold) for (const p of ['dist/src', 'dist/explorer', 'dist/tsconfig.build.tsbuildinfo', 'packages/aws-sim/dist']) rmSync(path.join(ROOT, p), { recursive: true, force: true });
    seconds.push(await timeOneStart());
  }
  const shown = seconds.map((s) => s.toFixed(1)).join(', ');
  process.stdout.write(`npm start → first answered query (${cold ? 'cold: compiled output removed' : 'warm: nothing changed since the last build'}): ${shown} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`start-time: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
