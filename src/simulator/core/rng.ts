/** mulberry32: a tiny, fast, seedable PRNG. Deterministic world generation only (not crypto). */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

export function intBetween(rng: Rng, min: number, maxInclusive: number): number {
  return min + Math.floor(rng() * (maxInclusive - min + 1));
}

/** Weighted choice: entries [value, weight]. */
export function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of entries) {
    r -= w;
    if (r < 0) return v;
  }
  return entries[entries.length - 1][0];
}

/** 8 hex chars from the PRNG. */
export function hex8(rng: Rng): string {
  return Math.floor(rng() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
}

/**
 * A 17-hex-digit AWS-style resource id suffix (`i-0…`, `ami-0…`): random part + index, so ids
 * are unique within a kind and stable for a seed.
 */
export function awsId(prefix: string, rng: Rng, index: number): string {
  // Multiplying by an odd constant is a bijection on 32-bit integers: unique, yet random-looking.
  const mixed = Math.imul(index >>> 0, 0x9e3779b1) >>> 0;
  return `${prefix}-0${hex8(rng)}${mixed.toString(16).padStart(8, '0')}`;
}
