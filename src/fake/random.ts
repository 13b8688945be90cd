// Seeded pseudo-random numbers and Close-style ids, so the same seed always yields the same organisation.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE62_CODES = Array.from(BASE62, (char) => char.charCodeAt(0));

/** A small, fast, seedable generator (sfc32). Not for cryptography. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    // Warm up so that nearby seeds diverge.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `weighted([['a', 3], ['b', 1]])` yields 'a' three times as often. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1][0];
  }

  base62(length: number): string {
    // Five characters per 32-bit draw and one string per id: generating 100,000 opportunities stays cheap.
    const codes = new Array<number>(length);
    let bits = 0;
    let left = 0;
    for (let i = 0; i < length; i++) {
      if (left === 0) {
        bits = Math.floor(this.next() * 4294967296);
        left = 5;
      }
      codes[i] = BASE62_CODES[bits % 62];
      bits = Math.floor(bits / 62);
      left--;
    }
    return String.fromCharCode(...codes);
  }

  /** A Close-style id: `oppo_` + 43 base62 characters (pipelines use 22). */
  id(prefix: string, length = 43): string {
    return `${prefix}_${this.base62(length)}`;
  }
}
