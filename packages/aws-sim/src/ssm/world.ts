/**
 * Mutable state of the SSM simulator: executions (with an index of the non-terminal ones, so a
 * tick costs O(active)), client tokens, and rate-controlled parents that launch child executions.
 */
import type { SharedInstanceView } from '../core/contract';
import type { Catalog, RunbookDef } from './catalog';
import { NodeDirectory } from './nodes';
import { advance, createExecution, finishParent } from './engine';
import { type Execution, isTerminal, PENDING_MS } from './execution';
import { Prng } from '../core/rng';
import type { Preview } from './ops/preview';

export interface WorldDeps {
  catalog: Catalog;
  nodes: NodeDirectory;
  accountId: string;
  region: string;
  instances: () => SharedInstanceView[];
}

export const MAX_RUNNING_AUTOMATIONS = 100;

export class SsmWorld {
  readonly executions = new Map<string, Execution>();
  /** Non-terminal executions (including parents). */
  readonly active = new Set<Execution>();
  readonly clientTokens = new Map<string, string>();
  /** Execution previews by id (StartExecutionPreview). */
  readonly previews = new Map<string, Preview>();
  /** Well-known ids of the seeded history. */
  readonly demo: { waitingApprovalExecution?: string } = {};
  /** Sorted view for Describe*: newest first; rebuilt lazily. */
  private sorted: Execution[] | null = null;

  constructor(
    readonly deps: WorldDeps,
    readonly prng: Prng,
  ) {}

  add(e: Execution): void {
    this.executions.set(e.id, e);
    if (!isTerminal(e)) this.active.add(e);
    this.sorted = null;
  }

  newId(): string {
    let id = this.prng.uuid();
    while (this.executions.has(id)) id = this.prng.uuid();
    return id;
  }

  stepIds(doc: RunbookDef): string[] {
    return doc.steps.map(() => this.prng.uuid());
  }

  /** Executions that count against the concurrency limit (running children count too). */
  runningCount(): number {
    let n = 0;
    for (const e of this.active) if (!e.children) n++;
    return n;
  }

  /** Newest first (start time desc, then id). Key strings sort ascending in the same order. */
  sortedExecutions(): Execution[] {
    if (!this.sorted) {
      this.sorted = [...this.executions.values()].sort((a, b) => {
        const ka = sortKey(a);
        const kb = sortKey(b);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
    }
    return this.sorted;
  }

  /** Advance every non-terminal execution to `now`. */
  tick(now: number): void {
    // plain executions first (children included), then parents, which look at their children
    for (const e of this.active) {
      if (e.children) continue;
      if (e.nextEventMs <= now) advance(e, now);
      if (isTerminal(e)) this.active.delete(e);
    }
    for (const e of this.active) {
      if (!e.children) continue;
      this.advanceParent(e, now);
      if (isTerminal(e)) this.active.delete(e);
    }
  }

  /**
   * Rate control: launch children up to MaxConcurrency (and the account limit), stop launching
   * after more than MaxErrors failures, finish when every launched child is done.
   */
  advanceParent(p: Execution, now: number): void {
    if (isTerminal(p)) return;
    const children = p.children ?? [];
    if (p.status === 'Pending') {
      if (now < p.startMs + PENDING_MS) return;
      p.status = 'InProgress';
    }
    // mirror child state into the parent's step list
    let running = 0;
    let failed = 0;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (!c.id) continue;
      const child = this.executions.get(c.id);
      if (!child) continue;
      if (child.nextEventMs <= now) advance(child, now);
      const s = p.steps[i];
      s.status = child.status === 'Cancelling' ? 'InProgress' : child.status;
      s.startMs = child.startMs;
      s.endMs = child.endMs;
      s.outputs = { ExecutionId: [child.id], Status: [child.status] };
      if (child.failureMessage) s.failureMessage = child.failureMessage;
      if (!isTerminal(child)) running++;
      else if (child.status !== 'Success') failed++;
    }
    if (p.status === 'Cancelling') {
      for (const c of children) {
        const child = c.id ? this.executions.get(c.id) : undefined;
        if (child && !isTerminal(child) && child.status !== 'Cancelling') {
          child.status = 'Cancelling';
          child.cancelRequestedMs = now;
          child.nextEventMs = now + 2_000;
        }
      }
      if (running === 0 || now >= (p.cancelRequestedMs ?? now) + 2_000) {
        for (const s of p.steps) if (s.status === 'Pending' || s.status === 'InProgress') s.status = 'Cancelled';
        finishParent(p, 'Cancelled', now);
      }
      return;
    }
    const maxErrors = parseLimit(p.maxErrors ?? '0', children.length);
    const maxConc = Math.max(1, parseLimit(p.maxConcurrency ?? '10', children.length));
    const stopLaunching = failed > maxErrors || p.completeRequested;
    if (!stopLaunching) {
      for (let i = 0; i < children.length && running < maxConc; i++) {
        const c = children[i];
        if (c.id) continue;
        if (this.runningCount() >= MAX_RUNNING_AUTOMATIONS) break; // queued until capacity frees up
        const params = { ...p.parameters, [p.targetParameterName as string]: [c.value] };
        const child = createExecution({
          id: this.newId(),
          doc: p.doc,
          documentVersion: p.documentVersion,
          mode: 'Auto',
          startMs: now,
          executedBy: p.executedBy,
          parameters: params,
          stepIds: this.stepIds(p.doc),
          parentId: p.id,
        });
        c.id = child.id;
        this.add(child);
        const s = p.steps[i];
        s.status = 'Pending';
        s.startMs = now;
        s.inputs = { DocumentName: JSON.stringify(p.doc.name), RuntimeParameters: JSON.stringify(params) };
        s.outputs = { ExecutionId: [child.id] };
        running++;
      }
    }
    p.cur = children.findIndex((c) => {
      const child = c.id ? this.executions.get(c.id) : undefined;
      return !!child && !isTerminal(child);
    });
    if (running === 0 && (stopLaunching || children.every((c) => c.id))) {
      for (const s of p.steps) if (s.status === 'Pending') s.status = 'Cancelled';
      finishParent(p, failed > 0 ? 'Failed' : 'Success', now, failed > 0 ? `${failed} of ${children.length} child executions did not succeed.` : undefined);
    }
  }
}

export function sortKey(e: Execution): string {
  return `${String(9_999_999_999_999 - Math.floor(e.startMs)).padStart(13, '0')}|${e.id}`;
}

/** "10" or "10%" of `total`. */
export function parseLimit(v: string, total: number): number {
  const m = /^([0-9]+)(%?)$/.exec(v);
  if (!m) return 0;
  const n = Number(m[1]);
  return m[2] ? Math.floor((n * total) / 100) : n;
}
