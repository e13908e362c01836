import DataLoader from 'dataloader';
import type { Ec2Api } from '../aws';
import type { MacHost } from '../schema/host.type';
import type { Image, LaunchPermission } from '../schema/image.type';
import type { Instance } from '../schema/instance.type';
import type { MacModificationTask } from '../schema/mac-task.type';
import { itemLoader } from './item-loader';

/** EC2 loaders of one operation in one scope; the facade batches across requests and caches. */
export function createEc2Loaders(ec2: Ec2Api) {
  return {
    instance: new DataLoader<string, Instance | null>((ids) => ec2.instancesByIds(ids)),
    image: new DataLoader<string, Image | null>((ids) => ec2.imagesByIds(ids)),
    macTask: new DataLoader<string, MacModificationTask | null>((ids) => ec2.macTasksByIds(ids)),
    macTasksByInstance: new DataLoader<string, MacModificationTask[]>((ids) => ec2.macTasksByInstanceIds(ids)),
    host: new DataLoader<string, MacHost | null>((ids) => ec2.hostsByIds(ids)),
    /** Null when DescribeMacHosts does not know the host. */
    macOsVersions: new DataLoader<string, string[] | null>((ids) => ec2.macOsVersionsByHostIds(ids)),
    /** Null when the account does not own the image. */
    launchPermissions: itemLoader<LaunchPermission[] | null>((imageId) => ec2.imageLaunchPermissions(imageId)),
  };
}

export type Ec2Loaders = ReturnType<typeof createEc2Loaders>;
