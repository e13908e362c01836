/**
 * What an execution's steps will do, decided when it is created: each step's run time, which step
 * fails (the simulator's failure convention, see custom-runbooks.ts), the resolved inputs and the
 * parameters with their defaults.
 */
import { hash32 } from '../core/rng';
import type { RunbookDef, StepDef } from './catalog';
import { documentDefault } from './catalog';

/** Deterministic step duration: 5–30 s, aws:sleep uses its Duration, branches are quick. */
export function plannedDurationMs(execId: string, step: StepDef): number {
  if (step.action === 'aws:branch') return 1_000;
  if (step.action === 'aws:sleep') {
    const m = /^PT(?:(\d+)M)?(?:(\d+)S)?$/.exec(String(step.inputs.Duration ?? ''));
    if (m) return ((Number(m[1] ?? 0) * 60) + Number(m[2] ?? 0)) * 1000 || 30_000;
  }
  return (5 + (hash32(`${execId}/${step.name}`) % 26)) * 1000;
}

/** `{{ Param }}` references in a step's inputs. */
function referencedParams(inputs: unknown, acc = new Set<string>()): Set<string> {
  if (typeof inputs === 'string') {
    for (const m of inputs.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) acc.add(m[1]);
  } else if (Array.isArray(inputs)) {
    for (const v of inputs) referencedParams(v, acc);
  } else if (inputs && typeof inputs === 'object') {
    for (const v of Object.values(inputs)) referencedParams(v, acc);
  }
  return acc;
}

/** Which step fails for these parameters, and why (see custom-runbooks.ts for the convention). */
export function planFailures(doc: RunbookDef, params: Record<string, string[]>): Map<string, string> {
  const out = new Map<string, string>();
  if (doc.failAtStepParameter) {
    const target = params[doc.failAtStepParameter]?.[0];
    const step = doc.steps.find((s) => s.name === target);
    if (step) {
      out.set(step.name, `Step fails when it is Execute/Cancelling action. Simulated failure requested by ${doc.failAtStepParameter}=${target}. Please refer to Automation Service Troubleshooting Guide for more diagnosis details.`);
    }
  }
  const failing = Object.entries(params)
    .filter(([, v]) => v.some((x) => x.toLowerCase() === 'fail'))
    .map(([k]) => k);
  if (failing.length) {
    for (const s of doc.steps) {
      const refs = referencedParams(s.inputs);
      const p = failing.find((f) => refs.has(f));
      if (p && !out.has(s.name)) {
        out.set(s.name, `Step fails when it is Execute/Cancelling action. An error occurred (InvalidParameterValue) when calling the ${String(s.inputs.Api ?? s.action)} operation: Invalid value 'fail' for ${p}. Please refer to Automation Service Troubleshooting Guide for more diagnosis details.`);
        break;
      }
    }
  }
  return out;
}

function substitute(value: unknown, params: Record<string, string[]>, execId: string): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/.exec(value);
    if (whole && params[whole[1]] && params[whole[1]].length !== 1) return params[whole[1]];
    return value.replace(/\{\{\s*([A-Za-z0-9_:.]+)\s*\}\}/g, (m, name: string) => {
      if (name === 'automation:EXECUTION_ID') return execId;
      const v = params[name];
      return v ? v.join(',') : m;
    });
  }
  if (Array.isArray(value)) return value.flatMap((v) => {
    const s = substitute(v, params, execId);
    return Array.isArray(s) && typeof v === 'string' ? s : [s];
  });
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, params, execId)]));
  }
  return value;
}

/** StepExecution.Inputs: each input JSON-encoded, parameters substituted (as SSM shows them). */
export function resolvedInputs(step: StepDef, params: Record<string, string[]>, execId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.inputs)) out[k] = JSON.stringify(substitute(v, params, execId));
  return out;
}

/** Parameters with defaults filled in, as GetAutomationExecution reports them. */
export function effectiveParameters(doc: RunbookDef, given: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of doc.parameters) {
    if (given[p.name]) out[p.name] = given[p.name];
    else {
      const d = documentDefault(p);
      out[p.name] = d === undefined || d === '' ? (p.type === 'String' ? [''] : []) : p.type === 'StringList' ? d.split(',').map((s) => s.trim()) : [d];
    }
  }
  return out;
}
