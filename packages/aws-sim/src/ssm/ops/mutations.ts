/** StartAutomationExecution, StopAutomationExecution, SendAutomationSignal. */
import type { Caller, SharedInstanceView } from '../../core/contract';
import { SimError } from '../../core/contract';
import type { RunbookDef } from '../catalog';
import { approve, createExecution, reject, requestCancel, requestComplete, startStep, stopStep } from '../engine';
import { type Execution, isTerminal, PENDING_MS } from '../execution';
import { effectiveParameters } from '../step-plan';
import { stableStringify } from '../../core/json';
import { constraintError, optArray, optString, optStringListMap, requireString, UUID_RE } from '../util';
import { MAX_RUNNING_AUTOMATIONS, type SsmWorld } from '../world';
import { validateDocName, validateDocVersion } from './documents';
import { getExecutionOrThrow, validateExecutionId } from './executions';


function invalidParams(msg: string): SimError {
  return new SimError('InvalidAutomationExecutionParametersException', msg);
}

export function checkParameters(doc: RunbookDef, given: Record<string, string[]>, targetParameterName?: string): void {
  for (const name of Object.keys(given)) {
    if (!doc.parameters.some((p) => p.name === name)) throw invalidParams(`Parameter "${name}" is not defined in the document.`);
  }
  for (const p of doc.parameters) {
    const v = given[p.name];
    const hasDefault = !p.required || p.default !== undefined;
    if (!v) {
      if (!hasDefault && p.name !== targetParameterName) throw invalidParams(`Parameter "${p.name}" is required, but was not provided.`);
      continue;
    }
    if (p.type !== 'StringList' && p.type !== 'MapList' && v.length > 1) {
      throw invalidParams(`Parameter "${p.name}" is of type ${p.type} and accepts one value, but ${v.length} were provided.`);
    }
    if (p.type === 'Integer' && v.some((x) => !/^-?\d+$/.test(x))) throw invalidParams(`Parameter "${p.name}" "${v[0]}" is not a valid Integer.`);
    if (p.type === 'Boolean' && v.some((x) => !/^(true|false)$/i.test(x))) throw invalidParams(`Parameter "${p.name}" "${v[0]}" is not a valid Boolean.`);
    if (p.allowedValues && v.some((x) => !p.allowedValues!.includes(x))) {
      const bad = v.find((x) => !p.allowedValues!.includes(x));
      throw invalidParams(`Parameter "${p.name}" "${bad}" is not one of the allowed values [${p.allowedValues.join(', ')}].`);
    }
  }
}

export interface TargetSpec {
  Key: string;
  Values: string[];
}

export function parseTargets(raw: unknown[] | undefined): TargetSpec[] | undefined {
  if (!raw) return undefined;
  if (raw.length < 1) throw constraintError('[]', 'targets', 'Member must have length greater than or equal to 1');
  if (raw.length > 5) throw constraintError(`[${raw.length} targets]`, 'targets', 'Member must have length less than or equal to 5');
  return raw.map((t, i) => {
    const o = (t ?? {}) as Record<string, unknown>;
    if (typeof o.Key !== 'string' || o.Key.length < 1 || o.Key.length > 163) throw constraintError(o.Key ?? null, `targets.${i + 1}.member.key`, 'Member must have length between 1 and 163');
    if (!Array.isArray(o.Values) || o.Values.some((v) => typeof v !== 'string')) throw constraintError(null, `targets.${i + 1}.member.values`, 'Member must not be null');
    if (o.Values.length > 50) throw constraintError(`[${o.Values.length} values]`, `targets.${i + 1}.member.values`, 'Member must have length less than or equal to 50');
    return { Key: o.Key, Values: o.Values as string[] };
  });
}

/** Resolve Targets against the EC2 instances (ParameterValues, InstanceIds, tag:Name, tag-key Name). */
export function resolveTargets(targets: TargetSpec[], instances: readonly SharedInstanceView[]): string[] {
  const values = new Set<string>();
  for (const t of targets) {
    if (t.Key === 'ParameterValues') t.Values.forEach((v) => values.add(v));
    else if (t.Key === 'InstanceIds') {
      for (const v of t.Values) if (instances.some((i) => i.instanceId === v && i.state !== 'terminated')) values.add(v);
    } else if (t.Key === 'tag:Name') {
      for (const i of instances) if (i.name && t.Values.includes(i.name) && i.state !== 'terminated') values.add(i.instanceId);
    } else if (t.Key === 'tag-key') {
      if (t.Values.includes('Name')) for (const i of instances) if (i.name && i.state !== 'terminated') values.add(i.instanceId);
    } else if (t.Key.startsWith('tag:') || t.Key === 'ResourceGroup' || t.Key.startsWith('AWS::')) {
      // only the Name tag is shared with the SSM simulator: nothing else resolves
    } else {
      throw new SimError('InvalidTarget', `Target key ${t.Key} is not valid. Valid keys: ParameterValues, InstanceIds, ResourceGroup, tag:<key>, tag-key.`);
    }
  }
  return [...values];
}

function validateLimit(v: string | undefined, member: string): void {
  if (v !== undefined && !/^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/.test(v) && !(member === 'maxErrors' && /^(0|[0-9]+%?)$/.test(v))) {
    throw constraintError(v, member, 'Member must satisfy regular expression pattern: ^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$');
  }
}

export function startAutomationExecution(world: SsmWorld, now: number, caller: Caller, body: Record<string, unknown>) {
  const name = requireString(body, 'DocumentName');
  validateDocName(name, 'documentName');
  const version = optString(body, 'DocumentVersion');
  validateDocVersion(version);
  const given = optStringListMap(body, 'Parameters') ?? {};
  const mode = optString(body, 'Mode') ?? 'Auto';
  if (mode !== 'Auto' && mode !== 'Interactive') throw constraintError(mode, 'mode', 'Member must satisfy enum value set: [Auto, Interactive]');
  const clientToken = optString(body, 'ClientToken');
  if (clientToken !== undefined && !UUID_RE.test(clientToken)) {
    throw constraintError(clientToken, 'clientToken', 'Member must satisfy regular expression pattern: [a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}');
  }
  const targetParameterName = optString(body, 'TargetParameterName');
  const targets = parseTargets(optArray(body, 'Targets'));
  if (body.TargetMaps != null && targets) throw new SimError('InvalidAutomationExecutionParametersException', 'Targets and TargetMaps cannot both be specified.');
  if (body.TargetMaps != null) throw new SimError('InvalidAutomationExecutionParametersException', 'TargetMaps is not supported by the simulator; use Targets with TargetParameterName.');
  if (!!targets !== !!targetParameterName) {
    throw new SimError('InvalidAutomationExecutionParametersException', targets ? 'TargetParameterName must be specified with Targets.' : 'Targets must be specified with TargetParameterName.');
  }
  const maxConcurrency = optString(body, 'MaxConcurrency');
  const maxErrors = optString(body, 'MaxErrors');
  validateLimit(maxConcurrency, 'maxConcurrency');
  validateLimit(maxErrors, 'maxErrors');
  const tagsRaw = optArray(body, 'Tags') ?? [];
  if (tagsRaw.length > 5) throw constraintError(`[${tagsRaw.length} tags]`, 'tags', 'Member must have length less than or equal to 5');
  const tags = tagsRaw.map((t, i) => {
    const o = (t ?? {}) as Record<string, unknown>;
    if (typeof o.Key !== 'string' || typeof o.Value !== 'string') throw constraintError(null, `tags.${i + 1}.member.key`, 'Member must not be null');
    return { Key: o.Key, Value: o.Value };
  });

  // Idempotency: same token + same request → same execution; different request → mismatch.
  const fingerprint = stableStringify({ name, version: version ?? null, given, mode, targetParameterName: targetParameterName ?? null, targets: targets ?? null, maxConcurrency: maxConcurrency ?? null, maxErrors: maxErrors ?? null, tags });
  if (clientToken) {
    const prior = world.clientTokens.get(clientToken.toLowerCase());
    if (prior) {
      const e = world.executions.get(prior);
      if (e && e.requestFingerprint === fingerprint) return { AutomationExecutionId: e.id };
      throw new SimError('IdempotentParameterMismatch', 'Error occurred during operation \'StartAutomationExecution\'. The client token was already used with different parameters.');
    }
  }

  const doc = world.deps.catalog.get(name);
  if (!doc) throw new SimError('AutomationDefinitionNotFoundException', `Document with name ${name} does not exist.`);
  if (!world.deps.catalog.hasVersion(doc, version)) {
    throw new SimError('AutomationDefinitionVersionNotFoundException', `Document ${name} with version ${version} does not exist.`);
  }
  if (targetParameterName && !doc.parameters.some((p) => p.name === targetParameterName)) {
    throw new SimError('InvalidAutomationExecutionParametersException', `TargetParameterName "${targetParameterName}" is not a parameter of the document.`);
  }
  checkParameters(doc, given, targetParameterName);
  if (world.runningCount() >= MAX_RUNNING_AUTOMATIONS) {
    throw new SimError('AutomationExecutionLimitExceededException', `The number of simultaneously running Automation executions exceeded the allowable limit (${MAX_RUNNING_AUTOMATIONS}).`);
  }
  const executedBy = caller.arn;
  const documentVersion = world.deps.catalog.resolveVersion(doc, version);
  let e: Execution;
  if (targets && targetParameterName) {
    const values = resolveTargets(targets, world.deps.instances());
    if (values.length === 0) throw new SimError('InvalidTarget', 'The specified targets did not resolve to any resources.');
    const truncated = values.length > 100;
    const resolved = values.slice(0, 100);
    e = {
      id: world.newId(),
      doc,
      documentVersion,
      status: 'Pending',
      mode: 'Auto',
      startMs: now,
      executedBy,
      parameters: effectiveParameters(doc, given),
      outputs: {},
      steps: resolved.map((v) => ({
        def: { name: `Invoke-${v}`.slice(0, 128), action: 'aws:executeAutomation', description: `Runs ${doc.name} with ${targetParameterName}=${v}`, inputs: {} },
        stepExecutionId: world.prng.uuid(),
        status: 'Pending',
        durationMs: 0,
      })),
      cur: -1,
      targetParameterName,
      targets,
      resolvedTargets: { ParameterValues: resolved, Truncated: truncated },
      maxConcurrency: maxConcurrency ?? '10',
      maxErrors: maxErrors ?? '0',
      tags,
      children: resolved.map((value) => ({ value })),
      nextEventMs: now + PENDING_MS,
    };
    delete e.parameters[targetParameterName];
  } else {
    e = createExecution({
      id: world.newId(),
      doc,
      documentVersion,
      mode: mode as 'Auto' | 'Interactive',
      startMs: now,
      executedBy,
      parameters: given,
      stepIds: world.stepIds(doc),
      tags,
    });
    if (maxConcurrency) e.maxConcurrency = maxConcurrency;
    if (maxErrors) e.maxErrors = maxErrors;
  }
  e.requestFingerprint = fingerprint;
  if (clientToken) {
    e.clientToken = clientToken;
    world.clientTokens.set(clientToken.toLowerCase(), e.id);
  }
  world.add(e);
  return { AutomationExecutionId: e.id };
}

export function stopAutomationExecution(world: SsmWorld, now: number, body: Record<string, unknown>) {
  const id = validateExecutionId(body);
  const type = optString(body, 'Type') ?? 'Cancel';
  if (type !== 'Cancel' && type !== 'Complete') throw constraintError(type, 'type', 'Member must satisfy enum value set: [Complete, Cancel]');
  const e = getExecutionOrThrow(world, id);
  if (isTerminal(e) || e.status === 'Cancelling') {
    throw new SimError('InvalidAutomationStatusUpdateException', `Execution ${id} is in ${e.status} status and cannot be stopped.`);
  }
  if (type === 'Cancel') {
    requestCancel(e, now);
    e.nextEventMs = e.children ? now : e.nextEventMs;
  } else if (e.children) {
    e.completeRequested = true;
  } else {
    requestComplete(e, now);
  }
  if (e.children) world.advanceParent(e, now);
  if (isTerminal(e)) world.active.delete(e);
  return {};
}

const SIGNALS = ['Approve', 'Reject', 'StartStep', 'StopStep', 'Resume', 'Revoke'];

export function sendAutomationSignal(world: SsmWorld, now: number, caller: Caller, body: Record<string, unknown>) {
  const id = validateExecutionId(body);
  const signal = requireString(body, 'SignalType');
  if (!SIGNALS.includes(signal)) throw constraintError(signal, 'signalType', `Member must satisfy enum value set: [${SIGNALS.join(', ')}]`);
  const payload = optStringListMap(body, 'Payload') ?? {};
  const e = getExecutionOrThrow(world, id);
  const invalid = (why: string) => new SimError('InvalidAutomationSignalException', `Signal ${signal} is not valid for execution ${id}: ${why}`);
  if (isTerminal(e) || e.status === 'Cancelling') throw invalid(`the execution is ${e.status}.`);
  const cur = e.cur >= 0 ? e.steps[e.cur] : undefined;
  const approver = caller.arn;
  switch (signal) {
    case 'Approve':
    case 'Reject': {
      if (!cur || cur.def.action !== 'aws:approve' || cur.status !== 'Waiting') throw invalid('the execution is not waiting for approval.');
      const comment = payload.Comment?.[0];
      if (signal === 'Approve') approve(e, now, approver, comment);
      else reject(e, now, approver, comment);
      break;
    }
    case 'StartStep':
    case 'Resume': {
      const stepName = payload.StepName?.[0];
      if (!stepName) throw invalid('the payload must contain StepName.');
      const idx = e.steps.findIndex((s) => s.def.name === stepName);
      if (idx < 0) throw new SimError('AutomationStepNotFoundException', `Step ${stepName} is not found in execution ${id}.`);
      if (e.mode !== 'Interactive') throw invalid('the execution is not running in Interactive mode.');
      if (e.status !== 'Waiting' || (cur && cur.status !== 'Pending')) throw invalid('a step is already running.');
      if (e.steps[idx].status !== 'Pending') throw invalid(`step ${stepName} has already run.`);
      startStep(e, idx, now);
      break;
    }
    case 'StopStep': {
      const stepExecutionId = payload.StepExecutionId?.[0];
      if (!stepExecutionId) throw invalid('the payload must contain StepExecutionId.');
      const idx = e.steps.findIndex((s) => s.stepExecutionId === stepExecutionId);
      if (idx < 0) throw new SimError('AutomationStepNotFoundException', `Step execution ${stepExecutionId} is not found in execution ${id}.`);
      const s = e.steps[idx];
      if (s.status !== 'InProgress' && s.status !== 'Waiting') throw invalid(`step ${s.def.name} is not running.`);
      if (e.mode !== 'Interactive') throw invalid('StopStep is only valid in Interactive mode.');
      stopStep(e, idx, now);
      break;
    }
    default:
      throw invalid('the execution is not a change request.');
  }
  if (isTerminal(e)) world.active.delete(e);
  return {};
}
