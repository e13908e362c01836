/**
 * The simulator's one source of randomness: mulberry32, a tiny seedable PRNG, so the same seed
 * always builds the same world. Deterministic world generation only — never crypto.
 */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, maxInclusive]. */
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Weighted choice: entries [value, weight]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of entries) {
      r -= w;
      if (r < 0) return v;
    }
    return entries[entries.length - 1][0];
  }

  /** `n` hex digits, one draw each. */
  hex(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }

  /** 8 hex digits from one draw. */
  hex8(): string {
    return Math.floor(this.next() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  }

  /** RFC 4122 v4-shaped UUID (36 chars). */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16], 16) & 3];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** FNV-1a 32-bit hash: per-entity deterministic attributes without drawing from a stream. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `n` upper-case letters and digits derived from `label` (IAM-style unique ids: AIDA…, AROA…). */
export function stableAlnum(label: string, n: number): string {
  const rng = new Prng(hash32(label));
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  for (let i = 0; i < n; i++) out += rng.pick([...chars]);
  return out;
}

/** An independent stream for one part of a world, so adding to one part never shifts another's ids. */
export function subStream(seed: number, label: string): Prng {
  return new Prng((seed ^ hash32(label)) >>> 0);
}

/**
 * A 17-hex-digit AWS-style resource id (`i-0…`, `ami-0…`): a random part + the index, so ids are
 * unique within a kind and stable for a seed.
 */
export function awsId(prefix: string, rng: Prng, index: number): string {
  // Multiplying by an odd constant is a bijection on 32-bit integers: unique, yet random-looking.
  const mixed = Math.imul(index >>> 0, 0x9e3779b1) >>> 0;
  return `${prefix}-0${rng.hex8()}${mixed.toString(16).padStart(8, '0')}`;
}
