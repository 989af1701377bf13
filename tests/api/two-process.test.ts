/**
 * Two server processes on one SQLite file, hammered at once with applies and deletes of LoadBalancer Services: no
 * address is handed out twice, and every request either succeeded or got a clean 409/503.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenFor, useTempDatabase } from "./helpers";

useTempDatabase();
process.env.HCINET_DB_BUSY_TIMEOUT_MS = "10000";
const networks = await import("@/app/api/networks/route");
const clusters = await import("@/app/api/clusters/route");
const services = await import("@/app/api/clusters/[name]/services/route");
const allocations = await import("@/app/api/networks/[name]/allocations/route");

async function runChild(prefix: string, count: number): Promise<number[]> {
  // the child process calls the handlers with a real admin API token of this database
  const env = { ...process.env, HCINET_TEST_TOKEN: await tokenFor("admin") };
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/api/fixtures/hammer-child.ts"), prefix, String(count)], { env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  return new Promise((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`child exited ${code}`)))));
}

describe("two processes on one database", () => {
  beforeAll(async () => {
    const net = { name: "sharednet", vswitchName: "s", ipAddressPrefix: "10.60.0.0/23", gateway: "10.60.0.1", dnsServers: ["10.60.0.1"], k8sNodeIpPoolStart: "10.60.0.10", k8sNodeIpPoolEnd: "10.60.0.99", vipPoolStart: "10.60.1.0", vipPoolEnd: "10.60.1.250" };
    expect((await call(networks.POST, { json: net })).status).toBe(201);
    expect((await call(clusters.POST, { json: { name: "shared", vnet: "sharednet", nodePools: [{ name: "pool", count: 1 }] } })).status).toBe(201);
  });

  it("parallel applies and deletes from two processes: no address twice, only 2xx / 409 / 503", async () => {
    const [a, b] = await Promise.all([runChild("a", 40), runChild("b", 40)]);
    const all = [...a, ...b];
    expect(all.length).toBeGreaterThanOrEqual(80);
    for (const s of all) expect([200, 409, 503]).toContain(s);
    expect(all.filter((s) => s === 200).length).toBeGreaterThan(40);
    const rows = (await call(services.GET, { params: { name: "shared" } })).body as { name: string; clusterIP: string | null; loadBalancerIP: string | null }[];
    const vips = rows.map((r) => r.loadBalancerIP).filter(Boolean);
    const cips = rows.map((r) => r.clusterIP).filter(Boolean);
    expect(new Set(vips).size).toBe(vips.length);
    expect(new Set(cips).size).toBe(cips.length);
    const addrs = ((await call(allocations.GET, { params: { name: "sharednet" } })).body as { address: string }[]).map((x) => x.address);
    expect(new Set(addrs).size).toBe(addrs.length);
  }, 120_000);
});
