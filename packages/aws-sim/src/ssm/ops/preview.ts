/**
 * StartExecutionPreview and GetExecutionPreview for Automation: what a run would do, where, to how
 * many resources — without starting anything. The API declares only ValidationException (and
 * InternalServerError) for the start, ResourceNotFoundException for the get, so every refusal of
 * the start is a ValidationException carrying the same message StartAutomationExecution would give.
 * The simulator finishes a preview at once (AWS takes seconds: clients poll while Pending/InProgress).
 */
import { SimError } from '../../core/contract';
import { stepImpact, type ImpactType } from '../step-impact';
import { optArray, optString, optStringListMap, requireString, sec, UUID_RE, constraintError, validation } from '../util';
import type { SsmWorld } from '../world';
import { validateDocName, validateDocVersion } from './documents';
import { checkParameters, parseTargets, resolveTargets } from './mutations';

export interface Preview {
  id: string;
  status: 'Pending' | 'InProgress' | 'Success' | 'Failed';
  statusMessage?: string;
  endedMs?: number;
  preview?: {
    StepPreviews: Partial<Record<ImpactType, number>>;
    Regions: string[];
    TargetPreviews: { Count: number; TargetType: string }[];
    TotalAccounts: number;
  };
}

/** CloudFormation-style resource types of the ids a run names, by prefix. */
const RESOURCE_TYPES: [RegExp, string][] = [
  [/^i-[0-9a-f]{8,17}$/, 'AWS::EC2::Instance'],
  [/^vpc-[0-9a-f]{8,17}$/, 'AWS::EC2::VPC'],
  [/^subnet-[0-9a-f]{8,17}$/, 'AWS::EC2::Subnet'],
  [/^eni-[0-9a-f]{8,17}$/, 'AWS::EC2::NetworkInterface'],
  [/^sg-[0-9a-f]{8,17}$/, 'AWS::EC2::SecurityGroup'],
  [/^ami-[0-9a-f]{8,17}$/, 'AWS::EC2::Image'],
];

function targetPreviews(ids: Iterable<string>): { Count: number; TargetType: string }[] {
  const counts = new Map<string, number>();
  for (const id of new Set(ids)) {
    const type = RESOURCE_TYPES.find(([re]) => re.test(id))?.[1];
    if (type) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts].map(([TargetType, Count]) => ({ Count, TargetType }));
}

/** The start's own checks, reported as the preview API reports them. */
function asValidation<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof SimError && err.code !== 'ValidationException') throw validation(err.message);
    throw err;
  }
}

export function startExecutionPreview(world: SsmWorld, now: number, body: Record<string, unknown>) {
  const name = requireString(body, 'DocumentName');
  validateDocName(name, 'documentName');
  const version = optString(body, 'DocumentVersion');
  validateDocVersion(version);
  const inputs = body.ExecutionInputs;
  if (inputs !== undefined && inputs !== null && (typeof inputs !== 'object' || Array.isArray(inputs))) {
    throw new SimError('SerializationException', 'Unexpected value type for ExecutionInputs');
  }
  const union = (inputs ?? {}) as Record<string, unknown>;
  const members = Object.keys(union).filter((k) => union[k] !== undefined && union[k] !== null);
  if (members.length > 1 || (members.length === 1 && members[0] !== 'Automation')) {
    throw validation('ExecutionInputs must contain exactly one member: Automation.');
  }
  const automation = (union.Automation ?? {}) as Record<string, unknown>;
  const given = optStringListMap(automation, 'Parameters') ?? {};
  const targetParameterName = optString(automation, 'TargetParameterName');
  const targets = asValidation(() => parseTargets(optArray(automation, 'Targets')));
  if (automation.TargetMaps != null || automation.TargetLocations != null || automation.TargetLocationsURL != null) {
    throw validation('TargetMaps and TargetLocations are not supported by the simulator; use Targets with TargetParameterName.');
  }
  if (!!targets !== !!targetParameterName) {
    throw validation(targets ? 'TargetParameterName must be specified with Targets.' : 'Targets must be specified with TargetParameterName.');
  }
  const doc = world.deps.catalog.get(name);
  if (!doc) throw validation(`Document with name ${name} does not exist.`);
  if (!world.deps.catalog.hasVersion(doc, version)) throw validation(`Document ${name} with version ${version} does not exist.`);
  if (targetParameterName && !doc.parameters.some((p) => p.name === targetParameterName)) {
    throw validation(`TargetParameterName "${targetParameterName}" is not a parameter of the document.`);
  }
  asValidation(() => checkParameters(doc, given, targetParameterName));

  const id = world.prng.uuid();
  const preview: Preview = { id, status: 'Success', endedMs: now };
  const named = Object.values(given).flat();
  if (targets && targetParameterName) {
    const resolved = resolveTargets(targets, world.deps.instances());
    if (resolved.length === 0) {
      world.previews.set(id, { id, status: 'Failed', endedMs: now, statusMessage: 'The specified targets did not resolve to any resources.' });
      return { ExecutionPreviewId: id };
    }
    named.push(...resolved);
  }
  const steps: Partial<Record<ImpactType, number>> = {};
  for (const s of doc.steps) steps[stepImpact(s)] = (steps[stepImpact(s)] ?? 0) + 1;
  preview.preview = { StepPreviews: steps, Regions: [world.deps.region], TargetPreviews: targetPreviews(named), TotalAccounts: 1 };
  world.previews.set(id, preview);
  return { ExecutionPreviewId: id };
}

export function getExecutionPreview(world: SsmWorld, body: Record<string, unknown>) {
  const id = requireString(body, 'ExecutionPreviewId');
  if (id.length !== 36 || !UUID_RE.test(id)) {
    throw constraintError(id, 'executionPreviewId', 'Member must satisfy regular expression pattern: [a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}');
  }
  const p = world.previews.get(id.toLowerCase());
  if (!p) throw new SimError('ResourceNotFoundException', `Execution preview ${id} does not exist.`);
  return {
    ExecutionPreviewId: p.id,
    EndedAt: sec(p.endedMs),
    Status: p.status,
    StatusMessage: p.statusMessage,
    ExecutionPreview: p.preview ? { Automation: p.preview } : undefined,
  };
}
