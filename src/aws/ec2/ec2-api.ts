import {
  CreateDelegateMacVolumeOwnershipTaskCommand,
  CreateMacSystemIntegrityProtectionModificationTaskCommand,
  DescribeHostsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeMacModificationTasksCommand,
  ModifyImageAttributeCommand,
  type ModifyImageAttributeCommandInput,
} from '@aws-sdk/client-ec2';
import { macEnumToAws } from '../../schema/enums';
import type { MacHost } from '../../schema/host.type';
import type { Image, LaunchPermission } from '../../schema/image.type';
import type { ImageBlockPublicAccess, ImageBlockPublicAccessState } from '../../schema/image-governance.type';
import type { Instance } from '../../schema/instance.type';
import type { MacModificationTask } from '../../schema/mac-task.type';
import type { DryRunResult } from '../../schema/mutation.type';
import { setKey } from '../cache/keys';
import type { AwsCore, Found, View } from '../core';
import { writeOrDryRun } from '../dry-run';
import { AwsLimits } from '../limits';
import { allItems, type Page, type PageRequest } from '../paging';
import type { Scope } from '../scope';
import { CHANGING_HOST_STATES, mapHost } from './host-mappers';
import { releaseHost } from './host-writes';
import { readImageBlockPublicAccess, writeDeprecation, writeDeregistrationProtection, writeImageBlockPublicAccess } from './image-governance';
import { powerInstances, type PowerAction, type PowerWrite } from './instance-power';
import { hostLookup, imageLookup, instanceLookup, launchPermissionsItem, macOsVersionsLookup, macTaskLookup, macTasksByInstanceLookup } from './lookups';
import { mapImage, mapInstance, mapMacTask } from './mappers';
import { hostFilters, imageFilters, instanceFilters, macTaskFilters, type HostQuery, type ImageQuery, type InstanceQuery, type MacTaskQuery } from './queries';
import { sipTaskInput, toEc2LaunchPermission, volumeOwnershipTaskInput, type LaunchPermissionSpec, type SipTaskInput, type VolumeOwnershipTaskInput } from './writes';

export interface MacTaskWrite {
  /** Null on a dry run. */
  task: MacModificationTask | null;
  dryRun: DryRunResult | null;
}

export interface WriteOptions {
  /** Ask AWS whether the call would succeed, changing nothing. */
  dryRun?: boolean;
}

const ACTIVE_TASK_STATES = ['pending', 'in-progress'];

/**
 * EC2 for one scope, in intention-named methods. Lookups by id are batched across concurrent
 * requests and cached; lists are cached per canonical query; writes drop the scope's cache.
 */
export class Ec2Api {
  constructor(
    private readonly core: AwsCore,
    private readonly view: View,
    readonly scope: Scope,
  ) {}

  instancesByIds(ids: readonly string[]): Promise<Found<Instance>> {
    return this.core.lookup(this.view, this.scope, instanceLookup, ids);
  }

  imagesByIds(ids: readonly string[]): Promise<Found<Image>> {
    return this.core.lookup(this.view, this.scope, imageLookup, ids);
  }

  macTasksByIds(ids: readonly string[]): Promise<Found<MacModificationTask>> {
    return this.core.lookup(this.view, this.scope, macTaskLookup, ids);
  }

  /** Every Mac task of each instance (an empty list for an instance with none). */
  async macTasksByInstanceIds(instanceIds: readonly string[]): Promise<Array<MacModificationTask[] | Error>> {
    const found = await this.core.lookup(this.view, this.scope, macTasksByInstanceLookup, instanceIds);
    return found.map((f) => f ?? []);
  }

  /** Dedicated Hosts by id (DescribeHosts by HostIds, batched across requests, bisected around unknown ids). */
  hostsByIds(ids: readonly string[]): Promise<Found<MacHost>> {
    return this.core.lookup(this.view, this.scope, hostLookup, ids);
  }

  /** The latest macOS versions each Mac host supports (DescribeMacHosts, batched like hosts). */
  macOsVersionsByHostIds(ids: readonly string[]): Promise<Found<string[]>> {
    return this.core.lookup(this.view, this.scope, macOsVersionsLookup, ids);
  }

  /** Launch permissions of an image; null when the account does not own it (AWS shows them to the owner only). */
  imageLaunchPermissions(imageId: string): Promise<LaunchPermission[] | null> {
    return this.core.item(this.view, this.scope, launchPermissionsItem, imageId);
  }

  listInstances(query: InstanceQuery, page: PageRequest): Promise<Page<Instance>> {
    const Filters = instanceFilters(query);
    if (Filters === null) return Promise.resolve({ items: [] });
    return this.core.read(this.view, this.scope, { service: 'ec2', kind: 'instances', action: 'DescribeInstances' }, setKey({ query, page }), async (send) => {
      const out = await send(new DescribeInstancesCommand({ Filters: Filters.length ? Filters : undefined, MaxResults: page.maxResults, NextToken: page.nextToken }));
      return { items: (out.Reservations ?? []).flatMap((r) => (r.Instances ?? []).map((i) => mapInstance(i, this.scope))), nextToken: out.NextToken };
    });
  }

  listImages(query: ImageQuery, page: PageRequest): Promise<Page<Image>> {
    const Filters = imageFilters(query);
    return this.core.read(this.view, this.scope, { service: 'ec2', kind: 'images', action: 'DescribeImages' }, setKey({ query, page }), async (send) => {
      const out = await send(
        new DescribeImagesCommand({ Owners: query.owners, Filters: Filters.length ? Filters : undefined, MaxResults: page.maxResults, NextToken: page.nextToken }),
      );
      return { items: (out.Images ?? []).map((i) => mapImage(i, this.scope)), nextToken: out.NextToken };
    });
  }

  listMacTasks(query: MacTaskQuery, page: PageRequest): Promise<Page<MacModificationTask>> {
    const Filters = macTaskFilters(query);
    return this.core.read(this.view, this.scope, { service: 'ec2', kind: 'macTasks', action: 'DescribeMacModificationTasks' }, setKey({ query, page }), async (send) => {
      const out = await send(new DescribeMacModificationTasksCommand({ Filters: Filters.length ? Filters : undefined, MaxResults: page.maxResults, NextToken: page.nextToken }));
      return { items: (out.MacModificationTasks ?? []).map((t) => mapMacTask(t, this.scope)), nextToken: out.NextToken };
    });
  }

  /** Mac Dedicated Hosts (DescribeHosts filtered to Mac instance types). */
  listHosts(query: HostQuery, page: PageRequest): Promise<Page<MacHost>> {
    return this.core.read(this.view, this.scope, { service: 'ec2', kind: 'hosts', action: 'DescribeHosts' }, setKey({ query, page }), async (send) => {
      const out = await send(new DescribeHostsCommand({ Filter: hostFilters(query), MaxResults: page.maxResults, NextToken: page.nextToken }));
      return { items: (out.Hosts ?? []).map((h) => mapHost(h, this.scope)), nextToken: out.NextToken };
    });
  }

  /** Every pending or in-progress Mac task in the scope (the watcher's fleet scan). */
  activeMacTasks(): Promise<MacModificationTask[]> {
    return this.core.read(this.view, this.scope, { service: 'ec2', kind: 'activeMacTasks', action: 'DescribeMacModificationTasks' }, '', async (send) => {
      const tasks = await allItems(
        (NextToken) =>
          send(new DescribeMacModificationTasksCommand({ Filters: [{ Name: 'task-state', Values: ACTIVE_TASK_STATES }], MaxResults: AwsLimits.ec2DescribeMacTasksMaxResults, NextToken })),
        (page) => page.MacModificationTasks ?? [],
        10,
      );
      return tasks.map((t) => mapMacTask(t, this.scope));
    });
  }

  /** Every Mac host in the scope whose state is changing on its own, e.g. scrubbing (the watcher's fleet scan). */
  activeMacHosts(): Promise<MacHost[]> {
    return this.core.read(this.view, this.scope, { service: 'ec2', kind: 'activeMacHosts', action: 'DescribeHosts' }, '', async (send) => {
      const hosts = await allItems(
        (NextToken) =>
          send(new DescribeHostsCommand({ Filter: hostFilters({ states: CHANGING_HOST_STATES.map(macEnumToAws) }), MaxResults: AwsLimits.ec2DescribeHostsMaxResults, NextToken })),
        (page) => page.Hosts ?? [],
        10,
      );
      return hosts.map((h) => mapHost(h, this.scope));
    });
  }

  createSipTask(input: SipTaskInput, options: WriteOptions = {}): Promise<MacTaskWrite> {
    return this.macTaskWrite(options, (dryRun) => new CreateMacSystemIntegrityProtectionModificationTaskCommand(sipTaskInput(input, dryRun)));
  }

  createVolumeOwnershipTask(input: VolumeOwnershipTaskInput, options: WriteOptions = {}): Promise<MacTaskWrite> {
    return this.macTaskWrite(options, (dryRun) => new CreateDelegateMacVolumeOwnershipTaskCommand(volumeOwnershipTaskInput(input, dryRun)));
  }

  modifyImageLaunchPermissions(imageId: string, change: { add: LaunchPermissionSpec[]; remove: LaunchPermissionSpec[] }, options: WriteOptions = {}) {
    const Add = change.add.map(toEc2LaunchPermission);
    const Remove = change.remove.map(toEc2LaunchPermission);
    return this.modifyImage({ ImageId: imageId, LaunchPermission: { ...(Add.length ? { Add } : {}), ...(Remove.length ? { Remove } : {}) } }, options);
  }

  setImageDescription(imageId: string, description: string, options: WriteOptions = {}) {
    return this.modifyImage({ ImageId: imageId, Description: { Value: description } }, options);
  }

  /** Irreversible on the AMI: instances launched from it require IMDSv2. */
  enableImageImdsV2(imageId: string, options: WriteOptions = {}) {
    return this.modifyImage({ ImageId: imageId, ImdsSupport: { Value: 'v2.0' } }, options);
  }

  /** StartInstances / StopInstances / RebootInstances. */
  powerInstances(action: PowerAction, ids: string[], options: WriteOptions = {}): Promise<PowerWrite> {
    return powerInstances(this.core, this.view, this.scope, action, ids, options.dryRun ?? false);
  }

  /** ReleaseHosts for one host; a refusal (AWS answers it as an Unsuccessful item) throws AwsError. */
  releaseHost(hostId: string): Promise<void> {
    return releaseHost(this.core, this.view, this.scope, hostId);
  }

  imageBlockPublicAccess(): Promise<ImageBlockPublicAccess> {
    return readImageBlockPublicAccess(this.core, this.view, this.scope);
  }

  setImageBlockPublicAccess(state: ImageBlockPublicAccessState, options: WriteOptions = {}) {
    return writeImageBlockPublicAccess(this.core, this.view, this.scope, state, options.dryRun ?? false);
  }

  setImageDeregistrationProtection(imageId: string, change: { enabled: boolean; withCooldown: boolean }, options: WriteOptions = {}) {
    return writeDeregistrationProtection(this.core, this.view, this.scope, imageId, change, options.dryRun ?? false);
  }

  /** Deprecate the AMI at `at`, or cancel its deprecation (`null`). */
  setImageDeprecation(imageId: string, at: Date | null, options: WriteOptions = {}) {
    return writeDeprecation(this.core, this.view, this.scope, imageId, at, options.dryRun ?? false);
  }

  private async modifyImage(input: ModifyImageAttributeCommandInput, options: WriteOptions): Promise<{ dryRun: DryRunResult | null }> {
    const written = await writeOrDryRun(options.dryRun ?? false, (DryRun) => this.core.write(this.view, this.scope, 'ec2', new ModifyImageAttributeCommand({ ...input, DryRun })));
    return { dryRun: written.dryRun };
  }

  private async macTaskWrite(
    options: WriteOptions,
    command: (dryRun: boolean) => CreateMacSystemIntegrityProtectionModificationTaskCommand | CreateDelegateMacVolumeOwnershipTaskCommand,
  ): Promise<MacTaskWrite> {
    const { out, dryRun } = await writeOrDryRun(options.dryRun ?? false, (d) => this.core.write(this.view, this.scope, 'ec2', command(d)));
    if (dryRun) return { task: null, dryRun };
    if (!out?.MacModificationTask) throw new Error('AWS returned no MacModificationTask');
    return { task: mapMacTask(out.MacModificationTask, this.scope), dryRun: null };
  }
}
