import type { Filter } from '@aws-sdk/client-ec2';
import { isMacInstanceType } from './mac-families';

/**
 * The typed, GraphQL-agnostic filters the EC2 facade takes, and their EC2 `Filter` lists. Values
 * are EC2's own spellings (`running`, `in-progress`, `sip-modification`); the callers validate
 * (id shapes, value counts) and translate their own enums before calling.
 */
export interface InstanceQuery {
  instanceIds?: string[];
  /** EC2 `instance-state-name` values. */
  states?: string[];
  instanceTypes?: string[];
  macOnly?: boolean;
  imageIds?: string[];
  /** A tag with values matches any of them; without values, any instance carrying the key. */
  tags?: Array<{ key: string; values?: string[] | null }>;
}

export interface ImageQuery {
  imageIds?: string[];
  /** `self`, `amazon`, `aws-marketplace` or account ids (DescribeImages `Owners`). */
  owners?: string[];
  names?: string[];
  public?: boolean;
}

export interface MacTaskQuery {
  instanceIds?: string[];
  /** `pending`, `in-progress`, `successful`, `failed`. */
  states?: string[];
  /** `sip-modification`, `volume-ownership-delegation`. */
  taskTypes?: string[];
}

export interface HostQuery {
  /** AllocationState values: `available`, `pending`, `released`, … */
  states?: string[];
  /** Mac instance types; absent = every Mac type. */
  instanceTypes?: string[];
  availabilityZones?: string[];
}

/** DescribeHosts filters for Mac hosts: `mac*` covers every Mac type, present and future. */
export function hostFilters(q: HostQuery): Filter[] {
  const filters: Filter[] = [{ Name: 'instance-type', Values: q.instanceTypes?.length ? q.instanceTypes : ['mac*'] }];
  if (q.states) filters.push({ Name: 'state', Values: q.states });
  if (q.availabilityZones) filters.push({ Name: 'availability-zone', Values: q.availabilityZones });
  return filters;
}

/** EC2 filters for an instance query; `null` when it can match nothing (so no call is made). */
export function instanceFilters(q: InstanceQuery): Filter[] | null {
  const filters: Filter[] = [];
  const add = (Name: string, Values: string[] | undefined) => {
    if (Values) filters.push({ Name, Values });
  };
  add('instance-id', q.instanceIds);
  add('instance-state-name', q.states);
  add('image-id', q.imageIds);
  let types = q.instanceTypes;
  if (q.macOnly) {
    // EC2 filter values take wildcards; `mac*` covers every Mac family, present and future.
    types = types ? types.filter(isMacInstanceType) : ['mac*'];
    if (types.length === 0) return null;
  }
  add('instance-type', types);
  for (const tag of q.tags ?? []) {
    if (tag.values?.length) filters.push({ Name: `tag:${tag.key}`, Values: tag.values });
    else filters.push({ Name: 'tag-key', Values: [tag.key] });
  }
  return filters;
}

/** How many EC2 filters a query makes (EC2 takes at most 50), for the callers' validation. */
export function instanceFilterCount(q: InstanceQuery): number {
  return [q.instanceIds, q.states, q.imageIds, q.instanceTypes ?? (q.macOnly ? ['mac*'] : undefined)].filter(Boolean).length + (q.tags?.length ?? 0);
}

export function imageFilters(q: ImageQuery): Filter[] {
  const filters: Filter[] = [];
  if (q.imageIds) filters.push({ Name: 'image-id', Values: q.imageIds });
  if (q.names) filters.push({ Name: 'name', Values: q.names });
  if (q.public !== undefined && q.public !== null) filters.push({ Name: 'is-public', Values: [String(q.public)] });
  return filters;
}

export function macTaskFilters(q: MacTaskQuery): Filter[] {
  const filters: Filter[] = [];
  if (q.instanceIds) filters.push({ Name: 'instance-id', Values: q.instanceIds });
  if (q.states) filters.push({ Name: 'task-state', Values: q.states });
  if (q.taskTypes) filters.push({ Name: 'task-type', Values: q.taskTypes });
  return filters;
}
