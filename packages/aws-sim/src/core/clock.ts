import { SimClock } from './contract';

/** The seeded start of simulated time: every fresh or reset simulator begins here. */
export const SIM_EPOCH_START = Date.parse('2026-11-01T12:00:00.000Z');

export interface ControllableClock extends SimClock {
  /** Back to the seeded start; keeps the time scale. */
  reset(): void;
  setTimeScale(scale: number): void;
}

/**
 * Simulated epoch ms = start + offset + real elapsed × timeScale. timeScale 0 = frozen (tests),
 * so only advance() moves it. Monotonic wall clock (performance.now) so system clock jumps don't leak in.
 */
export function createClock(opts: { start?: number; timeScale?: number } = {}): ControllableClock {
  const start = opts.start ?? SIM_EPOCH_START;
  let scale = opts.timeScale ?? 1;
  if (!Number.isFinite(scale) || scale < 0) throw new Error(`invalid timeScale ${scale}`);
  // Simulated time at the moment of the last anchor, and the real time of that anchor.
  let anchorSim = start;
  let anchorReal = performance.now();
  const now = (): number => Math.floor(anchorSim + (performance.now() - anchorReal) * scale);
  const reanchor = (): void => {
    anchorSim = now();
    anchorReal = performance.now();
  };
  return {
    now,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`cannot advance the clock by ${ms} ms`);
      reanchor();
      anchorSim += ms;
    },
    get timeScale() {
      return scale;
    },
    setTimeScale(s: number) {
      if (!Number.isFinite(s) || s < 0) throw new Error(`invalid timeScale ${s}`);
      reanchor();
      scale = s;
    },
    reset() {
      anchorSim = start;
      anchorReal = performance.now();
    },
  };
}
