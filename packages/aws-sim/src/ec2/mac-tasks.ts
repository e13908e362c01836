import { createHash } from 'node:crypto';
import { SIM_MAC_CREDENTIALS, SimError } from '../core/contract';
import { Prng, awsId } from '../core/rng';
import { ActionEnv, authorizeMutation, dryRunError } from './env';
import { compileFilters } from './filters';
import { lookupInstances } from './instances';
import {
  ID_PATTERNS,
  MacTaskType,
  SIP_CONFIG_FIELDS,
  SimInstance,
  SimMacTask,
  SipConfigField,
  SipSetting,
  Tag,
  isMacKind,
  macTaskState,
} from './model';
import { paginate } from './paging';
import { Params, bool, filters, list, lcFirst, maxResults, required, struct, structList } from './query';
import { XmlObject, tagSet, xmlChildren } from '../core/xml';

/**
 * Mac modification tasks. Timeline (simulated time, see model.ts): pending for 60 s, in-progress
 * for 20 min, then successful — or failed when the task was created with wrong MacCredentials.
 * The seeded correct credentials are SIM_MAC_CREDENTIALS (contract.ts): rootVolumeUsername
 * "ec2-user", rootVolumePassword "fleetgraph-demo", internalDiskPassword "fleetgraph-demo".
 * MacCredentials are never logged, echoed or stored — only folded into the idempotency hash.
 */

export function macTaskXml(t: SimMacTask, now: number): XmlObject {
  const sip: XmlObject | undefined = t.sip
    ? {
        appleInternal: t.sip.overrides.AppleInternal,
        baseSystem: t.sip.overrides.BaseSystem,
        debuggingRestrictions: t.sip.overrides.DebuggingRestrictions,
        dTraceRestrictions: t.sip.overrides.DTraceRestrictions,
        filesystemProtections: t.sip.overrides.FilesystemProtections,
        kextSigning: t.sip.overrides.KextSigning,
        nvramProtections: t.sip.overrides.NvramProtections,
        status: t.sip.status,
      }
    : undefined;
  return {
    instanceId: t.instanceId,
    macModificationTaskId: t.taskId,
    macSystemIntegrityProtectionConfig: sip,
    startTime: new Date(t.startTime),
    tagSet: tagSet(t.tags),
    taskState: macTaskState(t, now),
    taskType: t.taskType,
  };
}

export function describeMacModificationTasks(env: ActionEnv): string {
  const { params, world, ctx } = env;
  const ids = list(params, 'MacModificationTaskId');
  const fs = filters(params);
  const max = maxResults(params, 5, 500);
  const now = ctx.clock.now();
  const pred = compileFilters<SimMacTask>(fs, {
    'instance-id': (t) => t.instanceId,
    'task-state': (t) => macTaskState(t, now),
    'task-type': (t) => t.taskType,
  });
  if (bool(params, 'DryRun')) throw dryRunError();
  let base = world.macTasks;
  if (ids) {
    const bad = ids.find((id) => !ID_PATTERNS.macTask.test(id));
    if (bad !== undefined) throw new SimError('InvalidMacModificationTaskId.Malformed', `Invalid id: "${bad}"`);
    const missing = ids.filter((id) => !world.macTaskById.has(id));
    if (missing.length) {
      throw new SimError('InvalidMacModificationTaskId.NotFound', `The Mac modification task ID '${missing.join(', ')}' does not exist`);
    }
    base = [...new Set(ids)].map((id) => world.macTaskById.get(id)!);
  }
  const matched = fs.length ? base.filter(pred) : base;
  const [page, next] = paginate('DescribeMacModificationTasks', matched, params, max);
  return xmlChildren({ macModificationTaskSet: page.map((t) => macTaskXml(t, now)), nextToken: next });
}

function parseTags(params: Params): Tag[] {
  const specs = structList(params, 'TagSpecification') ?? [];
  const tags: Tag[] = [];
  for (const s of specs) {
    const rt = s['ResourceType'];
    if (rt !== 'mac-modification-task') {
      throw new SimError('InvalidParameterValue', `'${rt ?? ''}' is not a valid taggable resource type for this operation.`);
    }
    for (const t of structList(s, 'Tag') ?? []) {
      const key = t['Key'];
      if (!key) throw new SimError('InvalidParameterValue', 'Tag keys must not be empty.');
      if (key.startsWith('aws:')) throw new SimError('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
      if (key.length > 127 || (t['Value'] ?? '').length > 256) throw new SimError('InvalidParameterValue', 'Tag key or value too long.');
      if (tags.some((x) => x.key === key)) throw new SimError('InvalidParameterValue', `Duplicate tag key '${key}' specified.`);
      tags.push({ key, value: t['Value'] ?? '' });
    }
  }
  if (tags.length > 50) throw new SimError('TagLimitExceeded', 'The maximum number of tags per resource is 50.');
  return tags;
}

/** Parses MacCredentials (a JSON string). Never puts the value in an error message. */
function credentialsCorrect(raw: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SimError('InvalidParameterValue', 'The MacCredentials parameter must be a JSON object string.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SimError('InvalidParameterValue', 'The MacCredentials parameter must be a JSON object string.');
  }
  // Accept the documented key spelling variants (the docs write "rootVolumepassword").
  const lower = new Map(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  const user = lower.get('rootvolumeusername') ?? 'ec2-user';
  return (
    user === SIM_MAC_CREDENTIALS.rootVolumeUsername &&
    lower.get('rootvolumepassword') === SIM_MAC_CREDENTIALS.rootVolumePassword &&
    lower.get('internaldiskpassword') === SIM_MAC_CREDENTIALS.internalDiskPassword
  );
}

function paramsHash(action: string, params: Params): string {
  const h = createHash('sha256').update(action);
  for (const k of Object.keys(params).filter((k) => k !== 'ClientToken' && k !== 'DryRun' && k !== 'Version' && k !== 'Action').sort()) {
    h.update(`\u0000${k}\u0001${params[k]}`);
  }
  return h.digest('hex');
}

function newTaskId(env: ActionEnv): string {
  for (;;) {
    const serial = env.world.nextSerial++;
    const id = awsId('macmodification', new Prng(serial), serial);
    if (!env.world.macTaskById.has(id)) return id;
  }
}

interface CreateSpec {
  taskType: MacTaskType;
  sip?: SimMacTask['sip'];
}

function createTask(env: ActionEnv, spec: CreateSpec, needsCredentials: (i: SimInstance) => boolean): string {
  const { params, world, ctx } = env;
  const instanceId = required(params, 'InstanceId');
  const dryRun = bool(params, 'DryRun');
  const clientToken = params['ClientToken'];
  if (clientToken !== undefined && (clientToken.length > 64 || !/^[\x20-\x7e]*$/.test(clientToken))) {
    throw new SimError('InvalidParameterValue', 'The client token must be 64 ASCII characters or fewer.');
  }
  const tags = parseTags(params);
  const creds = params['MacCredentials'];
  const [inst] = lookupInstances(env, [instanceId]);
  if (!isMacKind(inst.kind)) {
    throw new SimError('UnsupportedOperation', `The instance '${inst.instanceId}' is not a Mac instance. ${spec.taskType === 'sip-modification' ? 'SIP modification' : 'Volume ownership delegation'} tasks are supported on EC2 Mac instances only.`);
  }
  if (spec.taskType === 'volume-ownership-delegation' && inst.kind !== 'mac-arm') {
    throw new SimError('UnsupportedOperation', `The instance '${inst.instanceId}' is not an Apple silicon Mac instance. Volume ownership delegation is supported on Apple silicon Mac instances only.`);
  }
  if (needsCredentials(inst) && (creds === undefined || creds === '')) {
    throw new SimError('MissingParameter', `The request must contain the parameter MacCredentials for Apple silicon Mac instance '${inst.instanceId}'.`);
  }
  const correct = creds !== undefined && creds !== '' ? credentialsCorrect(creds) : true;
  authorizeMutation(env, dryRun);

  const hash = paramsHash(env.action, params);
  if (clientToken) {
    const prior = world.idempotency.get(clientToken);
    if (prior) {
      if (prior.hash !== hash || prior.action !== env.action) {
        throw new SimError('IdempotentParameterMismatch', `The client token '${clientToken}' was already used with different parameters.`);
      }
      const t = world.macTaskById.get(prior.taskId)!;
      return xmlChildren({ macModificationTask: macTaskXml(t, ctx.clock.now()) });
    }
  }
  if (inst.state !== 'running') {
    throw new SimError('IncorrectInstanceState', `The instance '${inst.instanceId}' is not in the 'running' state (current state: ${inst.state}).`);
  }
  const now = ctx.clock.now();
  const active = world.macTasks.find((t) => t.instanceId === inst.instanceId && ['pending', 'in-progress'].includes(macTaskState(t, now)));
  if (active) {
    throw new SimError('IncorrectState', `The instance '${inst.instanceId}' already has an active Mac modification task (${active.taskId}).`);
  }
  const task: SimMacTask = {
    taskId: newTaskId(env),
    instanceId: inst.instanceId,
    taskType: spec.taskType,
    startTime: now,
    outcome: inst.kind === 'mac-arm' && !correct ? 'failed' : 'successful',
    sip: spec.sip,
    tags,
  };
  world.macTasks.push(task);
  world.macTaskById.set(task.taskId, task);
  if (clientToken) world.idempotency.set(clientToken, { action: env.action, hash, taskId: task.taskId });
  return xmlChildren({ macModificationTask: macTaskXml(task, now) });
}

function sipSetting(v: string | undefined, name: string): SipSetting {
  if (v !== 'enabled' && v !== 'disabled') {
    throw new SimError('InvalidParameterValue', `Value (${v}) for parameter ${lcFirst(name)} is invalid. Valid values: enabled | disabled`);
  }
  return v;
}

export function createMacSipTask(env: ActionEnv): string {
  const { params } = env;
  required(params, 'InstanceId');
  const status = sipSetting(required(params, 'MacSystemIntegrityProtectionStatus'), 'MacSystemIntegrityProtectionStatus');
  const raw = struct(params, 'MacSystemIntegrityProtectionConfiguration') ?? {};
  const overrides: Partial<Record<SipConfigField, SipSetting>> = {};
  for (const k of Object.keys(raw)) {
    if (!(SIP_CONFIG_FIELDS as readonly string[]).includes(k)) {
      throw new SimError('UnknownParameter', `The parameter MacSystemIntegrityProtectionConfiguration.${k} is not recognized`);
    }
    overrides[k as SipConfigField] = sipSetting(raw[k], k);
  }
  return createTask(env, { taskType: 'sip-modification', sip: { status, overrides } }, (i) => i.kind === 'mac-arm');
}

export function createDelegateMacVolumeOwnershipTask(env: ActionEnv): string {
  required(env.params, 'InstanceId');
  required(env.params, 'MacCredentials');
  return createTask(env, { taskType: 'volume-ownership-delegation' }, () => true);
}
