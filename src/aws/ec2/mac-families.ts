/**
 * Every EC2 Mac instance family, in one table: whether it is a Mac, and whether it is Apple silicon
 * (whose Mac modification tasks need MacCredentials). Names as in the EC2 API's InstanceType enum.
 */
export interface MacFamily {
  instanceType: string;
  chip: string;
  appleSilicon: boolean;
}

export const MAC_FAMILIES: readonly MacFamily[] = [
  { instanceType: 'mac1.metal', chip: 'Intel Core i7 (Mac mini 2018)', appleSilicon: false },
  { instanceType: 'mac2.metal', chip: 'Apple M1', appleSilicon: true },
  { instanceType: 'mac2-m1ultra.metal', chip: 'Apple M1 Ultra', appleSilicon: true },
  { instanceType: 'mac2-m2.metal', chip: 'Apple M2', appleSilicon: true },
  { instanceType: 'mac2-m2pro.metal', chip: 'Apple M2 Pro', appleSilicon: true },
  { instanceType: 'mac-m3ultra.metal', chip: 'Apple M3 Ultra', appleSilicon: true },
  { instanceType: 'mac-m4.metal', chip: 'Apple M4', appleSilicon: true },
  { instanceType: 'mac-m4pro.metal', chip: 'Apple M4 Pro', appleSilicon: true },
  { instanceType: 'mac-m4max.metal', chip: 'Apple M4 Max', appleSilicon: true },
];

const BY_TYPE = new Map(MAC_FAMILIES.map((f) => [f.instanceType, f]));

/** Every Mac type starts with `mac` (EC2 filter `mac*` finds them all, including types newer than this table). */
export function isMacInstanceType(instanceType: string): boolean {
  return instanceType.startsWith('mac');
}

/**
 * Apple silicon: from the table; a Mac type AWS adds later is assumed Apple silicon (every Mac
 * family since mac1 is), rather than silently treated as x86.
 */
export function isAppleSiliconInstanceType(instanceType: string): boolean {
  if (!isMacInstanceType(instanceType)) return false;
  return BY_TYPE.get(instanceType)?.appleSilicon ?? true;
}
