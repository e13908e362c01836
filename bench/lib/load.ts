/** A bounded closed-loop load generator: `concurrency` workers, each sending one request after the other. */
export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  durationMs: number;
  latenciesMs: number[];
}

export interface LoadOptions {
  concurrency: number;
  /** Stop starting new requests after this many in total… */
  maxRequests: number;
  /** …or after this long, whichever comes first. */
  maxDurationMs: number;
}

/** `send` resolves to an error message, or undefined on success. */
export async function runLoad(opts: LoadOptions, send: (i: number) => Promise<string | undefined>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let started = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + opts.maxDurationMs;
  const worker = async () => {
    while (started < opts.maxRequests && performance.now() < deadline) {
      const i = started++;
      const s = performance.now();
      let err: string | undefined;
      try {
        err = await send(i);
      } catch (e) {
        err = (e as Error).message;
      }
      latenciesMs.push(performance.now() - s);
      if (err) {
        errors++;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return { requests: latenciesMs.length, errors, firstError, durationMs: performance.now() - t0, latenciesMs };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export interface LatencySummary {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rps: number;
}

export function summarize(r: LoadResult): LatencySummary {
  const s = [...r.latenciesMs].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: r.requests,
    errors: r.errors,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1] ?? NaN),
    rps: round((r.requests / r.durationMs) * 1000),
  };
}
