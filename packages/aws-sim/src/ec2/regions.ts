/**
 * DescribeRegions: the regions the account has enabled; with `AllRegions=true` also the opt-in
 * regions it has not (`not-opted-in`). Filters `region-name`, `endpoint`, `opt-in-status`.
 */
import { SimError } from '../core/contract';
import { xmlChildren } from '../core/xml';
import { ActionEnv, dryRunError } from './env';
import { compileFilters } from './filters';
import { bool, filters, list } from './query';

const endpoint = (region: string) => `ec2.${region}.amazonaws.com`;

export function describeRegions(env: ActionEnv): string {
  const { params, ctx } = env;
  const names = list(params, 'RegionName');
  const all = bool(params, 'AllRegions');
  const pred = compileFilters<{ name: string; optInStatus: string; tags: [] }>(filters(params), {
    'region-name': (r) => r.name,
    endpoint: (r) => endpoint(r.name),
    'opt-in-status': (r) => r.optInStatus,
  });
  if (bool(params, 'DryRun')) throw dryRunError();
  const known = ctx.regions.map((r) => ({ ...r, tags: [] as [] }));
  for (const n of names ?? []) {
    if (!known.some((r) => r.name === n)) throw new SimError('InvalidParameterValue', `Invalid region: ${n}`);
  }
  // Named regions are listed whatever their status; otherwise disabled ones only with AllRegions.
  const listed = names ? known.filter((r) => names.includes(r.name)) : all ? known : known.filter((r) => r.optInStatus !== 'not-opted-in');
  return xmlChildren({ regionInfo: listed.filter(pred).map((r) => ({ regionName: r.name, regionEndpoint: endpoint(r.name), optInStatus: r.optInStatus })) });
}
