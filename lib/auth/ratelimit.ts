/**
 * Sign-in rate limiting with exponential back-off, per account and per client address. After FREE failures a key is
 * locked for BASE_MS × 2^(failures − FREE), capped at MAX_MS; a success clears the account's key. In memory (one
 * server process); the clock is injectable for tests.
 */
export const FREE = 5;
export const BASE_MS = 1000;
export const MAX_MS = 15 * 60 * 1000;

interface Entry {
  failures: number;
  lockedUntil: number;
  lastAt: number;
}

export class LoginLimiter {
  private entries = new Map<string, Entry>();
  constructor(private now: () => number = Date.now) {}

  /** milliseconds the caller must still wait (0 = may try) for the worst of the given keys */
  retryAfter(keys: string[]): number {
    const t = this.now();
    let wait = 0;
    for (const k of keys) {
      const e = this.entries.get(k);
      if (e && e.lockedUntil > t) wait = Math.max(wait, e.lockedUntil - t);
    }
    return wait;
  }

  fail(keys: string[]): void {
    const t = this.now();
    for (const k of keys) {
      const e = this.entries.get(k) ?? { failures: 0, lockedUntil: 0, lastAt: t };
      // failures older than the maximum lock are forgotten
      if (t - e.lastAt > MAX_MS) e.failures = 0;
      e.failures++;
      e.lastAt = t;
      if (e.failures >= FREE) e.lockedUntil = t + Math.min(MAX_MS, BASE_MS * 2 ** (e.failures - FREE));
      this.entries.set(k, e);
    }
    if (this.entries.size > 100_000) this.prune();
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.entries.delete(k);
  }

  private prune(): void {
    const t = this.now();
    for (const [k, e] of this.entries) if (t - e.lastAt > MAX_MS) this.entries.delete(k);
  }
}

const g = globalThis as unknown as { hcinetLoginLimiter?: LoginLimiter };
export function loginLimiter(): LoginLimiter {
  g.hcinetLoginLimiter ??= new LoginLimiter();
  return g.hcinetLoginLimiter;
}
