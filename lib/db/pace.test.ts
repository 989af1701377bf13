import { describe, expect, it } from "vitest";
import { pacer } from "./pace";

describe("pacer", () => {
  it("costs nothing within a slice, hands the event loop back after it, and stops an aborted request there", async () => {
    const ctl = new AbortController();
    const pace = pacer(ctl.signal, 5);
    expect(pace()).toBeUndefined();
    const until = performance.now() + 20;
    while (performance.now() < until) {
      // busy: a long synchronous stretch
    }
    const yielded = pace();
    expect(yielded).toBeInstanceOf(Promise);
    await yielded;
    expect(pace()).toBeUndefined(); // a new slice starts after the yield
    ctl.abort();
    const until2 = performance.now() + 10;
    while (performance.now() < until2) {
      // busy again
    }
    await expect(pace()).rejects.toMatchObject({ code: "store_cancelled" });
  });
});
