import { SimError, type Caller, type SharedInstanceView } from '../../src/core/contract';
import { createSsmService, type SsmService } from '../../src/ssm';

export const ACCOUNT = '583914027365';
export const ADMIN: Caller = { accessKeyId: 'AKIAFLEETGRAPHADMIN1', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/fleetgraph-admin`, canWrite: true };
export const READONLY: Caller = { accessKeyId: 'AKIAFLEETGRAPHREADONLY', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/fleetgraph-readonly`, canWrite: false };
export const T0 = Date.UTC(2026, 0, 1, 12);

export function fakeInstances(n: number, launch = T0 - 86_400_000): SharedInstanceView[] {
  return Array.from({ length: n }, (_, i) => ({
    instanceId: `i-0${(i + 1).toString(16).padStart(16, '0')}`,
    instanceType: i % 3 === 0 ? 'mac2.metal' : 't3.micro',
    platform: i % 3 === 0 ? 'macOS' : i % 5 === 0 ? 'Windows' : 'Linux/UNIX',
    state: i % 7 === 6 ? 'stopped' : 'running',
    name: `node-${i}`,
    privateIpAddress: `10.0.${i >> 8}.${i & 255}`,
    launchTime: launch,
  }));
}

export interface TestWorld {
  ssm: SsmService;
  clock: { now(): number; advance(ms: number): void; timeScale: number };
  instances: SharedInstanceView[];
  call<T = any>(op: string, body?: Record<string, unknown>, caller?: Caller): T;
  error(op: string, body?: Record<string, unknown>, caller?: Caller): SimError;
}

export function makeWorld(n = 40, seed = 42): TestWorld {
  let t = T0;
  const clock = { now: () => t, advance: (ms: number) => void (t += ms), timeScale: 0 };
  const instances = fakeInstances(n);
  const ssm = createSsmService({ clock, options: { instances: n, seed }, accountId: ACCOUNT, region: 'us-east-1', regions: [{ name: 'us-east-1', optInStatus: 'opt-in-not-required' as const }] }, () => instances);
  const call = <T = any>(op: string, body: Record<string, unknown> = {}, caller: Caller = ADMIN): T => ssm.handle(op, body, caller) as T;
  const error = (op: string, body: Record<string, unknown> = {}, caller: Caller = ADMIN): SimError => {
    try {
      ssm.handle(op, body, caller);
    } catch (e) {
      if (e instanceof SimError) return e;
      throw e;
    }
    throw new Error(`${op} did not fail`);
  };
  return { ssm, clock, instances, call, error };
}

/** Advance the clock in steps (as a poller would) until `done` or `maxMs` passed. */
export function runUntil(w: TestWorld, id: string, done: (e: any) => boolean, maxMs = 30 * 60_000, stepMs = 5_000): any {
  for (let spent = 0; spent <= maxMs; spent += stepMs) {
    const e = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    if (done(e)) return e;
    w.clock.advance(stepMs);
  }
  throw new Error(`execution ${id} did not reach the expected state`);
}
