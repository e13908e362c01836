import {
  CreateDelegateMacVolumeOwnershipTaskCommand,
  CreateMacSystemIntegrityProtectionModificationTaskCommand,
  type MacSystemIntegrityProtectionConfigurationRequest,
  type TagSpecification,
} from '@aws-sdk/client-ec2';
import { Authorized, Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { dryRunResult } from '../aws/dry-run';
import { BadUserInputError, type FieldProblem } from '../errors/gateway-error';
import { mapMacTask } from '../mappers/ec2.mapper';
import type { GatewayContext } from '../server/context';
import type { TagInput } from '../schema/common.type';
import { TaskEventKind, type SipSetting } from '../schema/enums';
import {
  CreateMacSipModificationTaskInput,
  CreateMacVolumeOwnershipDelegationTaskInput,
  type MacCredentialsInput,
  MacModificationTaskPayload,
  type MacSipConfigurationInput,
} from '../schema/mutation.type';
import { idProblems } from '../validation/ids';
import { ec2ClientToken, TagLimits, tagProblems } from '../validation/inputs';

const SIP_KEYS: Record<keyof MacSipConfigurationInput, keyof MacSystemIntegrityProtectionConfigurationRequest> = {
  appleInternal: 'AppleInternal',
  baseSystem: 'BaseSystem',
  debuggingRestrictions: 'DebuggingRestrictions',
  dTraceRestrictions: 'DTraceRestrictions',
  filesystemProtections: 'FilesystemProtections',
  kextSigning: 'KextSigning',
  nvramProtections: 'NvramProtections',
};

const awsSetting = (s: SipSetting) => (s === 'ENABLED' ? 'enabled' : 'disabled');

function sipOverrides(config: MacSipConfigurationInput | undefined): MacSystemIntegrityProtectionConfigurationRequest | undefined {
  if (!config) return undefined;
  const out: MacSystemIntegrityProtectionConfigurationRequest = {};
  for (const [key, awsKey] of Object.entries(SIP_KEYS) as [keyof MacSipConfigurationInput, keyof MacSystemIntegrityProtectionConfigurationRequest][]) {
    const value = config[key];
    if (value) out[awsKey] = awsSetting(value);
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * AWS takes MacCredentials as one JSON string. It is built here, handed to the SDK (which marks
 * it sensitive) and never kept, logged or returned.
 */
function macCredentialsString(c: MacCredentialsInput | undefined, problems: FieldProblem[], required: boolean): string | undefined {
  const fields = c ? Object.entries(c).filter(([, v]) => v !== undefined && v !== null) : [];
  if (!fields.length) {
    if (required) problems.push({ field: 'macCredentials', message: 'required: give rootVolumeUsername and rootVolumePassword (and internalDiskPassword on Apple silicon)' });
    return undefined;
  }
  for (const [k, v] of fields) if (typeof v !== 'string' || v.length === 0 || v.length > 256) problems.push({ field: `macCredentials.${k}`, message: 'must be 1–256 characters' });
  return JSON.stringify(Object.fromEntries(fields));
}

function tagSpecifications(tags: TagInput[] | undefined): TagSpecification[] | undefined {
  if (!tags?.length) return undefined;
  return [{ ResourceType: 'mac-modification-task', Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) }];
}

@Resolver()
export class MacTaskMutations {
  @Authorized('operator')
  @Mutation(() => MacModificationTaskPayload, {
    description: 'Configure System Integrity Protection on a Mac instance (all settings via `status`, exceptions via `configuration`).',
  })
  async createMacSipModificationTask(
    @Arg('input', () => CreateMacSipModificationTaskInput) input: CreateMacSipModificationTaskInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<MacModificationTaskPayload> {
    const problems: FieldProblem[] = [...idProblems('instance', 'instanceId', [input.instanceId]), ...tagProblems(input.tags, TagLimits.ec2)];
    const clientToken = ec2ClientToken(input.clientToken, problems);
    const region = ctx.region(input.region);
    const credentials = macCredentialsString(input.macCredentials, problems, false);
    if (problems.length) throw new BadUserInputError('Invalid createMacSipModificationTask input', problems);

    const command = (DryRun: boolean) =>
      new CreateMacSystemIntegrityProtectionModificationTaskCommand({
        InstanceId: input.instanceId,
        MacSystemIntegrityProtectionStatus: awsSetting(input.status),
        MacSystemIntegrityProtectionConfiguration: sipOverrides(input.configuration),
        MacCredentials: credentials,
        TagSpecifications: tagSpecifications(input.tags),
        ClientToken: clientToken,
        DryRun,
      });
    return this.run(ctx, region, clientToken, input.dryRun, command);
  }

  @Authorized('operator')
  @Mutation(() => MacModificationTaskPayload, { description: 'Delegate ownership of the Apple silicon Mac\'s internal volume to an administrative user.' })
  async createMacVolumeOwnershipDelegationTask(
    @Arg('input', () => CreateMacVolumeOwnershipDelegationTaskInput) input: CreateMacVolumeOwnershipDelegationTaskInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<MacModificationTaskPayload> {
    const problems: FieldProblem[] = [...idProblems('instance', 'instanceId', [input.instanceId]), ...tagProblems(input.tags, TagLimits.ec2)];
    const clientToken = ec2ClientToken(input.clientToken, problems);
    const region = ctx.region(input.region);
    const credentials = macCredentialsString(input.macCredentials, problems, true);
    if (problems.length) throw new BadUserInputError('Invalid createMacVolumeOwnershipDelegationTask input', problems);

    const command = (DryRun: boolean) =>
      new CreateDelegateMacVolumeOwnershipTaskCommand({
        InstanceId: input.instanceId,
        MacCredentials: credentials,
        TagSpecifications: tagSpecifications(input.tags),
        ClientToken: clientToken,
        DryRun,
      });
    return this.run(ctx, region, clientToken, input.dryRun, command);
  }

  private async run(
    ctx: GatewayContext,
    region: string,
    clientToken: string,
    dryRun: boolean,
    command: (dryRun: boolean) => CreateMacSystemIntegrityProtectionModificationTaskCommand | CreateDelegateMacVolumeOwnershipTaskCommand,
  ): Promise<MacModificationTaskPayload> {
    if (dryRun) {
      return { task: null, clientToken, dryRun: await dryRunResult(() => ctx.aws.write('ec2', region, command(true))) };
    }
    const out = await ctx.aws.write('ec2', region, command(false));
    if (!out.MacModificationTask) throw new Error('AWS returned no MacModificationTask');
    const task = mapMacTask(out.MacModificationTask, region);
    const loaders = ctx.loaders.region(region);
    loaders.macTask.clear(task.id).prime(task.id, task);
    loaders.macTasksByInstance.clear(task.instanceId);
    ctx.events?.taskChanged({ kind: TaskEventKind.MAC_MODIFICATION_TASK, id: task.id, region }, task, { created: true });
    return { task, clientToken, dryRun: null };
  }
}
