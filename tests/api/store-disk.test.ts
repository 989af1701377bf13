/**
 * Disk full, caused for real: the database lives on a small tmpfs that the test fills up. Needs root (mount); skipped, saying so, where mounting is not allowed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { call } from "./helpers";

const mnt = mkdtempSync(path.join(os.tmpdir(), "hcinet-tmpfs-"));
function tryMount(): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", mnt], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const mounted = tryMount();
if (!mounted) console.warn("store-disk.test: cannot mount a tmpfs here (not root?): disk-full test skipped");
const url = `file:${path.join(mnt, "test.db")}`;
if (mounted) {
  const r = spawnSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`migrate deploy failed: ${r.stderr}`);
  process.env.DATABASE_URL = url;
}
const networks = await import("@/app/api/networks/route");
const { db } = await import("@/lib/db/client");

const net = (name: string, third: number) => ({
  name,
  vswitchName: "extSwitch",
  ipAddressPrefix: `10.${third}.0.0/24`,
  gateway: `10.${third}.0.1`,
  dnsServers: [`10.${third}.0.1`],
  k8sNodeIpPoolStart: `10.${third}.0.10`,
  k8sNodeIpPoolEnd: `10.${third}.0.99`,
  vipPoolStart: `10.${third}.0.200`,
  vipPoolEnd: `10.${third}.0.230`,
});

afterAll(async () => {
  if (!mounted) return;
  await db().$disconnect().catch(() => undefined);
  spawnSync("umount", ["-l", mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

describe.skipIf(!mounted)("the store on a full disk", () => {
  it("disk full: 507 with a clear message, nothing half-written, and writes work again once space is freed", async () => {
    expect((await call(networks.POST, { json: net("first", 10) })).status).toBe(201);
    const filler = path.join(mnt, "filler");
    // fill the tmpfs to the last byte
    try {
      execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=64k"], { stdio: "ignore" });
    } catch {
      // dd ends with "No space left on device": that is the point
    }
    let full: Awaited<ReturnType<typeof call>> | undefined;
    let failedName = "";
    for (let i = 0; i < 20 && (!full || full.status === 201); i++) {
      failedName = `full${i}`;
      full = await call(networks.POST, { json: net(failedName, 20 + i) });
    }
    expect(full!.status).toBe(507);
    expect(full!.body.error.code).toBe("store_full");
    expect(full!.body.error.message).toMatch(/disk is full/);
    rmSync(filler);
    // the refused network left nothing behind: no row, no audit event
    expect(await db().clusterNetwork.findUnique({ where: { name: failedName } })).toBeNull();
    expect(await db().auditEvent.count({ where: { targetName: failedName } })).toBe(0);
    const again = await call(networks.POST, { json: net("afterfull", 60) });
    expect(again.status).toBe(201);
  });
});
