/** One run's results (bench/results.json) and the human lines printed and rendered from them. */
import type { ScenarioResult } from './scenario';

export interface BenchResults {
  date: string;
  command: string;
  mode: 'full' | 'short';
  elapsedSeconds: number;
  machine: Record<string, unknown>;
  settings: Record<string, unknown>;
  scenarios: ScenarioResult[];
  passed: boolean;
}

/** A few human lines per scenario (the rest is in the JSON). */
export function summaryLines(r: ScenarioResult): string[] {
  const d = r.details as Record<string, any>;
  const lines: string[] = [];
  if (d.awsCallsText) lines.push(`AWS calls: ${d.awsCallsText}`);
  if (d.errorCodes && Object.keys(d.errorCodes).length) lines.push(`error codes in answers: ${JSON.stringify(d.errorCodes)}`);
  if (d.latencyMs) lines.push(`latency ms p50 ${d.latencyMs.p50}, p99 ${d.latencyMs.p99}, max ${d.latencyMs.max}${d.wallMs !== undefined ? `; wall ${d.wallMs} ms` : ''}`);
  if (d.cpuSeconds) lines.push(`CPU s: gateway ${d.cpuSeconds.gateway}, simulator ${d.cpuSeconds.simulator}, load ${d.cpuSeconds.load}`);
  if (d.gateway) lines.push(`gateway /metrics: calls saved ${JSON.stringify(d.gateway.callsSaved)}, batches ${JSON.stringify(d.gateway.batches)}, cache hit ratio ${d.gateway.cache.hitRatio}`);
  if (d.servers) for (const line of throughputLines(d)) lines.push(line);
  if (d.rows) for (const row of d.rows) lines.push(`${row.name}: ${row.awsCalls} calls (${row.callsText}); unbatched ${row.unbatched} (${row.factor}×)`);
  if (d.sizes) for (const z of d.sizes) lines.push(fanoutLine(z));
  if (d.heapAfterMB !== undefined) lines.push(`heap after GC ${d.heapAtStartMB} → ${d.heapAfterMB} MB; RSS ${d.rssAtStartMB} → ${d.rssAfterMB} MB; cache ${d.cache.bytes} bytes in ${d.cache.entries} entries`);
  return lines;
}

export function fanoutLine(z: Record<string, any>): string {
  return `${z.subscribers} subscriber(s) on ${z.connections} socket(s): all had PENDING ${z.subscribeToAllPendingMs} ms after subscribing; clock moved → last has IN_PROGRESS ${z.advanceToLastMs} ms (first → last ${z.spreadMs} ms; SUCCESSFUL first → last ${z.finalSpreadMs} ms); AWS calls ${z.awsCalls} (${z.callsText}) over ${z.watchedMs} ms; gateway heap +${z.heapDeltaMB} MB${z.heapPer1000SubscribersMB !== null ? ` (${z.heapPer1000SubscribersMB} MB per 1000 subscribers)` : ''}`;
}

/** The throughput scenario's servers side by side, and the ratios. */
export function throughputLines(d: Record<string, any>): string[] {
  const lines = (d.servers as Array<Record<string, any>>).map((s) => `${s.name}: ${s.requestsPerSecond} req/s, p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms (${s.requests} requests, ${s.identical} identical)`);
  lines.push(`FleetGraph / stock Apollo ${d.ratios.fleetGraphToApollo}×; FleetGraph / static ${d.ratios.fleetGraphToStatic}×; stock Apollo / static ${d.ratios.apolloToStatic}×`);
  return lines;
}
