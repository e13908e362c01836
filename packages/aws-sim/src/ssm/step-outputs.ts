/** The outputs a successful step reports, by action (simulated but shaped like SSM's). */
import { hash32 } from '../core/rng';
import type { Execution, StepRun } from './execution';

export function stepOutputs(e: Execution, s: StepRun): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  const short = hash32(`${e.id}/${s.def.name}/out`).toString(16).padStart(8, '0');
  switch (s.def.action) {
    case 'aws:runCommand':
      out.CommandId = [`${short}-${e.id.slice(9, 13)}-4${short.slice(0, 3)}-8${short.slice(3, 6)}-${e.id.slice(-12)}`];
      out.Status = ['Success'];
      out.ResponseCode = ['0'];
      out.Output = [`${s.def.description}\n---Output truncated---`];
      break;
    case 'aws:executeScript':
      out.OutputPayload = [JSON.stringify({ Payload: Object.fromEntries((s.def.outputs ?? []).map((o) => [o, simulatedOutput(e, s, o)])) })];
      break;
    case 'aws:approve':
      break;
    case 'aws:branch':
      out.NextStep = [e.steps[e.steps.indexOf(s) + 1]?.def.name ?? 'end'];
      break;
    default:
      break;
  }
  for (const o of s.def.outputs ?? []) out[o] = [simulatedOutput(e, s, o)];
  return Object.keys(out).length ? out : undefined;
}

function simulatedOutput(e: Execution, s: StepRun, name: string): string {
  if (name === 'InstanceState') return 'running';
  if (name === 'HealthStatus') return 'Healthy';
  if (name === 'ReportUrl') return `s3://fleetgraph-reports/${e.id}.json`;
  if (name === 'WorkspaceId') return `ws-${hash32(e.id).toString(36).padStart(9, '0').slice(0, 9)}`;
  return JSON.stringify({ Status: 'Success', Step: s.def.name, Output: name });
}
