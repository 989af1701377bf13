import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  delete process.env.HCINET_STALL_LOG_MS;
  vi.resetModules();
  vi.restoreAllMocks();
});

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe("stall diagnostics (HCINET_STALL_LOG_MS)", () => {
  it("logs a blocked event loop with the phase that was running, and a slow step with its duration", async () => {
    process.env.HCINET_STALL_LOG_MS = "20";
    const { logger } = await import("./log");
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const { markPhase, timeStep } = await import("./stalls");
    await new Promise((r) => setTimeout(r, 30)); // the monitor's first tick
    markPhase("objects");
    busy(80);
    await timeStep("commit", async () => busy(60));
    await new Promise((r) => setTimeout(r, 40));
    const calls = warn.mock.calls.map((c) => c[0] as Record<string, unknown>);
    expect(calls.some((c) => c.step === "commit" && Number(c.ms) >= 60)).toBe(true);
    expect(calls.some((c) => Number(c.stallMs) >= 140 && String(c.phases).includes("objects → commit → after commit"))).toBe(true);
  });

  it("is off (logs nothing) without the variable", async () => {
    const { logger } = await import("./log");
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const { markPhase, timeStep } = await import("./stalls");
    markPhase("objects");
    busy(50);
    await timeStep("commit", async () => busy(30));
    await new Promise((r) => setTimeout(r, 20));
    expect(warn).not.toHaveBeenCalled();
  });
});
