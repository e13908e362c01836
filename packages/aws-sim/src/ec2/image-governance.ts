/**
 * AMI governance: block public access for AMIs (per account × region), deregistration protection
 * and deprecation. Messages and limits are AWS's (API reference of each action).
 */
import { SimError } from '../core/contract';
import { xmlChildren } from '../core/xml';
import { ActionEnv, authorizeMutation, dryRunError } from './env';
import { lookupImages } from './images';
import { ImageBlockPublicAccessState, SimImage, World, isPublic } from './model';
import { bool, required } from './query';

/**
 * "The API can take up to 10 minutes to configure this setting. During this time, if you run
 * GetImageBlockPublicAccessState, the response will be" the previous state: the simulator takes the
 * whole 10 minutes (of simulated time), and enforces the setting from then on.
 */
export const BLOCK_PUBLIC_ACCESS_DELAY_MS = 10 * 60_000;

export function blockPublicAccessState(world: World, now: number): ImageBlockPublicAccessState {
  const s = world.imageBlockPublicAccess;
  if (s.target && s.target.at <= now) {
    world.imageBlockPublicAccess = { state: s.target.state };
    return s.target.state;
  }
  return s.state;
}

export function getImageBlockPublicAccessState(env: ActionEnv): string {
  if (bool(env.params, 'DryRun')) throw dryRunError();
  return xmlChildren({ imageBlockPublicAccessState: blockPublicAccessState(env.world, env.ctx.clock.now()), managedBy: 'account' });
}

function setBlockPublicAccess(env: ActionEnv, state: ImageBlockPublicAccessState): string {
  const now = env.ctx.clock.now();
  const current = blockPublicAccessState(env.world, now);
  const pending = env.world.imageBlockPublicAccess.target;
  // Asking again for a change already under way keeps its original deadline; asking for the current state cancels it.
  if (current === state) env.world.imageBlockPublicAccess = { state };
  else if (pending?.state !== state) env.world.imageBlockPublicAccess = { state: current, target: { state, at: now + BLOCK_PUBLIC_ACCESS_DELAY_MS } };
  return xmlChildren({ imageBlockPublicAccessState: state });
}

export function enableImageBlockPublicAccess(env: ActionEnv): string {
  const value = required(env.params, 'ImageBlockPublicAccessState');
  if (value !== 'block-new-sharing') {
    throw new SimError('InvalidParameterValue', `Value (${value}) for parameter imageBlockPublicAccessState is invalid. Valid values: block-new-sharing`);
  }
  authorizeMutation(env, bool(env.params, 'DryRun'));
  return setBlockPublicAccess(env, 'block-new-sharing');
}

export function disableImageBlockPublicAccess(env: ActionEnv): string {
  authorizeMutation(env, bool(env.params, 'DryRun'));
  return setBlockPublicAccess(env, 'unblocked');
}

/** The AMI, the caller's own: others' images answer AuthFailure, as ModifyImageAttribute does. */
function ownedImage(env: ActionEnv): SimImage {
  const [img] = lookupImages(env, [required(env.params, 'ImageId')]);
  return img;
}

function assertOwner(env: ActionEnv, img: SimImage): void {
  if (img.ownerId !== env.ctx.accountId) throw new SimError('AuthFailure', `Not authorized for image:${img.imageId}`);
}

export function enableImageDeregistrationProtection(env: ActionEnv): string {
  const img = ownedImage(env);
  const withCooldown = bool(env.params, 'WithCooldown');
  authorizeMutation(env, bool(env.params, 'DryRun'));
  assertOwner(env, img);
  img.deregistrationProtection = withCooldown ? 'enabled-with-cooldown' : 'enabled-without-cooldown';
  return xmlChildren({ return: 'true' });
}

export function disableImageDeregistrationProtection(env: ActionEnv): string {
  const img = ownedImage(env);
  authorizeMutation(env, bool(env.params, 'DryRun'));
  assertOwner(env, img);
  img.deregistrationProtection = 'disabled';
  return xmlChildren({ return: 'true' });
}

const YEAR = 365 * 86_400_000;

export function enableImageDeprecation(env: ActionEnv): string {
  const img = ownedImage(env);
  const raw = required(env.params, 'DeprecateAt');
  const at = Date.parse(raw);
  if (Number.isNaN(at)) throw new SimError('InvalidParameterValue', `Value (${raw}) for parameter deprecateAt is invalid. Expected: 'YYYY-MM-DDTHH:MM:SSZ'.`);
  authorizeMutation(env, bool(env.params, 'DryRun'));
  assertOwner(env, img);
  const now = env.ctx.clock.now();
  // "If you specify a value for seconds, Amazon EC2 rounds the seconds to the nearest minute."
  const rounded = Math.round(at / 60_000) * 60_000;
  if (rounded < now) throw new SimError('InvalidParameterValue', 'The deprecation time cannot be in the past.');
  const limit = isPublic(img) ? img.creationDate + 2 * YEAR : now + 10 * YEAR;
  if (rounded > limit) {
    throw new SimError(
      'InvalidParameterValue',
      isPublic(img)
        ? `The deprecation time of a public AMI cannot be more than 2 years after its creation date (${new Date(limit).toISOString()}).`
        : 'The deprecation time cannot be more than 10 years from now.',
    );
  }
  img.deprecationTime = rounded;
  return xmlChildren({ return: true });
}

export function disableImageDeprecation(env: ActionEnv): string {
  const img = ownedImage(env);
  authorizeMutation(env, bool(env.params, 'DryRun'));
  assertOwner(env, img);
  img.deprecationTime = undefined;
  return xmlChildren({ return: true });
}
