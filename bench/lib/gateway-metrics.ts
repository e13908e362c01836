/**
 * The gateway's own view of the AWS wall, from its Prometheus `/metrics`: calls saved by the cache,
 * by coalescing and by batching, ids per batched call, cache size and hit ratio, budget waits.
 * Scraped before and after a scenario; counters are reported as the difference.
 */
import type { GatewayProcess } from './processes';

type Samples = Map<string, number>;

/** `name{labels} value` lines (no comments), keyed by `name{labels}`. */
function parse(text: string): Samples {
  const out: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

export async function scrape(gw: GatewayProcess): Promise<Samples> {
  const res = await fetch(`${gw.origin}/metrics`, { headers: { authorization: `Bearer ${gw.metricsToken}` } });
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  return parse(await res.text());
}

const label = (key: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(key)?.[1] ?? '';

/** Sum of a counter's samples by one label, after − before. */
function byLabel(before: Samples, after: Samples, metric: string, labelName: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, v] of after) {
    if (!key.startsWith(`${metric}{`)) continue;
    const d = v - (before.get(key) ?? 0);
    if (!d) continue;
    const l = label(key, labelName);
    out[l] = (out[l] ?? 0) + d;
  }
  return out;
}

export interface GatewayAwsFigures {
  /** AWS calls avoided, by reason (cache, coalescing, batching). */
  callsSaved: Record<string, number>;
  /** Cross-request batched calls and the ids they carried, by lookup kind. */
  batches: Record<string, { calls: number; ids: number; meanIds: number }>;
  cache: { hits: number; misses: number; hitRatio: number; bytes: number; entries: number };
  /** Calls that waited for the client-side AWS budget, and how long in total. */
  budget: { waits: number; waitSecondsTotal: number; rejections: number };
}

export function awsFigures(before: Samples, after: Samples): GatewayAwsFigures {
  const batches: GatewayAwsFigures['batches'] = {};
  const counts = byLabel(before, after, 'aws_batch_size_count', 'kind');
  const sums = byLabel(before, after, 'aws_batch_size_sum', 'kind');
  for (const [kind, calls] of Object.entries(counts)) batches[kind] = { calls, ids: sums[kind] ?? 0, meanIds: Math.round(((sums[kind] ?? 0) / calls) * 10) / 10 };
  const lookups = byLabel(before, after, 'aws_cache_lookups_total', 'result');
  const hits = lookups.hit ?? 0;
  const misses = lookups.miss ?? 0;
  const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  return {
    callsSaved: byLabel(before, after, 'aws_calls_saved_total', 'reason'),
    batches,
    cache: {
      hits,
      misses,
      hitRatio: hits + misses ? Math.round((hits / (hits + misses)) * 1000) / 1000 : 0,
      bytes: after.get('aws_cache_bytes') ?? 0,
      entries: after.get('aws_cache_entries') ?? 0,
    },
    budget: {
      waits: sum(byLabel(before, after, 'aws_budget_wait_seconds_count', 'api_class')),
      waitSecondsTotal: Math.round(sum(byLabel(before, after, 'aws_budget_wait_seconds_sum', 'api_class')) * 100) / 100,
      rejections: sum(byLabel(before, after, 'aws_budget_rejections_total', 'api_class')),
    },
  };
}
