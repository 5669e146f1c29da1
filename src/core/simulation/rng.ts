/**
 * xoshiro128** (Blackman and Vigna): a fast seeded PRNG with 128 bits of state, seeded through
 * splitmix32; exponential and gamma variates for service times.
 */

/** splitmix32 step: a well-mixed 32-bit value from any integer. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The seed of replication r for a user seed. */
export function replicationSeed(seed: number, r: number): number {
  const s = Number.isFinite(seed) ? Math.floor(seed) : 1;
  return mix32(mix32(s | 0) ^ mix32(((s / 4294967296) | 0) + 0x51ed27) ^ Math.imul(r + 1, 0x27d4eb2f));
}

export class Rng {
  private readonly s = new Int32Array(4);
  private spare = NaN;

  constructor(seed: number) {
    let x = seed | 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x6d2b79f5) | 0;
      this.s[i] = mix32(x);
    }
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
  }

  /** Uniform in [0, 1). */
  next(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]!;
    const s3 = s[3]!;
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return (r >>> 0) / 4294967296;
  }

  /** Exponential with this mean. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal (polar method, one spare kept). */
  normal(): number {
    if (this.spare === this.spare) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    let u: number;
    let v: number;
    let q: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    this.spare = v * f;
    return u * f;
  }

  /** Gamma with shape a > 0 and scale 1 (Marsaglia and Tsang; boosted below shape 1). */
  gamma(a: number): number {
    if (a < 1) {
      const u = this.next();
      return this.gamma(a + 1) * Math.pow(u === 0 ? Number.MIN_VALUE : u, 1 / a);
    }
    const d = a - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** A service time of this mean and coefficient of variation (1: exponential, 0: constant). */
  service(mean: number, cv: number): number {
    if (cv === 1) return this.exp(mean);
    if (cv <= 0) return mean;
    const shape = 1 / (cv * cv);
    return this.gamma(shape) * mean * cv * cv;
  }
}
