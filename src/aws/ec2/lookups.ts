import {
  DescribeHostsCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeMacHostsCommand,
  DescribeMacModificationTasksCommand,
} from '@aws-sdk/client-ec2';
import type { LaunchPermission } from '../../schema/image.type';
import type { MacModificationTask } from '../../schema/mac-task.type';
import { pagedLookup, type ItemKind, type LookupKind } from '../core';
import { isAwsError } from '../errors';
import { AwsLimits } from '../limits';
import { allItems } from '../paging';
import { mapHost } from './host-mappers';
import { mapImage, mapInstance, mapLaunchPermission, mapMacTask } from './mappers';

/**
 * EC2 id lookups, batched across requests. Instances and images are looked up with the id
 * *filter*, not the Ids parameter: AWS fails a whole call when one id in `InstanceIds`/`ImageIds`
 * is unknown, while a filter just returns no row for it.
 */
export const instanceLookup = pagedLookup({
  service: 'ec2',
  kind: 'instance',
  action: 'DescribeInstances',
  maxBatchSize: AwsLimits.ec2FilterValues,
  command: (ids, NextToken) =>
    new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: ids }], MaxResults: AwsLimits.ec2DescribeInstancesMaxResults, NextToken }),
  rows: (page) => (page.Reservations ?? []).flatMap((r) => r.Instances ?? []),
  id: (i) => i.InstanceId,
  map: mapInstance,
});

export const imageLookup = pagedLookup({
  service: 'ec2',
  kind: 'image',
  action: 'DescribeImages',
  maxBatchSize: AwsLimits.ec2FilterValues,
  // An instance's AMI is found even once deprecated (AWS hides others' deprecated AMIs by default).
  command: (ids, NextToken) =>
    new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: ids }], IncludeDeprecated: true, MaxResults: AwsLimits.ec2DescribeImagesMaxResults, NextToken }),
  rows: (page) => page.Images ?? [],
  id: (i) => i.ImageId,
  map: mapImage,
});

/**
 * Mac tasks by id: there is no task-id filter and an unknown id fails the whole call, so the core
 * bisects a failed batch (see core.ts `fetchSplitting`).
 */
export const macTaskLookup = pagedLookup({
  service: 'ec2',
  kind: 'macTask',
  action: 'DescribeMacModificationTasks',
  maxBatchSize: AwsLimits.ec2FilterValues,
  command: (ids, NextToken) => new DescribeMacModificationTasksCommand({ MacModificationTaskIds: ids, NextToken }),
  rows: (page) => page.MacModificationTasks ?? [],
  id: (t) => t.MacModificationTaskId,
  map: mapMacTask,
});

/**
 * Dedicated Hosts by id. DescribeHosts has no host-id filter, and one unknown id in `HostIds` fails
 * the whole call (InvalidHostID.NotFound), so the core bisects a failed batch like Mac tasks'.
 * MaxResults cannot go with HostIds: a batch is one answer.
 */
export const hostLookup = pagedLookup({
  service: 'ec2',
  kind: 'host',
  action: 'DescribeHosts',
  maxBatchSize: AwsLimits.ec2HostIds,
  command: (ids, NextToken) => new DescribeHostsCommand({ HostIds: ids, NextToken }),
  rows: (page) => page.Hosts ?? [],
  id: (h) => h.HostId,
  map: mapHost,
});

/** The latest macOS versions each Mac host supports (DescribeMacHosts by HostId, bisected like hosts). */
export const macOsVersionsLookup = pagedLookup({
  service: 'ec2',
  kind: 'macOsVersions',
  action: 'DescribeMacHosts',
  maxBatchSize: AwsLimits.ec2HostIds,
  command: (ids, NextToken) => new DescribeMacHostsCommand({ HostIds: ids, NextToken }),
  rows: (page) => page.MacHosts ?? [],
  id: (h) => h.HostId,
  map: (h) => h.MacOSLatestSupportedVersions ?? [],
});

/** Every Mac task of each instance, by the `instance-id` filter. */
export const macTasksByInstanceLookup: LookupKind<MacModificationTask[]> = {
  service: 'ec2',
  kind: 'macTasksByInstance',
  action: 'DescribeMacModificationTasks',
  maxBatchSize: AwsLimits.ec2FilterValues,
  async fetch(send, instanceIds, scope) {
    const tasks = await allItems(
      (NextToken) =>
        send(new DescribeMacModificationTasksCommand({ Filters: [{ Name: 'instance-id', Values: instanceIds }], MaxResults: AwsLimits.ec2DescribeMacTasksMaxResults, NextToken })),
      (page) => page.MacModificationTasks ?? [],
    );
    const byInstance = new Map<string, MacModificationTask[]>(instanceIds.map((id) => [id, []]));
    for (const t of tasks) byInstance.get(t.InstanceId ?? '')?.push(mapMacTask(t, scope));
    return byInstance;
  },
};

/**
 * One image, one attribute per call (no batching possible): bounded concurrency and the cache.
 * AuthFailure means "not your image": AWS shows launch permissions to the owner only, so the
 * answer is unknown (null), not empty.
 */
export const launchPermissionsItem: ItemKind<LaunchPermission[] | null> = {
  service: 'ec2',
  kind: 'launchPermissions',
  action: 'DescribeImageAttribute',
  async fetch(send, imageId) {
    try {
      const out = await send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }));
      return (out.LaunchPermissions ?? []).map(mapLaunchPermission);
    } catch (err) {
      if (isAwsError(err) && err.awsCode === 'AuthFailure') return null;
      throw err;
    }
  },
};
