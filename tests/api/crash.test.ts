/** SIGKILL in the middle of a large apply: after the crash the cluster holds all of it or none of it. */
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const networks = await import("@/app/api/networks/route");
const clusters = await import("@/app/api/clusters/route");
const apply = await import("@/app/api/clusters/[name]/apply/route");
const { db } = await import("@/lib/db/client");

describe("crash during an apply", () => {
  beforeAll(async () => {
    const net = { name: "crashnet", vswitchName: "s", ipAddressPrefix: "10.50.0.0/24", gateway: "10.50.0.1", dnsServers: ["10.50.0.1"], k8sNodeIpPoolStart: "10.50.0.10", k8sNodeIpPoolEnd: "10.50.0.99", vipPoolStart: "10.50.0.200", vipPoolEnd: "10.50.0.250" };
    expect((await call(networks.POST, { json: net })).status).toBe(201);
    expect((await call(clusters.POST, { json: { name: "crash", vnet: "crashnet", nodePools: [{ name: "pool", count: 1 }] } })).status).toBe(201);
  });

  it("SIGKILL mid-apply leaves all or nothing, and the database takes writes afterwards", async () => {
    const count = () => db().kubeObject.count({ where: { cluster: { name: "crash" }, kind: "ConfigMap" } });
    const before = await count();
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/api/fixtures/apply-child.ts"), "20000"], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    const exited = new Promise((r) => child.on("exit", r));
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes("started") && !child.killed) {
          setTimeout(() => child.kill("SIGKILL"), 30); // the write path is fast now: kill soon after the transaction began
          resolve();
        }
      });
      child.on("exit", () => resolve());
    });
    await exited;
    expect(out).not.toContain("committed"); // killed mid-way (else the test proves nothing)
    const after = await count();
    expect([before, before + 20000]).toContain(after);
    const r = await call(apply.POST, { path: "/api/clusters/crash/apply", params: { name: "crash" }, body: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: after-crash}\ndata: {k: v}", headers: { "content-type": "application/yaml" } });
    expect(r.status).toBe(200);
  }, 60_000);
});
