import DataLoader from 'dataloader';
import type { Ec2Api } from '../aws';
import type { MacHost } from '../schema/host.type';
import type { Image, LaunchPermission } from '../schema/image.type';
import type { Instance } from '../schema/instance.type';
import type { MacModificationTask } from '../schema/mac-task.type';
import { itemLoader } from './item-loader';

/** EC2 loaders of one operation in one scope, each made on first use; the facade batches across requests and caches. */
export const ec2Loaders = {
  instance: (ec2: Ec2Api) => new DataLoader<string, Instance | null>((ids) => ec2.instancesByIds(ids)),
  image: (ec2: Ec2Api) => new DataLoader<string, Image | null>((ids) => ec2.imagesByIds(ids)),
  macTask: (ec2: Ec2Api) => new DataLoader<string, MacModificationTask | null>((ids) => ec2.macTasksByIds(ids)),
  macTasksByInstance: (ec2: Ec2Api) => new DataLoader<string, MacModificationTask[]>((ids) => ec2.macTasksByInstanceIds(ids)),
  host: (ec2: Ec2Api) => new DataLoader<string, MacHost | null>((ids) => ec2.hostsByIds(ids)),
  /** Null when DescribeMacHosts does not know the host. */
  macOsVersions: (ec2: Ec2Api) => new DataLoader<string, string[] | null>((ids) => ec2.macOsVersionsByHostIds(ids)),
  /** Null when the account does not own the image. */
  launchPermissions: (ec2: Ec2Api) => itemLoader<LaunchPermission[] | null>((imageId) => ec2.imageLaunchPermissions(imageId)),
};

export type Ec2Loaders = { readonly [K in keyof typeof ec2Loaders]: ReturnType<(typeof ec2Loaders)[K]> };
