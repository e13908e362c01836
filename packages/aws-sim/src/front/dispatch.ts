/**
 * One AWS call through the front, whatever its protocol: count it, refuse it (credentials,
 * unknown action, throttling, faults) or run it on its service. Protocol fronts only decode the
 * request and encode the outcome.
 */
import http from 'node:http';
import { findAction } from '../core/actions';
import { SimError, SimService } from '../core/contract';
import type { CredentialProblem, Resolved } from '../identity/credentials';
import { Gate } from './gate';
import { send } from './http';
import type { FaultMode } from './runtime-config';
import { CallStats } from './stats';

/** The errors a service answers with when the front refuses a call; each protocol names its own. */
export interface ServiceErrors {
  /** Credentials AWS would not accept: unknown session credentials, or expired ones. */
  credentials(problem: CredentialProblem): SimError;
  unknownAction(action: string): SimError;
  throttled(): SimError;
  fault(): SimError;
  internal(): SimError;
}

export interface DispatchDeps {
  gate: Gate;
  stats: CallStats;
  log: (line: string) => void;
}

/** Not an AWS answer at all: what a proxy or load balancer in front of AWS sends when it fails. */
export interface ProxyAnswer {
  status: number;
  html: string;
}

export type Outcome<Res> = { ok: true; result: Res } | { ok: false; error: SimError } | { ok: false; proxy: ProxyAnswer };

export interface Call<Req> {
  action: string;
  request: Req;
  /** The caller, or why its credentials were refused. */
  who: Resolved;
  /** `account/region`: throttling buckets and per-scope counters are kept per scope, as AWS keeps them. */
  scope: string;
  /** Refused before it reaches the service (bad credentials, malformed request). */
  refuse?: SimError;
}

const PROXY_PAGES: Record<Exclude<FaultMode, 'aws'>, ProxyAnswer> = {
  html502: { status: 502, html: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n' },
  html500: { status: 500, html: '<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n</body>\r\n</html>\r\n' },
};

export async function dispatch<Req, Res>(deps: DispatchDeps, service: SimService<Req, Res>, errors: ServiceErrors, call: Call<Req>): Promise<Outcome<Res>> {
  const { action, request, who, scope } = call;
  const done = deps.stats.begin(scope, `${service.name}:${action || '(none)'}`);
  try {
    if (!who.ok) return { ok: false, error: errors.credentials(who.problem) };
    if (call.refuse) return { ok: false, error: call.refuse };
    if (!findAction(service.actions, action)) return { ok: false, error: errors.unknownAction(action) };
    const refusal = await deps.gate.pass(scope, service.name, action, service.throttleClass(action, request));
    if (refusal?.kind === 'throttled') return { ok: false, error: errors.throttled() };
    if (refusal?.kind === 'fault') return refusal.mode === 'aws' ? { ok: false, error: errors.fault() } : { ok: false, proxy: PROXY_PAGES[refusal.mode] };
    try {
      return { ok: true, result: await service.handle(action, request, who.caller) };
    } catch (e) {
      if (e instanceof SimError) return { ok: false, error: e };
      deps.log(`simulator: internal error in ${service.name}:${action}: ${(e as Error)?.stack ?? String(e)}`);
      return { ok: false, error: errors.internal() };
    }
  } finally {
    done();
  }
}

/** Sends a proxy's page (no AWS request id: the answer never came from AWS). */
export function sendProxyAnswer(res: http.ServerResponse, answer: ProxyAnswer): string {
  send(res, answer.status, 'text/html', answer.html);
  return `${answer.status} (proxy page)`;
}
