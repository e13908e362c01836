/**
 * Where a V8 CPU profile's time went: `node dist/bench/profile-summary.js <file.cpuprofile> [top]`.
 * Self time by package (node_modules/<name>, the gateway's own src/, node: internals, GC) and by
 * function. Profiles come from `BENCH_CPU_PROF=<dir> npm run bench -- --only=<scenario>`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return '(garbage collector)';
  if (fn === '(idle)' || fn === '(program)' || fn === '(root)') return fn;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.includes('/dist/src/')) return 'fleetgraph ' + (/\/dist\/src\/([^/]+)/.exec(url)?.[1] ?? '');
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url ? 'other' : '(native)';
}

export function summarize(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byPkg = new Map<string, number>();
  const byFn = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const pkg = packageOf(n.callFrame.url, n.callFrame.functionName);
    if (pkg === '(idle)') continue;
    busy += us;
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const rows = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  return [`busy (not idle): ${(busy / 1e6).toFixed(2)} s`, 'self time by package:', ...rows(byPkg), 'self time by function:', ...rows(byFn)].join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25)) + '\n');
}
