import { Caller, ServiceContext, SimError } from '../core/contract';
import { Params } from './query';
import { World } from './model';

/** What an action handler gets. */
export interface ActionEnv {
  world: World;
  ctx: ServiceContext;
  caller: Caller;
  params: Params;
  action: string;
}

export type ActionHandler = (env: ActionEnv) => string;

/** UnauthorizedOperation for the read-only key, then DryRunOperation — AWS's order, after validation. */
export function authorizeMutation(env: ActionEnv, dryRun: boolean): void {
  if (!env.caller.canWrite) {
    throw new SimError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
  }
  if (dryRun) throw dryRunError();
}

export function dryRunError(): SimError {
  return new SimError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
}
