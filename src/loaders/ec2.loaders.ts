import {
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeMacModificationTasksCommand,
  type DescribeMacModificationTasksResult,
} from '@aws-sdk/client-ec2';
import DataLoader from 'dataloader';
import type { AwsAccess } from '../aws/aws-access';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import { mapImage, mapInstance, mapLaunchPermission, mapMacTask } from '../mappers/ec2.mapper';
import type { Image, LaunchPermission } from '../schema/image.type';
import type { Instance } from '../schema/instance.type';
import type { MacModificationTask } from '../schema/mac-task.type';
import { allPages, inKeyOrder, mapWithConcurrency } from './batching';
import { AwsLimits } from './limits';

/**
 * EC2 loaders for one region. Id lookups use the id *filter* rather than the Ids parameter: AWS
 * fails a whole call when one id in `InstanceIds`/`ImageIds` is unknown, but a filter simply
 * returns no row for it, so one bad id costs only its own `null`.
 */
export function createEc2Loaders(aws: AwsAccess, region: string, perItemConcurrency: number) {
  const instance = new DataLoader<string, Instance | null>(
    async (ids) => {
      const pages = await allPages((NextToken) =>
        aws.read(
          'ec2',
          region,
          new DescribeInstancesCommand({
            Filters: [{ Name: 'instance-id', Values: [...ids] }],
            MaxResults: AwsLimits.ec2DescribeInstancesMaxResults,
            NextToken,
          }),
        ),
      );
      const byId = new Map<string, Instance>();
      for (const p of pages) for (const r of p.Reservations ?? []) for (const i of r.Instances ?? []) byId.set(i.InstanceId ?? '', mapInstance(i, region));
      return inKeyOrder(ids, byId, null);
    },
    { maxBatchSize: AwsLimits.ec2FilterValues },
  );

  const image = new DataLoader<string, Image | null>(
    async (ids) => {
      const pages = await allPages((NextToken) =>
        aws.read(
          'ec2',
          region,
          new DescribeImagesCommand({
            Filters: [{ Name: 'image-id', Values: [...ids] }],
            MaxResults: AwsLimits.ec2DescribeImagesMaxResults,
            NextToken,
          }),
        ),
      );
      const byId = new Map<string, Image>();
      for (const p of pages) for (const i of p.Images ?? []) byId.set(i.ImageId ?? '', mapImage(i, region));
      return inKeyOrder(ids, byId, null);
    },
    { maxBatchSize: AwsLimits.ec2FilterValues },
  );

  // One image, one attribute per call: no batching possible, so bound the fan-out instead.
  const launchPermissions = new DataLoader<string, LaunchPermission[]>(async (ids) =>
    mapWithConcurrency(ids, perItemConcurrency, async (ImageId) => {
      try {
        const out = await aws.read('ec2', region, new DescribeImageAttributeCommand({ ImageId, Attribute: 'launchPermission' }));
        return (out.LaunchPermissions ?? []).map(mapLaunchPermission);
      } catch (err) {
        return err as Error;
      }
    }),
  );

  const describeTasksByIds = (ids: readonly string[]) =>
    allPages<DescribeMacModificationTasksResult>((NextToken) =>
      aws.read('ec2', region, new DescribeMacModificationTasksCommand({ MacModificationTaskIds: [...ids], NextToken })),
    );

  /**
   * There is no task-id filter, and unknown ids fail the whole call, so a failed batch is
   * bisected: a batch with one unknown id costs about 2·log2(n) extra calls, not n.
   */
  const loadTasks = async (ids: readonly string[]): Promise<Map<string, MacModificationTask>> => {
    try {
      const pages = await describeTasksByIds(ids);
      const byId = new Map<string, MacModificationTask>();
      for (const p of pages) for (const t of p.MacModificationTasks ?? []) byId.set(t.MacModificationTaskId ?? '', mapMacTask(t, region));
      return byId;
    } catch (err) {
      const notFound = err instanceof GatewayError && (err.code === ErrorCode.NOT_FOUND || err.code === ErrorCode.BAD_USER_INPUT);
      if (!notFound) throw err;
      if (ids.length === 1) return new Map();
      const mid = Math.ceil(ids.length / 2);
      const [a, b] = await Promise.all([loadTasks(ids.slice(0, mid)), loadTasks(ids.slice(mid))]);
      return new Map([...a, ...b]);
    }
  };

  const macTask = new DataLoader<string, MacModificationTask | null>(async (ids) => inKeyOrder(ids, await loadTasks(ids), null), {
    maxBatchSize: AwsLimits.ec2FilterValues,
  });

  const macTasksByInstance = new DataLoader<string, MacModificationTask[]>(
    async (instanceIds) => {
      const pages = await allPages((NextToken) =>
        aws.read(
          'ec2',
          region,
          new DescribeMacModificationTasksCommand({
            Filters: [{ Name: 'instance-id', Values: [...instanceIds] }],
            MaxResults: AwsLimits.ec2DescribeMacTasksMaxResults,
            NextToken,
          }),
        ),
      );
      const byInstance = new Map<string, MacModificationTask[]>();
      for (const p of pages)
        for (const t of p.MacModificationTasks ?? []) {
          const task = mapMacTask(t, region);
          macTask.prime(task.id, task);
          const list = byInstance.get(task.instanceId) ?? [];
          list.push(task);
          byInstance.set(task.instanceId, list);
        }
      return instanceIds.map((id) => byInstance.get(id) ?? []);
    },
    { maxBatchSize: AwsLimits.ec2FilterValues },
  );

  return { instance, image, launchPermissions, macTask, macTasksByInstance };
}

export type Ec2Loaders = ReturnType<typeof createEc2Loaders>;
