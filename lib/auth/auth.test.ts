import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password";
import { hashSecret, newSecret, sameSecret } from "./secrets";
import { BASE_MS, FREE, LoginLimiter, MAX_MS } from "./ratelimit";

describe("passwords (scrypt)", () => {
  it("verifies the right password only; salts differ; the stored form names its parameters", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("x", "plain")).toBe(false);
    expect(passwordProblem("short")).toMatch(/12/);
    expect(passwordProblem("long enough pass")).toBeNull();
  });
});

describe("secrets", () => {
  it("are random, stored as SHA-256, compared in constant time", () => {
    const s = newSecret("hcinet_");
    expect(s).toMatch(/^hcinet_[A-Za-z0-9_-]{43}$/);
    expect(newSecret("")).not.toBe(newSecret(""));
    expect(hashSecret(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(sameSecret("abc", "abc")).toBe(true);
    expect(sameSecret("abc", "abd")).toBe(false);
  });
});

describe("sign-in back-off", () => {
  it("allows FREE failures, then locks for BASE_MS doubling each failure up to MAX_MS; success clears", () => {
    let now = 1_000_000;
    const l = new LoginLimiter(() => now);
    const k = ["user:a", "addr:1"];
    for (let i = 0; i < FREE - 1; i++) l.fail(k);
    expect(l.retryAfter(k)).toBe(0);
    l.fail(k);
    expect(l.retryAfter(k)).toBe(BASE_MS);
    now += BASE_MS;
    expect(l.retryAfter(k)).toBe(0);
    l.fail(k);
    expect(l.retryAfter(k)).toBe(2 * BASE_MS);
    for (let i = 0; i < 30; i++) l.fail(k);
    expect(l.retryAfter(k)).toBe(MAX_MS);
    l.succeed(["user:a"]);
    expect(l.retryAfter(["user:a"])).toBe(0);
    expect(l.retryAfter(["addr:1"])).toBe(MAX_MS);
  });
});
