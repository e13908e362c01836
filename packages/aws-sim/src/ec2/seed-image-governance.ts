/**
 * AMI governance in the seeded world, set without drawing from any stream (ids never move):
 *  - public AMIs deprecate two years after creation, AWS's default for public AMIs;
 *  - the owned golden macOS image is protected from deregistration (with the 24-hour cooldown);
 *  - the owned x86 build image was deprecated ten days ago; the API image deprecates in six months;
 *  - lastLaunchedTime: the latest launch of a seeded instance from the image, reported to the owner
 *    once it is 24 hours old (AWS reports launches with a 24-hour delay).
 */
import { SimImage, SimInstance, isPublic } from './model';
import { OWNED_DEMO_IMAGE } from './seed-images';

const DAY = 86_400_000;
const PUBLIC_DEPRECATION_MS = 2 * 365 * DAY;

export function seedImageGovernance(images: SimImage[], instances: SimInstance[], accountId: string, t0: number): void {
  const lastLaunch = new Map<string, number>();
  for (const i of instances) {
    if (i.launchTime > t0 - DAY) continue;
    lastLaunch.set(i.imageId, Math.max(lastLaunch.get(i.imageId) ?? 0, i.launchTime));
  }
  for (const img of images) {
    if (isPublic(img)) img.deprecationTime = img.creationDate + PUBLIC_DEPRECATION_MS;
    if (img.ownerId === accountId) img.lastLaunchedTime = lastLaunch.get(img.imageId);
    if (img.ownerId !== accountId) continue;
    if (img.name === OWNED_DEMO_IMAGE) img.deregistrationProtection = 'enabled-with-cooldown';
    if (img.name === 'fleetgraph-macos-15-build-x86') img.deprecationTime = t0 - 10 * DAY;
    if (img.name === 'fleetgraph-api-2026.10') img.deprecationTime = t0 + 180 * DAY;
  }
}
