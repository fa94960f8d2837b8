/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on
 * every run and machine, which is what makes a simulated delivery reproducible.
 */
export type Random = () => number;

/** Text seeds are hashed (FNV-1a) to a 32-bit number. */
export function seedNumber(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

export function seededRandom(seed: number | string): Random {
  let state = seedNumber(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An element picked uniformly. */
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
